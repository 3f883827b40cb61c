"""The people app: sensitive attributes through kanoon.audit (one read-audit row per view, nothing
for a user without the role), skills and volunteer availability, the facet registry."""

from __future__ import annotations

from kanoon.audit.models import ReadAudit
from kanoon.centers import services
from kanoon.core import scope
from kanoon.people.models import Person
from kanoon.people.registry import Facet, Row, facets
from tests.centers.conftest import make_center, make_person
from tests.conftest import make_user


def _disabled(territory):
    return make_person(territory.yousefabad, has_disability=True, disability="کم‌شنوایی")


def test_it_writes_exactly_one_audit_row_per_view_of_the_disability(api, web, territory, insider):
    person = _disabled(territory)
    body = api(insider).get(f"/api/v1/people/{person.pk}/").json()
    assert body["disability"] == "کم‌شنوایی"
    row = ReadAudit.objects.get()
    assert row.user == insider and row.object_id == str(person.pk)
    assert sorted(row.fields) == ["disability", "has_disability"] and row.source == "GET person-detail"
    html = web(insider).get(f"/people/{person.pk}/").content.decode()
    assert "کم‌شنوایی" in html
    assert ReadAudit.objects.count() == 2
    assert ReadAudit.objects.order_by("-pk").first().source == "people:detail"
    web(insider).get(f"/people/{person.pk}/edit/")
    assert ReadAudit.objects.count() == 3


def test_it_shows_no_hint_of_the_disability_to_a_user_without_the_role(api, web, territory, readonly):
    person = _disabled(territory)
    facilitator = make_user("fac", scope.FACILITATOR, territory.tehran_county)
    for user in (readonly, facilitator):
        body = api(user).get(f"/api/v1/people/{person.pk}/").json()
        assert body["record"] == "full" and "disability" not in body and "has_disability" not in body
        html = web(user).get(f"/people/{person.pk}/").content.decode()
        assert "کم‌شنوایی" not in html and "معلولیت" not in html
        history = api(user).get(f"/api/v1/people/{person.pk}/history/").content.decode()
        assert "کم‌شنوایی" not in history
    form = web(facilitator).get(f"/people/{person.pk}/edit/").content.decode()
    assert "معلولیت" not in form
    assert not ReadAudit.objects.exists()


def test_it_keeps_skills_and_availability_on_the_api_and_page(api, web, territory, insider):
    person = make_person(territory.yousefabad)
    url = f"/api/v1/people/{person.pk}/"
    response = api(insider).patch(
        url,
        {
            "skills": ["كمک‌های اولیه", "آشپزی", "آشپزی"],
            "available_days": ["thu", "sat"],
            "available_parts": ["evening", "morning"],
            "availability_note": "پنجشنبه‌ها از ۹ تا ۱۲",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["skills"] == ["آشپزی", "کمک‌های اولیه"]  # normalized (ك → ک), deduplicated
    assert body["available_days"] == ["sat", "thu"] and body["available_parts"] == ["morning", "evening"]
    bad = api(insider).patch(url, {"available_days": ["someday"]}, format="json")
    assert bad.status_code == 400 and "available_days" in bad.json()["errors"]
    page = web(insider).post(
        f"/people/{person.pk}/edit/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "gender": "female",
            "skills": "رانندگی، حسابداری",
            "available_days": ["fri"],
            "availability_note": "",
        },
    )
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.skills == ["حسابداری", "رانندگی"] and person.available_days == ["fri"]
    html = web(insider).get(f"/people/{person.pk}/").content.decode()
    assert "رانندگی" in html and "جمعه" in html
    assert person.pk in {
        r["id"] for r in api(insider).get("/api/v1/people/", {"skill": "رانندگی"}).json()["results"]
    }


def test_it_gathers_every_registered_facet_through_the_viewers_scope(api, territory, insider, outsider):
    person = make_person(territory.yousefabad)
    center = make_center(territory.yousefabad)
    services.membership_add(actor=None, center=center, person=person)
    facets.register(
        "test.donations", lambda user, p: Facet("test.donations", "کمک‌ها", [Row(title="کمک ۱")]), order=5
    )
    try:
        got = api(insider).get(f"/api/v1/people/{person.pk}/facets/").json()
        assert [f["key"] for f in got] == ["test.donations", "centers.memberships"]
        assert got[1]["rows"][0]["title"] == center.name
    finally:
        facets.unregister("test.donations")
    assert api(outsider).get(f"/api/v1/people/{person.pk}/facets/").status_code == 404


def test_the_person_page_answers_outsiders_404_and_old_addresses_redirect(web, territory, outsider, insider):
    person = make_person(territory.yousefabad)
    assert web(outsider).get(f"/people/{person.pk}/").status_code == 404
    old = web(insider).get(f"/centers/people/{person.pk}/")
    assert old.status_code == 302 and old["Location"] == f"/people/{person.pk}/"
    assert Person.objects.count() == 1
