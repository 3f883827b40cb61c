"""Editing a meeting keeps its agenda items: changed in place or marked removed, never deleted,
every version in the history (issue 8, item 13)."""

from __future__ import annotations

from kanoon.assemblies import services
from kanoon.assemblies.models import AgendaItem

from .conftest import future


def test_it_edits_agenda_items_in_place_and_keeps_their_history(api, chain, insider):
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسه",
        starts_at=future(),
        place="مسجد",
        agenda=["آب آشامیدنی", "پسماند", "تغذیه"],
    )
    ids_before = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    response = api(insider).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"agenda": ["آب آشامیدنی", "سلامت روان"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["agenda_items"] == ["آب آشامیدنی", "سلامت روان"]
    # nothing was hard-deleted: every item is still there, the dropped one marked removed
    assert set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True)) >= ids_before
    assert list(meeting.agenda.current().values_list("title", flat=True)) == ["آب آشامیدنی", "سلامت روان"]
    # the old texts are recoverable from history, with who changed them
    old_titles = set(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("title", flat=True))
    assert {"آب آشامیدنی", "پسماند", "تغذیه", "سلامت روان"} <= old_titles
    assert not AgendaItem.history.filter(meeting_id=meeting.pk, history_type="-").exists()
    assert AgendaItem.history.filter(meeting_id=meeting.pk, history_type="~", history_user=insider).exists()
    # the page and the minutes show the current agenda only
    page = api(insider).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert page["agenda_items"] == ["آب آشامیدنی", "سلامت روان"]


def test_it_shows_only_the_current_agenda_on_the_meeting_page(web, chain, insider):
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسه",
        starts_at=future(),
        place="مسجد",
        agenda=["پسماند"],
    )
    services.meeting_update(actor=None, meeting=meeting, agenda=["آب"])
    html = web(insider).get(f"/assemblies/meetings/{meeting.pk}/").content.decode()
    agenda = html.split("دستور جلسه</h2>", 1)[1].split("</ol>", 1)[0]  # the history panel names both
    assert "آب" in agenda and "پسماند" not in agenda
    assert AgendaItem.history.filter(meeting_id=meeting.pk, title="پسماند").exists()
