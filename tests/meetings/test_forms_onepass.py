"""Meetings (issue 10, point 5): a time already past is refused unless the user says they are
recording a held meeting («ثبت جلسهٔ برگزارشده»), on the page and in the API; attendance is an
explicit «حاضر»/«غایب» per seat holder — nobody is absent by default, and a partly filled form
saves nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kanoon.core import jalali
from kanoon.meetings import services
from kanoon.meetings.models import Attendance, Meeting

from .conftest import members, past, working_group


def _form(when: dt.datetime, **extra) -> dict:
    local = timezone.localtime(when)
    return {
        "title": "نشست فصلی",
        "date": jalali.format_date(local.date(), persian_digits=False),
        "time": local.strftime("%H:%M"),
        "place": "استانداری",
        "quorum_percent": "50",
        **extra,
    }


def test_the_page_refuses_a_past_time_unless_a_held_meeting_is_being_recorded(web, territory, insider):
    body = working_group(territory.tehran)
    client = web(insider)
    url = f"/meetings/bodies/{body.pk}/meetings/new/"
    yesterday = timezone.now() - dt.timedelta(days=1)
    response = client.post(url, _form(yesterday))
    assert response.status_code == 200 and not Meeting.objects.exists()
    errors = response.context["form"].errors
    assert "این زمان گذشته است" in errors["date"][0] and "ثبت جلسهٔ برگزارشده" in errors["date"][0]
    assert "ثبت جلسهٔ برگزارشده" in response.content.decode()  # the checkbox is on the form
    response = client.post(url, _form(yesterday, record_past="on"))
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at < timezone.now()


def test_the_page_refuses_a_future_meeting_marked_as_held(web, territory, insider):
    body = working_group(territory.tehran)
    response = web(insider).post(
        f"/meetings/bodies/{body.pk}/meetings/new/",
        _form(timezone.now() + dt.timedelta(days=3), record_past="on"),
    )
    assert response.status_code == 200 and "record_past" in response.context["form"].errors
    assert not Meeting.objects.exists()
    ok = web(insider).post(
        f"/meetings/bodies/{body.pk}/meetings/new/", _form(timezone.now() + dt.timedelta(days=3))
    )
    assert ok.status_code == 302


def test_the_api_refuses_a_past_time_unless_record_past(api, territory, insider):
    body = working_group(territory.tehran)
    payload = {
        "body": body.pk,
        "title": "نشست",
        "starts_at": (timezone.now() - dt.timedelta(days=2)).isoformat(),
        "place": "استانداری",
    }
    response = api(insider).post("/api/v1/meetings/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert "این زمان گذشته است" in response.json()["errors"]["starts_at"][0]
    assert not Meeting.objects.exists()
    response = api(insider).post("/api/v1/meetings/", {**payload, "record_past": True}, format="json")
    assert response.status_code == 201, response.json()
    assert "record_past" not in response.json()


def _held(territory):
    body = working_group(territory.tehran)
    people = members(body, ["chair", "secretary", "member"])
    meeting = services.meeting_schedule(
        actor=None, body=body, title="نشست", starts_at=past(), place="استانداری"
    )
    return meeting, people


def test_the_attendance_form_asks_for_a_choice_per_person_and_preselects_nothing(web, territory, insider):
    meeting, people = _held(territory)
    html = web(insider).get(f"/meetings/{meeting.pk}/").content.decode()
    for person in people:
        assert f'name="att_{person.pk}" value="present"' in html
        assert f'name="att_{person.pk}" value="absent"' in html
    assert "checked" not in html.split("حضور و غیاب", 1)[1].split("</form>", 1)[0]
    assert html.count(">ثبت نشده</div>") == len(people)


def test_a_partly_filled_attendance_form_saves_nothing_and_names_who_is_left(web, territory, insider):
    meeting, people = _held(territory)
    client = web(insider)
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {f"att_{people[0].pk}": "present", f"att_{people[1].pk}": "absent"},
        follow=True,
    )
    html = response.content.decode()
    assert "«حاضر» یا «غایب» را برگزینید" in html and people[2].full_name in html
    assert not Attendance.objects.filter(meeting=meeting).exists()
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {f"att_{people[0].pk}": "present", f"att_{people[1].pk}": "absent", f"att_{people[2].pk}": "present"},
    )
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    assert recorded == {people[0].pk: True, people[1].pk: False, people[2].pk: True}
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'id="att-{people[1].pk}-a" checked' in page and f'id="att-{people[0].pk}-p" checked' in page
