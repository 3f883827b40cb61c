"""Issue 8, item 2: adding a member by national code must not reveal or hand over the record of
a person who lives in someone else's scope. Item 10 (centers part): founding dates and names."""

from __future__ import annotations

from kanoon.centers import importer, services
from kanoon.centers.models import Center, Membership
from kanoon.core import scope
from kanoon.people.models import Person
from tests.conftest import make_user

from .conftest import make_person, national_code

TYPED = {"first_name": "نرگس", "last_name": "رستمی", "gender": "female"}


def isfahan_person(territory, **fields):
    fields.setdefault("mobile", "09131112233")
    return make_person(territory.jolfa, first_name="زهرا", last_name="اصفهانی", **fields)


def add_by_code(api, user, center, code, **extra):
    return api(user).post("/api/v1/memberships/", {"center": center.pk, "national_code": code, **extra})


# ---- API ----------------------------------------------------------------------------------


def test_it_answers_the_same_for_a_code_on_file_elsewhere_and_a_new_one(api, territory, insider, center):
    elsewhere = isfahan_person(territory)
    known = add_by_code(api, insider, center, elsewhere.national_code, **TYPED)
    new = add_by_code(api, insider, center, national_code(), **TYPED)
    assert known.status_code == new.status_code == 201, known.content
    assert set(known.json()) == set(new.json())
    assert known.json()["person_name"] == new.json()["person_name"] == "نرگس رستمی"
    assert "اصفهانی" not in known.content.decode() and "0913" not in known.content.decode()
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.last_name, elsewhere.gender, elsewhere.mobile) == (
        "زهرا",
        "اصفهانی",
        "female",
        "09131112233",
    )


def test_it_refuses_missing_names_alike_for_known_and_new_codes(api, territory, insider, center):
    elsewhere = isfahan_person(territory)
    known = add_by_code(api, insider, center, elsewhere.national_code)
    new = add_by_code(api, insider, center, national_code())
    assert known.status_code == new.status_code == 400
    assert known.json() == new.json()
    assert not Membership.objects.exists()


def test_it_links_a_visible_person_without_names(api, territory, insider, center):
    mine = make_person(territory.yousefabad)
    response = add_by_code(api, insider, center, mine.national_code)
    assert response.status_code == 201 and response.json()["person_name"] == mine.full_name


def test_it_reports_a_duplicate_membership_in_the_same_visible_center(api, territory, insider, center):
    mine = make_person(territory.yousefabad)
    assert add_by_code(api, insider, center, mine.national_code).status_code == 201
    again = add_by_code(api, insider, center, mine.national_code)
    assert again.status_code == 400


def test_it_keeps_a_linked_person_out_of_the_linkers_hands(api, territory, insider, center):
    elsewhere = isfahan_person(territory, has_disability=True, disability="نابینایی")
    assert add_by_code(api, insider, center, elsewhere.national_code, **TYPED).status_code == 201
    url = f"/api/v1/people/{elsewhere.pk}/"
    response = api(insider).patch(url, {"first_name": "ربوده", "mobile": "09120000000"})
    assert response.status_code == 403
    assert "محدودهٔ شما" in response.json()["message"]
    response = api(insider).patch(url, {"has_disability": False, "disability": ""})
    assert response.status_code == 403
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.mobile, elsewhere.disability) == (
        "زهرا",
        "09131112233",
        "نابینایی",
    )


def test_it_keeps_a_person_active_in_two_provinces_from_either_province(
    api, territory, insider, outsider, center, isfahan_center
):
    person = isfahan_person(territory)
    services.membership_add(actor=None, center=isfahan_center, person=person)
    services.membership_add(actor=None, center=center, person=person)
    url = f"/api/v1/people/{person.pk}/"
    assert api(insider).patch(url, {"occupation": "معلم"}).status_code == 403
    assert api(outsider).patch(url, {"occupation": "معلم"}).status_code == 403


