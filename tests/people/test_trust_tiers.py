"""Issue 8 item 2 (rest): linking an existing person must not reveal or hand over their record.

Two tiers: a viewer whose scope covers the person's registration unit (or the whole country)
reads the full record; a viewer who sees the person only through a membership in their scope
reads the card (national code, name, gender) and that membership. And registering a person
never tells whether a code is on file elsewhere (docs/people.md)."""

from __future__ import annotations

import pytest

from kanoon.accounts.models import RoleAssignment
from kanoon.audit.models import ReadAudit
from kanoon.centers import services
from kanoon.core import scope
from kanoon.people.models import Person
from tests.centers.conftest import make_center, make_person, national_code
from tests.conftest import make_user

CARD = {"id", "record", "national_code", "first_name", "last_name", "gender"}
PRIVATE = ("1362", "09131112233", "نابینایی", "خیاطی", "پنجشنبه")


@pytest.fixture
def linked(territory, insider):
    """A person registered in Isfahan, linked by the Tehran insider into a Tehran center."""
    person = make_person(
        territory.jolfa,
        first_name="زهرا",
        last_name="اصفهانی",
        mobile="09131112233",
        birth_date=__import__("datetime").date(1983, 5, 1),
        occupation="خیاطی",
        skills=["خیاطی"],
        available_days=["thu"],
        has_disability=True,
        disability="نابینایی",
    )
    center = make_center(territory.yousefabad)
    other = make_center(territory.jolfa)
    services.membership_add(actor=None, center=other, person=person)
    services.member_register(
        actor=insider,
        center=center,
        national_code=person.national_code,
        kind="member",
        first_name="x",
        last_name="y",
        gender="female",
    )
    person.refresh_from_db()
    return person


def test_it_shows_the_linker_only_the_card_on_the_api(api, linked, insider):
    body = api(insider).get(f"/api/v1/people/{linked.pk}/").json()
    assert set(body) == CARD and body["record"] == "card"
    listed = [r for r in api(insider).get("/api/v1/people/").json()["results"] if r["id"] == linked.pk]
    assert len(listed) == 1 and set(listed[0]) == CARD
    for text in PRIVATE:
        assert text not in api(insider).get(f"/api/v1/people/{linked.pk}/").content.decode()
    assert api(insider).get(f"/api/v1/people/{linked.pk}/history/").status_code == 403
    assert not ReadAudit.objects.exists()


