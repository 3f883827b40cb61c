"""Rules of bodies, seats and meetings that the API and pages rely on."""

from __future__ import annotations

import jdatetime
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from kanoon.assemblies import services as assemblies
from kanoon.assemblies.models import Level, Problem
from kanoon.meetings import selectors, services
from kanoon.meetings.models import Seat
from tests.scoped import is_persian

from .conftest import future, members, past, working_group


def test_a_body_cannot_be_deactivated_with_a_meeting_ahead(territory):
    body = working_group(territory.tehran)
    meeting = services.meeting_schedule(actor=None, body=body, title="نشست", starts_at=future(), place="x")
    with pytest.raises(ValidationError) as error:
        services.body_update(actor=None, body=body, is_active=False)
    assert is_persian(error.value.message_dict["is_active"])
    services.meeting_cancel(actor=None, meeting=meeting)
    assert services.body_update(actor=None, body=body, is_active=False).is_active is False
    with pytest.raises(ValidationError):
        services.meeting_schedule(actor=None, body=body, title="نشست", starts_at=future(), place="x")


def test_seats_follow_the_catalog_of_their_body_kind(territory):
    body = working_group(territory.tehran)
    assert services.seat_create(actor=None, body=body, group="chair").label == "رئیس"
    with pytest.raises(ValidationError) as error:
        services.seat_create(actor=None, body=body, group="government")  # an assembly's group
    assert "group" in error.value.message_dict
    assembly = assemblies.assembly_create(actor=None, level=Level.COUNTY, unit=territory.rey_county)
    seat = assemblies.seat_create(actor=None, assembly=assembly, kind="welfare", title="اداره")
    assert (seat.group, seat.body_id, seat.label) == (
        "government",
        assembly.body_id,
        "نمایندهٔ بهزیستی (اداره)",
    )
    with pytest.raises(ValidationError):
        services.seat_create(actor=None, body=assembly.body, group="member")  # needs a catalog title
    assert Seat.objects.filter(body=body).count() == 1


def test_the_quorum_is_more_than_a_percent_or_a_fixed_count(territory):
    body = working_group(territory.tehran, quorum_percent=60)
    people = members(body, ["chair", "member", "member", "member", "member"])
    meeting = services.meeting_schedule(actor=None, body=body, title="نشست", starts_at=past(), place="x")
    services.meeting_record_attendance(actor=None, meeting=meeting, present=[p.pk for p in people[:3]])
    q = selectors.meeting_quorum(meeting)
    assert (q.members, q.present, q.required, q.met) == (5, 3, 4, False)  # more than 60% of 5 = 4
    services.meeting_update(actor=None, meeting=meeting, quorum_count=3)
    assert selectors.meeting_quorum(meeting).met


def test_an_agenda_item_about_a_problem_links_to_it_on_the_assembly_meeting_page(web, territory, insider):
    assembly = assemblies.assembly_create(actor=None, level=Level.PROVINCE, unit=territory.tehran)
    problem = assemblies.problem_register(actor=None, assembly=assembly, title="آب", description="شرح")
    meeting = assemblies.meeting_schedule(
        actor=None, assembly=assembly, title="نشست", starts_at=future(), place="x", agenda=["آب", "پسماند"]
    )
    item = meeting.agenda.get(title="آب")
    item.subject_type = ContentType.objects.get_for_model(Problem)
    item.subject_id = problem.pk
    item.save()
    assert item.subject == problem
    html = web(insider).get(f"/assemblies/meetings/{meeting.pk}/").content.decode()
    assert html.count(f"/assemblies/problems/{problem.pk}/") == 1


def test_the_calendar_shows_every_kind_of_body_with_its_own_page(web, territory, insider):
    assembly = assemblies.assembly_create(actor=None, level=Level.PROVINCE, unit=territory.tehran)
    when = timezone.localtime(future())
    a = assemblies.meeting_schedule(actor=None, assembly=assembly, title="مجمع", starts_at=when, place="x")
    group = working_group(territory.tehran_county)
    b = services.meeting_schedule(actor=None, body=group, title="کارگروه", starts_at=when, place="x")
    month = jdatetime.date.fromgregorian(date=when.date())
    html = web(insider).get("/meetings/calendar/", {"month": f"{month.year}-{month.month}"}).content.decode()
    assert f"/assemblies/meetings/{a.pk}/" in html and f"/meetings/{b.pk}/" in html
    only_assemblies = web(insider).get("/assemblies/calendar/", {"month": f"{month.year}-{month.month}"})
    assert f"/meetings/{b.pk}/" not in only_assemblies.content.decode().replace(
        f"/assemblies/meetings/{a.pk}/", ""
    )