def test_it_lets_an_editor_whose_scope_covers_every_place_edit(
    api, territory, national, center, isfahan_center
):
    person = isfahan_person(territory)
    services.membership_add(actor=None, center=center, person=person)
    both = make_user("both", scope.PROVINCE_EXPERT, territory.tehran)
    both.assignments.create(role=scope.PROVINCE_EXPERT, unit=territory.isfahan)
    url = f"/api/v1/people/{person.pk}/"
    assert api(both).patch(url, {"occupation": "معلم"}).status_code == 200
    assert api(national).patch(url, {"occupation": "پرستار"}).status_code == 200
    person.refresh_from_db()
    assert person.occupation == "پرستار"


def test_it_still_lets_the_local_expert_edit_their_own_people(api, territory, insider, readonly, center):
    mine = make_person(territory.yousefabad)
    services.membership_add(actor=None, center=center, person=mine)
    url = f"/api/v1/people/{mine.pk}/"
    assert api(readonly).patch(url, {"occupation": "معلم"}).status_code == 403
    assert api(insider).patch(url, {"occupation": "معلم"}).status_code == 200


def test_it_lets_the_home_expert_edit_after_the_other_membership_ended(api, territory, outsider, center):
    person = isfahan_person(territory)
    membership = services.membership_add(actor=None, center=center, person=person)
    url = f"/api/v1/people/{person.pk}/"
    assert api(outsider).patch(url, {"occupation": "معلم"}).status_code == 403
    services.membership_leave(actor=None, membership=membership)
    assert api(outsider).patch(url, {"occupation": "معلم"}).status_code == 200


# ---- pages --------------------------------------------------------------------------------


def test_it_asks_the_same_fields_on_the_page_for_known_and_new_codes(web, territory, insider, center):
    elsewhere = isfahan_person(territory)
    client = web(insider)
    url = f"/centers/{center.pk}/members/add/"
    known = client.post(url, {"national_code": elsewhere.national_code, "kind": "member"})
    new = client.post(url, {"national_code": national_code(), "kind": "member"})
    assert known.status_code == new.status_code == 200
    assert known.context["form"].errors == new.context["form"].errors
    assert "اصفهانی" not in known.content.decode()


def test_it_shows_only_what_was_typed_after_linking_on_the_page(web, territory, insider, center):
    elsewhere = isfahan_person(territory)
    response = web(insider).post(
        f"/centers/{center.pk}/members/add/",
        {"national_code": elsewhere.national_code, "kind": "member", **TYPED},
        follow=True,
    )
    page = response.content.decode()
    assert "نرگس رستمی به اعضای کانون افزوده شد" in page
    assert "ثبت و" not in page


def test_it_refuses_the_person_edit_page_to_the_linker(web, territory, insider, center):
    elsewhere = isfahan_person(territory)
    services.member_register(
        actor=insider, center=center, national_code=elsewhere.national_code, kind="member", **TYPED
    )
    client = web(insider)
    assert client.get(f"/people/{elsewhere.pk}/edit/").status_code == 403
    response = client.post(
        f"/people/{elsewhere.pk}/edit/", {"first_name": "ربوده", "last_name": "x", "gender": "male"}
    )
    assert response.status_code == 403
    detail = client.get(f"/people/{elsewhere.pk}/")
    assert detail.status_code == 200 and not detail.context["can_change"]
    elsewhere.refresh_from_db()
    assert elsewhere.first_name == "زهرا"


# ---- importer -----------------------------------------------------------------------------


def test_it_checks_import_rows_alike_for_known_and_new_codes(territory, insider, center):
    elsewhere = isfahan_person(territory)
    header = "کد ملی,نام,نام خانوادگی,جنسیت,شماره همراه\n"
    rows = [
        f"{elsewhere.national_code},\u200c\u200c,رستمی,زن,",
        f"{national_code()},\u200c\u200c,رستمی,زن,",
        f"{elsewhere.national_code},نرگس,رستمی,مرد,09359998877",
    ]
    report = importer.import_members(
        center=center, content=(header + "\n".join(rows)).encode(), filename="m.csv", actor=insider
    )
    reasons = [r.errors for r in report.rejected]
    assert len(reasons) == 2 and reasons[0] == reasons[1]
    assert report.created_memberships == 1
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.gender, elsewhere.mobile) == ("زهرا", "female", "09131112233")


