"""Official divisions change only through the divisions import; staff edit the zones and
neighborhoods in their scope, and a unit with people, centers or sub-units on it is never
deactivated (a role held at an inactive unit confers nothing)."""

import pytest
from django.core.exceptions import PermissionDenied

from kanoon.accounts.models import RoleAssignment
from kanoon.core import scope
from kanoon.geo import services
from kanoon.geo.models import Kind, Unit
from tests.conftest import make_user
from tests.scoped import is_persian


def grants(user) -> set:
    scope.forget_grants(user)
    return set(scope.user_grants(user))


@pytest.fixture
def county_expert(territory):
    return make_user("county_x", scope.COUNTY_EXPERT, territory.tehran_county)


@pytest.fixture
def two_places(territory):
    """County expert of Tehran county who is also an observer in Isfahan province."""
    user = make_user("two_places", scope.COUNTY_EXPERT, territory.tehran_county)
    RoleAssignment.objects.create(user=user, role=scope.OBSERVER, unit=territory.isfahan)
    return user


@pytest.mark.parametrize("payload", [{"name": "تهران بزرگ"}, {"is_active": False}])
def test_it_refuses_api_edits_of_official_units_by_province_and_county_experts(
    api, territory, insider, county_expert, payload
):
    for user in (insider, county_expert):
        before = grants(user)
        response = api(user).patch(f"/api/v1/units/{territory.tehran_county.pk}/", payload, format="json")
        assert response.status_code == 403
        assert is_persian(response.json()["message"]) and "ورود تقسیمات" in response.json()["message"]
        territory.tehran_county.refresh_from_db()
        assert territory.tehran_county.name == "تهران" and territory.tehran_county.is_active
        assert territory.tehran_county.history.count() == 1
        assert grants(user) == before  # the caller's own role is untouched


def test_it_keeps_every_official_kind_read_only_even_for_national_staff(api, territory, national):
    for unit in (territory.tehran, territory.tehran_district, territory.tehran_city, territory.village):
        response = api(national).patch(f"/api/v1/units/{unit.pk}/", {"name": "x"}, format="json")
        assert response.status_code == 403
        unit.refresh_from_db()
        assert unit.name != "x"


def test_it_answers_readonly_403_and_outsider_404_on_units(api, territory, readonly, outsider):
    url = f"/api/v1/units/{territory.yousefabad.pk}/"
    assert api(readonly).patch(url, {"name": "x"}, format="json").status_code == 403
    assert api(outsider).patch(url, {"name": "x"}, format="json").status_code == 404
    territory.yousefabad.refresh_from_db()
    assert territory.yousefabad.name == "یوسف‌آباد"


def test_it_lets_staff_rename_and_deactivate_an_empty_neighborhood(api, territory, insider):
    empty = Unit(kind=Kind.NEIGHBORHOOD, name="امیرآباد", parent=territory.zone6)
    empty.save()
    url = f"/api/v1/units/{empty.pk}/"
    response = api(insider).patch(url, {"name": "امیرآباد شمالی"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "امیرآباد شمالی"
    response = api(insider).patch(url, {"is_active": False}, format="json")
    assert response.status_code == 200
    empty.refresh_from_db()
    assert not empty.is_active
    assert [h.is_active for h in empty.history.order_by("history_id")] == [True, True, False]


def test_it_refuses_to_deactivate_a_neighborhood_where_people_hold_roles(api, territory, insider):
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    before = grants(secretary)
    response = api(insider).patch(
        f"/api/v1/units/{territory.yousefabad.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["errors"]["is_active"][0]
    assert "نقش‌های کاربران: ۱" in message and "نمی‌توان غیرفعال کرد" in message
    territory.yousefabad.refresh_from_db()
    assert territory.yousefabad.is_active
    assert grants(secretary) == before and before


def test_it_refuses_to_deactivate_a_zone_with_active_neighborhoods(api, territory, insider):
    response = api(insider).patch(f"/api/v1/units/{territory.zone6.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 400
    assert "واحدهای تقسیمات: ۱" in response.json()["errors"]["is_active"][0]
    territory.zone6.refresh_from_db()
    assert territory.zone6.is_active


def test_it_refuses_to_deactivate_a_neighborhood_with_an_open_center(api, territory, insider):
    from tests.centers.conftest import make_center

    make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    response = api(insider).patch(
        f"/api/v1/units/{territory.yousefabad.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 400
    assert "کانون‌های سلامت: ۱" in response.json()["errors"]["is_active"][0]


def test_it_holds_a_user_with_roles_in_two_places_to_each_roles_rights(api, territory, two_places):
    client = api(two_places)
    # Isfahan is visible through the observer role, never editable
    jolfa = f"/api/v1/units/{territory.jolfa.pk}/"
    assert client.get(jolfa).status_code == 200
    assert client.patch(jolfa, {"name": "x"}, format="json").status_code == 403
    # the own county is official: read-only; its neighborhoods are editable
    county = f"/api/v1/units/{territory.tehran_county.pk}/"
    assert client.patch(county, {"is_active": False}, format="json").status_code == 403
    assert (
        client.patch(
            f"/api/v1/units/{territory.yousefabad.pk}/", {"name": "یوسف‌آباد"}, format="json"
        ).status_code
        == 200
    )
    assert len(grants(two_places)) == 2


def test_it_keeps_official_units_read_only_in_the_service_whoever_calls(territory):
    with pytest.raises(PermissionDenied):
        services.unit_update(actor=None, unit=territory.rey_county, is_active=False)
    territory.rey_county.refresh_from_db()
    assert territory.rey_county.is_active


def test_it_refuses_official_units_on_the_web_form(web, territory, insider):
    client = web(insider)
    response = client.post(f"/units/{territory.tehran_county.pk}/edit/", {"name": "x", "is_active": "0"})
    assert response.status_code == 403
    territory.tehran_county.refresh_from_db()
    assert territory.tehran_county.name == "تهران" and territory.tehran_county.is_active


def test_it_explains_on_the_web_form_why_a_unit_cannot_be_deactivated(web, territory, insider):
    make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    response = web(insider).post(
        f"/units/{territory.yousefabad.pk}/edit/", {"name": "یوسف‌آباد", "is_active": "0"}
    )
    assert response.status_code == 200
    assert "نمی‌توان غیرفعال کرد" in response.content.decode()
    territory.yousefabad.refresh_from_db()
    assert territory.yousefabad.is_active


def test_it_deactivates_an_empty_neighborhood_on_the_web_and_a_rename_alone_keeps_it_active(
    web, territory, insider
):
    empty = Unit(kind=Kind.NEIGHBORHOOD, name="امیرآباد", parent=territory.zone6)
    empty.save()
    client = web(insider)
    assert client.post(f"/units/{empty.pk}/edit/", {"name": "امیرآباد ۱"}).status_code == 302
    empty.refresh_from_db()
    assert empty.is_active and empty.name == "امیرآباد ۱"
    assert (
        client.post(f"/units/{empty.pk}/edit/", {"name": "امیرآباد ۱", "is_active": "0"}).status_code == 302
    )
    empty.refresh_from_db()
    assert not empty.is_active