def test_it_shows_the_linker_only_their_own_membership_in_the_facets(api, web, linked, insider):
    facets = api(insider).get(f"/api/v1/people/{linked.pk}/facets/").json()
    rows = [r for f in facets for r in f["rows"]]
    assert [f["key"] for f in facets] == ["centers.memberships"] and len(rows) == 1
    assert "جلفا" not in str(facets)
    page = web(insider).get(f"/people/{linked.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and not page.context["full"]
    assert "در دسترس شما نیست" in html
    for text in (*PRIVATE, "جلفا", "ویرایش"):
        assert text not in html


def test_it_shows_the_home_province_the_full_record(api, web, linked, outsider):
    body = api(outsider).get(f"/api/v1/people/{linked.pk}/").json()
    assert body["record"] == "full" and body["mobile"] == "09131112233" and body["disability"] == "نابینایی"
    assert body["skills"] == ["خیاطی"] and body["available_days"] == ["thu"]
    facets = api(outsider).get(f"/api/v1/people/{linked.pk}/facets/").json()
    # the outsider sees the Isfahan membership, not the Tehran one
    assert [r["title"] for f in facets for r in f["rows"]] == [
        "کانون " + r["title"].split(" ", 1)[1] for f in facets for r in f["rows"]
    ]
    assert len([r for f in facets for r in f["rows"]]) == 1


def test_it_shows_a_national_viewer_the_full_record(api, linked, national):
    assert api(national).get(f"/api/v1/people/{linked.pk}/").json()["record"] == "full"


def test_it_gives_the_full_record_to_a_user_with_a_role_at_the_registration_unit(api, territory, linked):
    both = make_user("both", scope.PROVINCE_EXPERT, territory.tehran)
    RoleAssignment.objects.create(user=both, role=scope.OBSERVER, unit=territory.isfahan)
    body = api(both).get(f"/api/v1/people/{linked.pk}/").json()
    assert body["record"] == "full" and body["mobile"] == "09131112233"
    assert "disability" not in body  # an observer in Isfahan: not a role that sees it


def test_it_does_not_find_a_card_by_mobile_skill_or_day(api, linked, insider, outsider):
    for query in ({"q": "09131112233"}, {"q": "1112233"}, {"skill": "خیاطی"}, {"available_on": "thu"}):
        assert linked.pk not in {
            r["id"] for r in api(insider).get("/api/v1/people/", query).json()["results"]
        }
        assert linked.pk in {r["id"] for r in api(outsider).get("/api/v1/people/", query).json()["results"]}


def test_it_exports_a_card_without_birth_date_or_mobile(web, linked, insider):
    import io

    from openpyxl import load_workbook

    for url in (
        "/people/?export=xlsx",
        f"/centers/{linked.memberships.filter(center__unit__name='یوسف‌آباد').first().center_id}/members/?export=xlsx",
    ):
        response = web(insider).get(url)
        assert response.status_code == 200
        cells = [
            str(c)
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
            for c in row
            if c
        ]
        assert linked.national_code in cells
        assert "09131112233" not in cells and not any(c.startswith("1362") for c in cells)


# ---- registering without telling -------------------------------------------------------------


def _post(api, user, code, **extra):
    return api(user).post(
        "/api/v1/people/",
        {"national_code": code, "first_name": "نرگس", "last_name": "رستمی", "gender": "female", **extra},
    )


@pytest.mark.parametrize("who", ["insider", "outsider", "readonly", "two_places"])
def test_it_answers_a_direct_create_alike_for_known_unknown_and_bad_codes(
    api, territory, linked, who, request
):
    if who == "two_places":
        user = make_user("two", scope.PROVINCE_EXPERT, territory.tehran)
        RoleAssignment.objects.create(user=user, role=scope.CENTER_SECRETARY, unit=territory.jolfa)
    else:
        user = request.getfixturevalue(who)
    answers = [
        _post(api, user, linked.national_code),
        _post(api, user, national_code()),
        _post(api, user, "1234567890"),
    ]
    assert {a.status_code for a in answers} == {403}
    assert len({a.content for a in answers}) == 1
    assert Person.objects.count() == 1
    linked.refresh_from_db()
    assert (linked.first_name, linked.last_name) == ("زهرا", "اصفهانی")


def test_it_lets_a_national_viewer_register_and_refuses_a_duplicate(api, territory, linked, national):
    assert _post(api, national, national_code(), unit=territory.yousefabad.pk).status_code == 201
    again = _post(api, national, linked.national_code, unit=territory.yousefabad.pk)
    assert again.status_code == 400 and "national_code" in again.json()["errors"]


def test_it_answers_the_membership_route_alike_for_known_and_new_codes(api, territory, linked, outsider):
    """The way everyone else registers a person: link-or-create through a membership."""
    center = make_center(territory.isfahan_city.children.first() or territory.jolfa, "کانون دوم")
    typed = {"first_name": "نرگس", "last_name": "رستمی", "gender": "female"}
    tehran_person = make_person(territory.yousefabad)
    known = api(outsider).post(
        "/api/v1/memberships/", {"center": center.pk, "national_code": tehran_person.national_code, **typed}
    )
    new = api(outsider).post(
        "/api/v1/memberships/", {"center": center.pk, "national_code": national_code(), **typed}
    )
    assert known.status_code == new.status_code == 201
    assert set(known.json()) == set(new.json()) and known.json()["person_name"] == new.json()["person_name"]