# ---- public sign-up -----------------------------------------------------------------------


def signup(web, center, code, **extra):
    data = {**TYPED, "national_code": code, "mobile": "09351234567", "consent": "on", **extra}
    return web(None).post(f"/c/{center.pk}/", data)


def test_it_tells_the_public_nothing_about_a_known_code(web, territory, center):
    services.center_set_status(actor=None, center=center, status="establishing")
    elsewhere = isfahan_person(territory)
    new_code = national_code()
    for code in (elsewhere.national_code, new_code, elsewhere.national_code):  # the third: a repeat
        response = signup(web, center, code)
        assert response.status_code == 302 and response["Location"].endswith("?done=1")
    # typed with another name: nothing linked, so the staff never see the stored record's name
    assert not Membership.objects.filter(center=center, person=elsewhere).exists()
    mine = {"first_name": "زهرا", "last_name": "اصفهانى", "gender": "female"}  # Arabic ى: same name
    assert signup(web, center, elsewhere.national_code, **mine)["Location"].endswith("?done=1")
    assert Membership.objects.filter(center=center, person=elsewhere, status="pending").count() == 1
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.mobile) == ("زهرا", "09131112233")
    bad_known = signup(web, center, elsewhere.national_code, birth_date="1449/01/01")
    bad_new = signup(web, center, national_code(), birth_date="1449/01/01")
    assert bad_known.status_code == bad_new.status_code == 200
    assert bad_known.context["form"].errors == bad_new.context["form"].errors


# ---- item 10: founding dates and invisible names -------------------------------------------


def test_it_refuses_founding_dates_out_of_range(api, territory, insider):
    client = api(insider)
    for founded in ("1449/01/01", "1850-01-01"):
        response = client.post(
            "/api/v1/centers/",
            {"name": f"کانون {founded}", "unit": territory.yousefabad.pk, "founded_on": founded},
        )
        assert response.status_code == 400, (founded, response.content)
        assert "founded_on" in response.json()["errors"]
    ok = client.post(
        "/api/v1/centers/",
        {"name": "کانون درست", "unit": territory.yousefabad.pk, "founded_on": "1402/01/01"},
    )
    assert ok.status_code == 201
    assert Center.objects.count() == 1


def test_it_refuses_invisible_only_names(api, web, territory, insider, national):
    invisible = "\u200c\u200f\u00a0\u200d "
    response = api(insider).post("/api/v1/centers/", {"name": invisible, "unit": territory.yousefabad.pk})
    assert response.status_code == 400 and "name" in response.json()["errors"]
    response = api(national).post(
        "/api/v1/people/",
        {"national_code": national_code(), "first_name": invisible, "last_name": "رستمی", "gender": "female"},
    )
    assert response.status_code == 400 and "first_name" in response.json()["errors"]
    page = web(insider).post(
        "/centers/new/", {"name": invisible, "unit": territory.yousefabad.pk, "kind": "neighborhood"}
    )
    assert page.status_code == 200
    assert not Center.objects.exists() and not Person.objects.exists()


def test_a_pending_or_declined_sign_up_shows_no_one_to_the_centers_staff(web, api, territory, center):
    """A known code signed up with its real name waits for the secretary, who cannot look the
    person up until they accept; a declined request leaves no way to see them either."""
    from kanoon.core import scope
    from tests.conftest import make_user

    services.center_set_status(actor=None, center=center, status="establishing")
    elsewhere = isfahan_person(territory)
    secretary = make_user("sec-pending", scope.CENTER_SECRETARY, center.unit)
    mine = {"first_name": "زهرا", "last_name": "اصفهانی", "gender": "female"}
    signup(web, center, elsewhere.national_code, **mine)
    request = Membership.objects.get(center=center, person=elsewhere)
    assert api(secretary).get(f"/api/v1/people/{elsewhere.pk}/").status_code == 404
    services.membership_decide(actor=secretary, membership=request, accept=False)
    assert api(secretary).get(f"/api/v1/people/{elsewhere.pk}/").status_code == 404
