"""/api/v1/bodies/, and /seats/ and /meetings/ for bodies other than health assemblies, with the
insider (Tehran province expert), the read-only observer and the outsider (Isfahan)."""

from __future__ import annotations

from kanoon.meetings import services
from kanoon.meetings.models import Body, Meeting, ResolutionStatus
from tests.centers.conftest import make_person
from tests.openapi import assert_conforms
from tests.scoped import ScopedAPICase, ids, is_persian

from .conftest import expert_meeting, future, members, past, working_group


class TestBodyAPI(ScopedAPICase):
    url = "/api/v1/bodies/"

    def make_inside(self, t):
        return working_group(t.tehran, name=f"کارگروه {Body.objects.count()}")

    def make_outside(self, t):
        return expert_meeting(t.isfahan, name=f"جلسهٔ کارشناسی {Body.objects.count()}")

    def create_payload(self, t):
        return {
            "kind": "working_group",
            "unit": t.tehran.pk,
            "name": "کارگروه آسیب‌های اجتماعی",
            "description": "پیشگیری از اعتیاد و آسیب‌های اجتماعی",
        }

    def create_outside_payload(self, t):
        return {**self.create_payload(t), "unit": t.isfahan.pk}

    def invalid_payload(self, t):
        return {"kind": "working_group", "unit": t.tehran.pk, "name": "  "}, "name"

    def update_payload(self, t, obj):
        return {"quorum_count": 4, "description": "هماهنگی بین‌بخشی"}


