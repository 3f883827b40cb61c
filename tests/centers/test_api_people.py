from kanoon.accounts.models import RoleAssignment
from kanoon.centers import services
from kanoon.core import scope
from kanoon.people.models import Person
from tests.conftest import make_user
from tests.scoped import ScopedAPICase, ids, is_persian

from .conftest import make_center, make_person, national_code


class TestPersonAPI(ScopedAPICase):
    url = "/api/v1/people/"
    list_query_budget = 10
    # Only a national viewer registers a person directly; everyone else goes through a
    # membership (tests/people/test_trust_tiers.py), so the generic create checks are skipped.
    creatable = False

    def make_inside(self, t):
        return make_person(t.yousefabad)

    def make_outside(self, t):
        return make_person(t.jolfa)

    def create_payload(self, t):
        return {
            "national_code": national_code(),
            "first_name": "مریم",
            "last_name": "احمدی",
            "gender": "female",
            "birth_date": "1370/05/12",
            "mobile": "09121234567",
            "unit": t.yousefabad.pk,
        }

    def create_outside_payload(self, t):
        return {**self.create_payload(t), "unit": t.jolfa.pk}

    def invalid_payload(self, t):
        return {**self.create_payload(t), "national_code": "1234567890"}, "national_code"

    def update_payload(self, t, obj):
        return {"occupation": "معلم"}


def test_birth_date_is_accepted_in_jalali_or_iso_and_returned_in_both(api, territory, national):
    client = api(national)
    base = {"first_name": "علی", "last_name": "رضایی", "gender": "male", "unit": territory.yousefabad.pk}
    for given in ("1370/05/12", "۱۳۷۰/۰۵/۱۲", "1991-08-03"):
        response = client.post(
            "/api/v1/people/", {**base, "national_code": national_code(), "birth_date": given}
        )
        assert response.status_code == 201, response.content
        assert response.json()["birth_date"] == "1991-08-03"
        assert response.json()["birth_date_jalali"] == "1370/05/12"
        assert response.json()["gender"] == "male"


def test_it_refuses_a_second_person_with_the_same_national_code(api, territory, national):
    existing = make_person(territory.jolfa)  # a national viewer sees it anyway: no leak
    payload = {
        "national_code": existing.national_code,
        "first_name": "x",
        "last_name": "y",
        "gender": "female",
        "unit": territory.yousefabad.pk,
    }
    response = api(national).post("/api/v1/people/", payload)
    assert response.status_code == 400
    errors = response.json()["errors"]["national_code"]
    assert is_persian(errors) and "کد ملی" in errors[0]
    assert Person.objects.filter(national_code=existing.national_code).count() == 1


def test_it_names_the_field_for_bad_gender_mobile_and_date(api, territory, national):
    base = {
        "national_code": national_code(),
        "first_name": "a",
        "last_name": "b",
        "unit": territory.yousefabad.pk,
    }
    client = api(national)
    assert "gender" in client.post("/api/v1/people/", {**base, "gender": "f"}).json()["errors"]
    r = client.post("/api/v1/people/", {**base, "gender": "female", "mobile": "12345"})
    assert r.status_code == 400 and "mobile" in r.json()["errors"]
    r = client.post("/api/v1/people/", {**base, "gender": "female", "birth_date": "1370/13/01"})
    assert r.status_code == 400 and "birth_date" in r.json()["errors"]


def test_it_registers_at_the_callers_unit_when_none_is_given(api, territory):
    admin = make_user("nat", scope.NATIONAL_ADMIN, territory.country)
    response = api(admin).post(
        "/api/v1/people/",
        {"national_code": national_code(), "first_name": "a", "last_name": "b", "gender": "female"},
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get(pk=response.json()["id"]).registered_unit == territory.country


def test_a_person_is_visible_through_a_membership_in_scope(api, territory, insider, outsider):
    person = make_person(territory.jolfa)
    center = make_center(territory.yousefabad)
    assert person.pk not in ids(api(insider).get("/api/v1/people/"))
    services.membership_add(actor=None, center=center, person=person)
    assert person.pk in ids(api(insider).get("/api/v1/people/"))
    assert person.pk in ids(api(outsider).get("/api/v1/people/"))  # still registered in Isfahan


def test_disability_is_shown_only_to_roles_that_need_it(api, territory, insider, readonly):
    person = make_person(territory.yousefabad, has_disability=True, disability="نابینایی")
    facilitator = make_user("fac", scope.FACILITATOR, territory.tehran_county)
    url = f"/api/v1/people/{person.pk}/"
    assert api(insider).get(url).json()["disability"] == "نابینایی"
    for user in (readonly, facilitator):
        body = api(user).get(url).json()
        assert "disability" not in body and "has_disability" not in body
        listed = api(user).get("/api/v1/people/").json()["results"]
        assert all("disability" not in row for row in listed)
    # a facilitator cannot change it either
    assert (
        api(facilitator).patch(url, {"disability": "", "has_disability": False}, format="json").status_code
        == 200
    )
    person.refresh_from_db()
    assert person.disability == "نابینایی"


def test_the_national_code_cannot_be_changed(api, territory, insider):
    person = make_person(territory.yousefabad)
    api(insider).patch(f"/api/v1/people/{person.pk}/", {"national_code": national_code()}, format="json")
    person.refresh_from_db()
    assert Person.objects.filter(pk=person.pk, national_code=person.national_code).exists()


def test_search_by_name_and_national_code(api, territory, insider):
    a = make_person(territory.yousefabad, first_name="سكينه", last_name="محمدي")
    b = make_person(territory.yousefabad)
    client = api(insider)
    assert ids(client.get("/api/v1/people/", {"q": "سکینه محمدی"})) == {a.pk}
    assert ids(client.get("/api/v1/people/", {"q": b.national_code[:8]})) >= {b.pk}
    assert RoleAssignment.objects.count() >= 1
