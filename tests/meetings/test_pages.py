"""Pages of bodies and meetings (/meetings/) for a working group and the implementers' weekly
expert meeting, with insider, read-only and outsider users and a user with roles in two places."""

from __future__ import annotations

import pytest

from kanoon.core import jalali, scope
from kanoon.meetings import services
from kanoon.meetings.models import Body, Meeting, MeetingStatus
from tests.conftest import make_user
from tests.scoped import is_persian

from .conftest import expert_meeting, future, members, past, working_group


@pytest.fixture
def bodies(territory):
    group = working_group(territory.tehran)
    people = members(group, ["chair", "secretary", "member"])
    held = services.meeting_schedule(
        actor=None, body=group, title="نشست فصلی", starts_at=past(), place="استانداری"
    )
    weekly = expert_meeting(territory.isfahan)
    other = services.meeting_schedule(
        actor=None, body=weekly, title="هفتگی", starts_at=future(), online_link="https://meet.example.ir/w"
    )
    return group, people, held, weekly, other


def urls(body, meeting) -> list[str]:
    return [f"/meetings/bodies/{body.pk}/", f"/meetings/{meeting.pk}/"]


def test_it_shows_the_pages_inside_the_scope_and_hides_them_outside(web, bodies, insider, readonly, outsider):
    group, _, held, weekly, other = bodies
    for user in (insider, readonly):
        client = web(user)
        for url in urls(group, held):
            assert client.get(url).status_code == 200, url
        for url in urls(weekly, other):
            assert client.get(url).status_code == 404, url
        listing = client.get("/meetings/bodies/").content.decode()
        assert group.name in listing and weekly.name not in listing
    client = web(outsider)
    for url in urls(group, held):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/meetings/{other.pk}/").status_code == 200
    assert client.get("/meetings/calendar/").status_code == 200


def test_read_only_users_get_no_forms_and_change_nothing(web, bodies, readonly):
    group, people, held, _, _ = bodies
    client = web(readonly)
    for url in (
        f"/meetings/bodies/{group.pk}/edit/",
        f"/meetings/bodies/{group.pk}/seats/new/",
        f"/meetings/bodies/{group.pk}/meetings/new/",
        f"/meetings/seats/{group.seats.first().pk}/assign/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/meetings/bodies/new/", {}).status_code == 403
    response = client.post(f"/meetings/{held.pk}/attendance/", {"present": [people[0].pk]})
    assert response.status_code == 403 and not held.attendance.exists()
    assert "ثبت حضور و غیاب" not in client.get(f"/meetings/{held.pk}/").content.decode()


