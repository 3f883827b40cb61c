"""/api/v1/organizations/: the generic scoped suite plus filters, legal IDs and deactivation."""

from __future__ import annotations

import pytest

from kanoon.organizations.models import Organization
from tests.openapi import assert_conforms
from tests.scoped import ScopedAPICase, ids, is_persian

from .conftest import legal_id, make_org

URL = "/api/v1/organizations/"


class TestOrganizationAPI(ScopedAPICase):
    url = URL

    def make_inside(self, t):
        return make_org(t.rey_county)

    def make_outside(self, t):
        return make_org(t.isfahan_county)

    def create_payload(self, t):
        return {
            "name": "جمعیت امداد دانشجویی",
            "kind": "ngo",
            "unit": t.tehran_county.pk,
            "national_id": legal_id(),
            "mobile": "۰۹۱۲۳۴۵۶۷۸۹",
            "email": "info@example.org",
        }

    def create_outside_payload(self, t):
        return {"name": "خیریهٔ اصفهان", "kind": "charity", "unit": t.isfahan_county.pk}

    def invalid_payload(self, t):
        return {
            "name": "سمن",
            "kind": "ngo",
            "unit": t.tehran_county.pk,
            "national_id": "10380284792",
        }, "national_id"

    def update_payload(self, t, obj):
        return {"phone": "021-22223333", "address": "تهران، خیابان انقلاب"}


def test_it_stores_persian_digits_as_ascii_and_normalizes_the_name(api, territory, insider):
    response = api(insider).post(
        URL,
        {"name": "  كانون  يار ", "kind": "ngo", "unit": territory.tehran.pk, "national_id": "۱۰۳۸۰۲۸۴۷۹۰"},
        format="json",
    )
    assert response.status_code == 201, response.content
    org = Organization.objects.get(pk=response.json()["id"])
    assert org.national_id == "10380284790" and org.name == "کانون یار"
    assert org.history.count() == 1 and org.history.first().history_user == insider


