from kanoon.centers import services
from kanoon.centers.models import Membership, MembershipStatus
from kanoon.core import scope
from tests.conftest import make_user
from tests.scoped import ScopedAPICase, ids

from .conftest import make_center, make_person


class TestMembershipAPI(ScopedAPICase):
    url = "/api/v1/memberships/"

    def make_inside(self, t):
        center = make_center(t.yousefabad)
        return services.membership_add(actor=None, center=center, person=make_person(t.yousefabad))

    def make_outside(self, t):
        center = make_center(t.jolfa)
        return services.membership_add(actor=None, center=center, person=make_person(t.jolfa))

    def create_payload(self, t):
        return {
            "center": make_center(t.yousefabad).pk,
            "person": make_person(t.yousefabad).pk,
            "kind": "volunteer",
        }

    def create_outside_payload(self, t):
        return {"center": make_center(t.jolfa).pk, "person": make_person(t.yousefabad).pk}

    def invalid_payload(self, t):
        return {"center": make_center(t.yousefabad).pk, "national_code": "0000000001"}, "national_code"

    def update_payload(self, t, obj):
        return {"kind": "volunteer", "note": "مسئول برگزاری کلاس‌ها"}


def test_it_adds_an_existing_person_by_national_code(api, territory, insider):
    person = make_person(territory.jolfa)  # registered in Isfahan
    center = make_center(territory.yousefabad)
    response = api(insider).post(
        "/api/v1/memberships/",
        {
            "center": center.pk,
            "national_code": person.national_code,
            "joined_on": "1403/03/01",
            "first_name": "نرگس",
            "last_name": "رستمی",
            "gender": "female",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["person"] == person.pk and response.json()["joined_on_jalali"] == "1403/03/01"
    assert response.json()["person_name"] == "نرگس رستمی"  # what the caller sent, not the record
    person.refresh_from_db()
    assert person.first_name == "زهرا"  # the record on file is not overwritten


def test_a_person_cannot_join_the_same_center_twice(api, territory, insider):
    center = make_center(territory.yousefabad)
    person = make_person(territory.yousefabad)
    client = api(insider)
    assert client.post("/api/v1/memberships/", {"center": center.pk, "person": person.pk}).status_code == 201
    again = client.post("/api/v1/memberships/", {"center": center.pk, "person": person.pk})
    assert again.status_code == 400 and "person" in again.json()["errors"]


def test_accept_decline_and_leave(api, territory, insider, readonly, outsider):
    center = make_center(territory.yousefabad)
    services.center_set_status(actor=None, center=center, status="establishing")
    known = make_person(territory.jolfa)
    pending = services.volunteer_signup(
        center=center,
        national_code=known.national_code,
        first_name=known.first_name,
        last_name=known.last_name,
        gender=known.gender,
        mobile="09120000000",
        consent=True,
    )
    url = f"/api/v1/memberships/{pending.pk}/"
    assert api(outsider).post(url + "accept/").status_code == 404
    assert api(readonly).post(url + "accept/").status_code == 403
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    response = api(secretary).post(url + "accept/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert api(secretary).post(url + "decline/").status_code == 400  # no longer pending
    early = api(secretary).post(url + "leave/", {"on": "1404/01/01"})  # before joining (today)
    assert early.status_code == 400 and "left_on" in early.json()["errors"]
    left = api(secretary).post(url + "leave/")
    assert left.status_code == 200 and left.json()["status"] == "left" and left.json()["left_on_jalali"]
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.LEFT and Membership.objects.filter(pk=pending.pk).exists()


def test_a_declined_sign_up_stays_on_record(api, territory, insider):
    center = make_center(territory.yousefabad, status="active")
    person = make_person(territory.yousefabad)
    pending = services.membership_add(
        actor=None, center=center, person=person, status="pending", source="public"
    )
    response = api(insider).post(f"/api/v1/memberships/{pending.pk}/decline/", {"note": "خارج از محله"})
    assert response.json()["status"] == "declined"
    assert ids(api(insider).get("/api/v1/memberships/", {"status": "declined"})) == {pending.pk}


def test_a_secretary_sees_only_their_center(api, territory):
    mine = make_center(territory.yousefabad)
    other = make_center(territory.village)
    a = services.membership_add(actor=None, center=mine, person=make_person(territory.yousefabad))
    b = services.membership_add(actor=None, center=other, person=make_person(territory.village))
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    seen = ids(api(secretary).get("/api/v1/memberships/"))
    assert a.pk in seen and b.pk not in seen
    response = api(secretary).post("/api/v1/memberships/", {"center": other.pk, "person": a.person_id})
    assert response.status_code == 400  # the other center is not even visible: invalid choice