class TestWorkingGroupSeatAPI(ScopedAPICase):
    url = "/api/v1/seats/"

    def make_inside(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return services.seat_create(actor=None, body=body, group="member", title="نمایندهٔ جهاد کشاورزی")

    def make_outside(self, t):
        body = Body.objects.filter(unit=t.isfahan).first() or expert_meeting(t.isfahan)
        return services.seat_create(actor=None, body=body, group="implementer")

    def create_payload(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return {"body": body.pk, "group": "secretary", "title": "دبیر کارگروه"}

    def create_outside_payload(self, t):
        body = Body.objects.filter(unit=t.isfahan).first() or expert_meeting(t.isfahan)
        return {"body": body.pk, "group": "expert"}

    def invalid_payload(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return {"body": body.pk, "group": "implementer"}, "group"  # not a working group's group

    def update_payload(self, t, obj):
        return {"title": "نمایندهٔ صمت"}


class TestWorkingGroupMeetingAPI(ScopedAPICase):
    url = "/api/v1/meetings/"

    def make_inside(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return services.meeting_schedule(
            actor=None, body=body, title="نشست", starts_at=future(), place="استانداری"
        )

    def make_outside(self, t):
        body = Body.objects.filter(unit=t.isfahan).first() or expert_meeting(t.isfahan)
        return services.meeting_schedule(
            actor=None, body=body, title="جلسه", starts_at=future(), online_link="https://meet.example.ir/a"
        )

    def create_payload(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return {
            "body": body.pk,
            "title": "نشست فصلی",
            "starts_at": future().isoformat(),
            "place": "سالن معاونت بهداشت",
            "agenda": ["سبد غذایی", "آموزش تغذیه"],
        }

    def create_outside_payload(self, t):
        body = Body.objects.filter(unit=t.isfahan).first() or expert_meeting(t.isfahan)
        return {**self.create_payload(t), "body": body.pk}

    def invalid_payload(self, t):
        body = Body.objects.filter(unit=t.tehran).first() or working_group(t.tehran)
        return {"body": body.pk, "title": "بی‌مکان", "starts_at": future().isoformat()}, "place"

    def update_payload(self, t, obj):
        return {"place": "فرهنگسرا", "agenda": ["گزارش"]}


def test_health_assemblies_are_not_made_or_changed_through_the_bodies_api(api, territory, insider):
    response = api(insider).post(
        "/api/v1/bodies/",
        {"kind": "health_assembly", "unit": territory.tehran.pk, "name": "مجمع"},
        format="json",
    )
    assert response.status_code == 400 and is_persian(response.json()["errors"]["kind"])
    from kanoon.assemblies.models import Assembly

    assembly = Assembly.objects.create(
        level="province", unit=territory.tehran, name="مجمع سلامت تهران", time_limit_days=60
    )
    detail = api(insider).get(f"/api/v1/bodies/{assembly.body_id}/").json()
    assert detail["kind"] == "health_assembly" and detail["assembly"] == assembly.pk
    changed = api(insider).patch(f"/api/v1/bodies/{assembly.body_id}/", {"name": "دیگر"}, format="json")
    assert changed.status_code == 400 and is_persian(changed.json()["errors"]["kind"])


def test_a_fixed_count_quorum_decides_whether_resolutions_may_be_made(api, territory, insider, readonly):
    body = working_group(territory.tehran, quorum_count=3)
    people = members(body, ["chair", "secretary", "member", "member", "member", "member"])
    meeting = services.meeting_schedule(
        actor=None, body=body, title="نشست", starts_at=past(), place="استانداری"
    )
    base = f"/api/v1/meetings/{meeting.pk}"
    assert meeting.quorum_count == 3
    # 2 of 6: more than half would need 4, the fixed count 3: not met yet
    two = api(insider).post(f"{base}/attendance/", {"present": [p.pk for p in people[:2]]}, format="json")
    assert two.json() == {"members": 6, "present": 2, "required": 3, "met": False}
    three = api(insider).post(f"{base}/attendance/", {"present": [p.pk for p in people[:3]]}, format="json")
    assert three.json() == {"members": 6, "present": 3, "required": 3, "met": True}
    assert api(insider).post(f"{base}/minutes/", {"minutes": "شرح"}, format="json").json()["status"] == "held"
    made = api(insider).post(
        f"{base}/resolutions/",
        {"text": "فهرست خانوارها", "owner": "بهزیستی", "due_date": "1300/01/02"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["is_overdue"] is True
    assert api(readonly).get(f"/api/v1/bodies/{body.pk}/followup/").json()[0]["owner"] == "بهزیستی"
    done = api(insider).post(
        f"{base}/resolution-status/", {"resolution": made.json()["id"], "status": "done"}, format="json"
    )
    assert done.json()["status"] == ResolutionStatus.DONE
    followup = api(readonly).get(f"/api/v1/bodies/{body.pk}/followup/")
    assert followup.json() == []
    assert_conforms(followup, "GET")
    listed = api(readonly).get("/api/v1/bodies/", {"kind": "working_group"}).json()["results"]
    assert listed[0]["seat_count"] == 6 and listed[0]["filled_count"] == 6 and listed[0]["assembly"] is None


def test_a_term_names_the_organization_its_holder_represents(api, territory, insider, outsider):
    from kanoon.organizations.models import Organization

    body = working_group(territory.tehran)
    seat = services.seat_create(actor=None, body=body, group="member")
    welfare = Organization.objects.create(unit=territory.tehran, kind="welfare", name="بهزیستی استان تهران")
    elsewhere = Organization.objects.create(
        unit=territory.isfahan, kind="welfare", name="بهزیستی استان اصفهان"
    )
    person = make_person(territory.tehran_county)
    url = f"/api/v1/seats/{seat.pk}/assign/"
    foreign = api(insider).post(
        url, {"person": person.pk, "organization": elsewhere.pk, "start_date": "1403/07/01"}, format="json"
    )
    assert foreign.status_code == 400 and "organization" in foreign.json()["errors"]
    made = api(insider).post(
        url, {"person": person.pk, "organization": welfare.pk, "start_date": "۱۴۰۳/۰۷/۰۱"}, format="json"
    )
    assert made.status_code == 201, made.content
    holder = api(insider).get(f"/api/v1/seats/{seat.pk}/").json()["holder"]
    assert holder["organization"] == welfare.pk and holder["organization_name"] == "بهزیستی استان تهران"
    assert api(outsider).get(f"/api/v1/seats/{seat.pk}/").status_code == 404


def test_meetings_filter_by_body_and_kind_and_invite_members(api, territory, insider):
    body = working_group(territory.tehran)
    weekly = expert_meeting(territory.tehran)
    members(body, ["chair", "member"])
    one = services.meeting_schedule(
        actor=None, body=body, title="نشست", starts_at=future(), place="استانداری"
    )
    other = services.meeting_schedule(
        actor=None, body=weekly, title="هفتگی", starts_at=future(), place="معاونت"
    )
    assert ids(api(insider).get("/api/v1/meetings/", {"body": body.pk})) == {one.pk}
    assert ids(api(insider).get("/api/v1/meetings/", {"kind": "expert_meeting"})) == {other.pk}
    bad = api(insider).get("/api/v1/meetings/", {"body": "abc"})
    assert bad.status_code == 400 and is_persian(bad.json()["errors"]["body"])
    assert api(insider).post(f"/api/v1/meetings/{one.pk}/invite/").json() == {"invited": 2}
    assert Meeting.objects.get(pk=one.pk).invitations.count() == 2