@pytest.mark.parametrize(
    "national_id, message",
    [
        ("१०३८०२८४७९०", "شناسهٔ ملی را با رقم‌های فارسی یا انگلیسی بنویسید."),
        ("1038028\x004790", None),
        ("10380284791", "شناسهٔ ملی معتبر نیست (رقم کنترل با بقیهٔ رقم‌ها نمی‌خواند)."),
    ],
)
def test_it_refuses_bad_legal_ids_in_persian(api, territory, insider, national_id, message):
    response = api(insider).post(
        URL,
        {"name": "سمن", "kind": "ngo", "unit": territory.tehran.pk, "national_id": national_id},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["national_id"]
    assert is_persian(errors[0])
    if message:
        assert errors == [message]
    assert not Organization.objects.exists()


def test_it_refuses_nul_bytes_in_the_name(api, territory, insider):
    response = api(insider).post(
        URL, {"name": "سم\x00ن", "kind": "ngo", "unit": territory.tehran.pk}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    assert not Organization.objects.exists()


def test_it_keeps_names_unique_per_unit_and_legal_ids_unique(api, territory, insider):
    code = legal_id()
    make_org(territory.tehran, "بهزیستی استان تهران", kind="welfare", national_id=code)
    client = api(insider)
    same_name = client.post(
        URL, {"name": "بهزیستی استان تهران", "kind": "welfare", "unit": territory.tehran.pk}, format="json"
    )
    assert same_name.status_code == 400
    assert same_name.json()["errors"]["name"] == [
        "سازمان «بهزیستی استان تهران» در همین محدوده از قبل ثبت شده است."
    ]
    other_unit = client.post(
        URL,
        {"name": "بهزیستی استان تهران", "kind": "welfare", "unit": territory.rey_county.pk},
        format="json",
    )
    assert other_unit.status_code == 201
    same_id = client.post(
        URL, {"name": "دیگری", "kind": "ngo", "unit": territory.tehran.pk, "national_id": code}, format="json"
    )
    assert same_id.status_code == 400
    assert same_id.json()["errors"]["national_id"] == ["سازمانی با این شناسهٔ ملی از قبل ثبت شده است."]
    # several organizations without a legal ID are fine
    for name in ("الف", "ب"):
        assert (
            client.post(
                URL, {"name": name, "kind": "other", "unit": territory.tehran.pk}, format="json"
            ).status_code
            == 201
        )


def test_a_government_agency_needs_a_sector_and_others_have_none(api, territory, insider):
    client = api(insider)
    missing = client.post(
        URL,
        {"name": "آموزش و پرورش ری", "kind": "government", "unit": territory.rey_county.pk},
        format="json",
    )
    assert missing.status_code == 400 and missing.json()["errors"]["sector"] == [
        "بخش دستگاه دولتی را انتخاب کنید."
    ]
    stray = client.post(
        URL,
        {"name": "سمن", "kind": "ngo", "sector": "police", "unit": territory.rey_county.pk},
        format="json",
    )
    assert stray.status_code == 400 and "sector" in stray.json()["errors"]
    ok = client.post(
        URL,
        {
            "name": "آموزش و پرورش ری",
            "kind": "government",
            "sector": "education",
            "unit": territory.rey_county.pk,
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["sector_label"] == "آموزش و پرورش"


def test_it_filters_by_kind_unit_subtree_search_and_activity(api, territory, insider):
    ngo = make_org(territory.rey_county, "سمن مهر‌آفرین", kind="ngo", national_id=legal_id())
    charity = make_org(territory.tehran_city, "خیریهٔ نیکان", kind="charity")
    retired = make_org(territory.rey_county, "موقوفهٔ قدیمی", kind="endowment", is_active=False)
    client = api(insider)
    assert ids(client.get(URL, {"kind": "ngo"})) == {ngo.pk}
    assert ids(client.get(URL, {"kind": ["ngo", "charity"]})) == {ngo.pk, charity.pk}
    assert ids(client.get(URL, {"within": territory.rey_county.pk})) == {ngo.pk, retired.pk}
    assert ids(client.get(URL, {"within": territory.rey_county.pk, "is_active": "true"})) == {ngo.pk}
    assert ids(client.get(URL, {"unit": territory.tehran_city.pk})) == {charity.pk}
    assert ids(client.get(URL, {"q": "مهر آفرین"})) == {ngo.pk}  # ZWNJ-insensitive
    assert ids(client.get(URL, {"q": ngo.national_id[:6]})) == {ngo.pk}
    bad = client.get(URL, {"kind": "bank"})
    assert bad.status_code == 400 and is_persian(bad.json()["message"])
    assert client.get(URL, {"within": "abc"}).status_code == 400


def test_patch_is_active_false_deactivates_and_history_keeps_it(api, territory, insider, readonly):
    org = make_org(territory.rey_county)
    assert api(readonly).patch(f"{URL}{org.pk}/", {"is_active": False}, format="json").status_code == 403
    response = api(insider).patch(f"{URL}{org.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    assert_conforms(response, "PATCH")
    org.refresh_from_db()
    assert not org.is_active
    assert [h.is_active for h in org.history.order_by("history_date")] == [True, False]
    assert api(insider).delete(f"{URL}{org.pk}/").status_code == 405


def test_moving_an_organization_out_of_the_scope_is_refused(api, territory, insider):
    org = make_org(territory.rey_county)
    response = api(insider).patch(f"{URL}{org.pk}/", {"unit": territory.isfahan.pk}, format="json")
    assert response.status_code == 400  # the unit is not even a valid choice for the insider
    org.refresh_from_db()
    assert org.unit == territory.rey_county


def test_selectors_give_other_apps_organizations_by_kind_and_place(territory, insider, outsider):
    from kanoon.organizations.selectors import organizations_around, organizations_for

    province = make_org(territory.tehran, "معاونت اجتماعی دانشگاه علوم پزشکی تهران", kind="university")
    county = make_org(territory.rey_county, "ادارهٔ بهزیستی ری", kind="welfare")
    city = make_org(territory.tehran_city, "شهرداری تهران", kind="municipality")
    make_org(territory.rey_county, "قدیمی", kind="welfare", is_active=False)
    isfahan = make_org(territory.isfahan, "بهزیستی اصفهان", kind="welfare")
    assert set(organizations_for(insider)) == {province, county, city}
    assert set(organizations_for(insider, kinds=["welfare"])) == {county}
    assert set(organizations_for(insider, kinds=["welfare"], include_inactive=True)) - {county} != set()
    assert set(organizations_for(outsider)) == {isfahan}
    assert set(organizations_around(insider, territory.village)) == {province, county}
    assert set(organizations_around(insider, territory.tehran)) == {province, county, city}


def test_it_lists_the_implementers_of_the_program_and_keeps_the_flag_read_only(
    api, territory, insider, readonly, outsider
):
    university = make_org(
        territory.tehran, "معاونت اجتماعی دانشگاه تهران", kind="university", is_implementer=True
    )
    make_org(territory.tehran_county, "سمن تهران")
    make_org(territory.isfahan, "بهزیستی اصفهان", kind="welfare", is_implementer=True)
    for user in (insider, readonly):
        response = api(user).get(URL, {"is_implementer": "true"})
        assert response.status_code == 200
        assert ids(response) == {university.pk} and response.json()["results"][0]["is_implementer"] is True
    isfahan = Organization.objects.get(name="بهزیستی اصفهان")
    assert ids(api(outsider).get(URL, {"is_implementer": "true"})) == {isfahan.pk}
    # the flag is not changed through the registry's API (monitoring's implementer pages do it)
    ngo = Organization.objects.get(name="سمن تهران")
    response = api(insider).patch(f"{URL}{ngo.pk}/", {"is_implementer": True}, format="json")
    assert response.status_code == 200
    ngo.refresh_from_db()
    assert not ngo.is_implementer and response.json()["is_implementer"] is False