def test_an_insider_forms_a_working_group_fills_it_and_holds_a_meeting(web, territory, insider):
    client = web(insider)
    response = client.post(
        "/meetings/bodies/new/",
        {
            "kind": "working_group",
            "unit": territory.tehran.pk,
            "name": "کارگروه آسیب‌های اجتماعی",
            "quorum_percent": "۶۰",
        },
    )
    body = Body.objects.get(name="کارگروه آسیب‌های اجتماعی")
    assert response.status_code == 302 and response.url == f"/meetings/bodies/{body.pk}/"
    assert body.quorum_percent == 60 and body.kind == "working_group"
    for group in ("chair", "member", "member"):
        assert client.post(f"/meetings/bodies/{body.pk}/seats/new/", {"group": group}).status_code == 302
    from tests.centers.conftest import make_person

    people = [make_person(territory.yousefabad) for _ in range(3)]
    for seat, person in zip(body.seats.order_by("pk"), people, strict=True):
        response = client.post(
            f"/meetings/seats/{seat.pk}/assign/",
            {
                "person": person.national_code,
                "start_date": jalali.format_date(jalali.today(), persian_digits=False),
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    assert people[0].full_name in page and "رئیس" in page
    response = client.post(
        f"/meetings/bodies/{body.pk}/meetings/new/",
        {
            "title": "نشست نخست",
            "date": "1404/07/10",
            "time": "۱۰:۰۰",
            "place": "فرمانداری",
            "agenda": "اعتیاد\nحاشیه‌نشینی",
            "quorum_percent": "50",
            "record_past": "on",  # a date already past: recorded as a held meeting
        },
    )
    meeting = Meeting.objects.get(body=body)
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/"
    meeting.starts_at = past()
    meeting.save()
    client.post(f"/meetings/{meeting.pk}/attendance/", {"present": [p.pk for p in people[:2]]})
    client.post(f"/meetings/{meeting.pk}/minutes/", {"minutes": "جلسه برگزار شد."})
    client.post(
        f"/meetings/{meeting.pk}/resolution/",
        {"text": "طرح پیشگیری", "owner": "بهزیستی", "due_date": "1404/09/01"},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.resolutions.count() == 1
    pdf = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "طرح پیشگیری" in client.get(f"/meetings/bodies/{body.pk}/").content.decode()  # follow-up


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_bad_input_is_explained_in_persian(web, territory, insider):
    client = web(insider)
    errors = _errors(
        client.post(
            "/meetings/bodies/new/", {"kind": "health_assembly", "unit": territory.tehran.pk, "name": "x"}
        )
    )
    assert set(errors) == {"kind"} and is_persian(errors["kind"])  # assemblies are formed in their own pages
    errors = _errors(
        client.post(
            "/meetings/bodies/new/", {"kind": "council", "unit": "", "name": "  ", "quorum_percent": "۲۰۰"}
        )
    )
    assert set(errors) == {"unit", "name", "quorum_percent"} and all(is_persian(e) for e in errors.values())
    assert not Body.objects.exists()
    working_group(territory.tehran, name="کارگروه سلامت")
    errors = _errors(
        client.post(
            "/meetings/bodies/new/",
            {"kind": "working_group", "unit": territory.tehran.pk, "name": "كارگروه سلامت"},
        )
    )
    assert "name" in errors and "از قبل" in errors["name"][0]  # the same name, Arabic kaf: one body
    group = Body.objects.get()
    errors = _errors(
        client.post(
            f"/meetings/bodies/{group.pk}/meetings/new/",
            {"title": "x", "date": "1404/13/40", "time": "25:00"},
        )
    )
    assert {"date", "time", "quorum_percent"} <= set(errors) and all(is_persian(e) for e in errors.values())
    assert not Meeting.objects.exists()


def test_a_user_with_roles_in_two_places_works_in_both_and_nowhere_else(web, territory, bodies):
    group, _, held, weekly, other = bodies
    both = make_user("both", scope.COUNTY_EXPERT, territory.isfahan_county)
    from kanoon.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, role=scope.OBSERVER, unit=territory.tehran)
    county_group = working_group(territory.isfahan_county, name="کارگروه شهرستان اصفهان")
    client = web(both)
    # reads in Tehran (observer), cannot change there
    assert client.get(f"/meetings/bodies/{group.pk}/").status_code == 200
    assert client.get(f"/meetings/bodies/{group.pk}/edit/").status_code == 403
    # works in its own county, only sees the province's weekly meeting if it lies in its scope
    assert client.get(f"/meetings/bodies/{county_group.pk}/edit/").status_code == 200
    assert client.get(f"/meetings/bodies/{weekly.pk}/").status_code == 404
    listing = client.get("/meetings/bodies/").content.decode()
    assert group.name in listing and county_group.name in listing and weekly.name not in listing


def test_a_health_assemblys_body_and_meetings_open_the_assembly_pages(web, territory, insider):
    from kanoon.assemblies import services as assemblies
    from kanoon.assemblies.models import Level

    assembly = assemblies.assembly_create(actor=None, level=Level.PROVINCE, unit=territory.tehran)
    meeting = assemblies.meeting_schedule(
        actor=None, assembly=assembly, title="نشست", starts_at=future(), place="x"
    )
    client = web(insider)
    assert client.get(f"/meetings/bodies/{assembly.body_id}/").url == f"/assemblies/{assembly.pk}/"
    assert client.get(f"/meetings/{meeting.pk}/").url == f"/assemblies/meetings/{meeting.pk}/"
    assert client.get(f"/meetings/bodies/{assembly.body_id}/seats/new/").status_code == 404
    # and a working group's meeting is not reached through the assemblies' pages
    group = working_group(territory.tehran)
    other = services.meeting_schedule(actor=None, body=group, title="نشست", starts_at=future(), place="x")
    assert client.get(f"/assemblies/meetings/{other.pk}/").status_code == 404
