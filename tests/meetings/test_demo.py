"""The meetings demo: a working group and the implementers' weekly expert meeting, each with
members, a held meeting with resolutions under follow-up and the next meeting; idempotent."""

from __future__ import annotations

import io
from types import SimpleNamespace

from kanoon.core import jalali
from kanoon.core.registry import demo_loaders
from kanoon.meetings import demo, selectors
from kanoon.meetings.models import Body, Meeting, MeetingStatus, Resolution
from tests.centers.conftest import make_person


def test_it_loads_a_working_group_and_a_weekly_expert_meeting_once(territory):
    for _ in range(14):
        make_person(territory.yousefabad)
    command = SimpleNamespace(stdout=io.StringIO())
    assert "meetings" in demo_loaders.names()
    demo.load(command)
    group = Body.objects.get(name=demo.WORKING_GROUP)
    weekly = Body.objects.get(name=demo.EXPERT_MEETING)
    assert (group.kind, weekly.kind, group.unit, weekly.quorum_count) == (
        "working_group",
        "expert_meeting",
        territory.tehran,
        3,
    )
    for body, size in ((group, 7), (weekly, 5)):
        assert len(selectors.current_terms(body, jalali.today())) == size
        held = body.meetings.get(status=MeetingStatus.HELD)
        assert selectors.meeting_quorum(held).met and held.resolutions.exists()
        assert body.meetings.filter(status=MeetingStatus.SCHEDULED).count() == 1
    assert any(r.is_overdue for r in selectors.resolutions_followup(group))
    counts = (Body.objects.count(), Meeting.objects.count(), Resolution.objects.count())
    demo.load(command)
    assert (Body.objects.count(), Meeting.objects.count(), Resolution.objects.count()) == counts
    assert "already loaded" in command.stdout.getvalue()
