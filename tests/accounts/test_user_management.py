import pytest
from django.core.exceptions import PermissionDenied

from kanoon.accounts import services
from kanoon.accounts.models import RoleAssignment, User
from kanoon.core import scope
from tests.conftest import make_user
from tests.scoped import ids


@pytest.fixture
def tehran_fac(territory):
    return make_user("fac", scope.FACILITATOR, territory.tehran_county)


@pytest.fixture
def isfahan_fac(territory):
    return make_user("isfac", scope.FACILITATOR, territory.isfahan_county)


def test_it_lists_only_users_in_scope(api, insider, outsider, readonly, tehran_fac, isfahan_fac):
    seen = ids(api(insider).get("/api/v1/users/"))
    assert tehran_fac.pk in seen and isfahan_fac.pk not in seen
    assert api(outsider).get(f"/api/v1/users/{tehran_fac.pk}/").status_code == 404
    # an observer manages nobody
    assert api(readonly).get("/api/v1/users/").json()["count"] == 0


def test_a_province_expert_creates_a_county_expert_in_their_province(api, insider, territory):
    payload = {
        "username": "newcounty",
        "password": "Long-enough-pass-9",
        "first_name": "رضا",
        "mobile": "۰۹۱۲۹۹۹۸۸۷۷",
        "role": "county_expert",
        "unit": territory.rey_county.pk,
    }
    response = api(insider).post("/api/v1/users/", payload, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="newcounty")
    assert user.mobile == "09129998877"
    assert user.assignments.get().unit == territory.rey_county


def test_it_refuses_to_grant_outside_scope_or_above_rank(api, insider, territory):
    base = {"username": "x1", "password": "Long-enough-pass-9", "role": "county_expert"}
    outside = api(insider).post(
        "/api/v1/users/", {**base, "unit": territory.isfahan_county.pk}, format="json"
    )
    assert outside.status_code == 400 and "unit" in outside.json()["errors"]
    above = api(insider).post(
        "/api/v1/users/", {**base, "role": "national_admin", "unit": territory.tehran.pk}, format="json"
    )
    assert above.status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_bad_user_input_is_explained_field_by_field(api, insider, territory):
    response = api(insider).post(
        "/api/v1/users/",
        {
            "username": "x2",
            "password": "123",
            "mobile": "0212",
            "role": "facilitator",
            "unit": territory.tehran.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"password", "mobile"} <= set(errors)
    assert not User.objects.filter(username="x2").exists()


def test_readonly_and_outsider_cannot_change_users(api, readonly, outsider, tehran_fac):
    assert (
        api(readonly).patch(f"/api/v1/users/{tehran_fac.pk}/", {"first_name": "x"}, format="json").status_code
        == 404
    )
    assert (
        api(outsider).patch(f"/api/v1/users/{tehran_fac.pk}/", {"first_name": "x"}, format="json").status_code
        == 404
    )


def test_assignments_are_granted_and_revoked_never_deleted(api, insider, outsider, tehran_fac, territory):
    client = api(insider)
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": tehran_fac.pk, "role": "center_secretary", "unit": territory.yousefabad.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api(outsider).post(f"/api/v1/role-assignments/{pk}/revoke/").status_code == 404
    assert client.post(f"/api/v1/role-assignments/{pk}/revoke/").status_code == 200
    assert RoleAssignment.objects.get(pk=pk).is_active is False
    assert client.delete(f"/api/v1/role-assignments/{pk}/").status_code == 405
    dup = client.post(
        "/api/v1/role-assignments/",
        {"user": tehran_fac.pk, "role": "facilitator", "unit": territory.tehran_county.pk},
        format="json",
    )
    assert dup.status_code == 400 and "role" in dup.json()["errors"]


def test_a_revoked_role_no_longer_gives_scope(territory, insider, tehran_fac):
    assignment = tehran_fac.assignments.get()
    services.assignment_revoke(actor=insider, assignment=assignment)
    fresh = User.objects.get(pk=tehran_fac.pk)
    assert scope.scope_paths(fresh, RoleAssignment, "view") == []


def test_a_county_expert_cannot_grant_a_province_role(territory):
    county = make_user("ce", scope.COUNTY_EXPERT, territory.rey_county)
    target = make_user("t", scope.MEMBER, territory.village)  # a user without roles is national-only
    with pytest.raises(PermissionDenied):
        services.assignment_grant(actor=county, user=target, role="province_expert", unit=territory.tehran)
    with pytest.raises(PermissionDenied):
        services.assignment_grant(actor=county, user=target, role="facilitator", unit=territory.tehran_county)
    services.assignment_grant(actor=county, user=target, role="facilitator", unit=territory.rey_county)


def test_user_pages_are_scoped(web, insider, readonly, outsider, tehran_fac):
    assert web(insider).get("/accounts/users/").status_code == 200
    assert "fac" in web(insider).get("/accounts/users/").content.decode()
    assert web(insider).get(f"/accounts/users/{tehran_fac.pk}/").status_code == 200
    assert web(outsider).get(f"/accounts/users/{tehran_fac.pk}/").status_code == 404
    assert web(readonly).get("/accounts/users/").status_code == 403


def test_a_user_is_created_from_the_page(web, insider, territory):
    client = web(insider)
    page = client.get("/accounts/users/new/")
    assert page.status_code == 200
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "webuser",
            "password": "Long-enough-pass-9",
            "role": "facilitator",
            "unit": territory.tehran_county.pk,
            "mobile": "09120001122",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="webuser").assignments.get().role == "facilitator"
    bad = client.post(
        "/accounts/users/new/",
        {
            "username": "webuser2",
            "password": "Long-enough-pass-9",
            "role": "facilitator",
            "unit": territory.jolfa.pk,
        },
    )
    assert bad.status_code == 200 and not User.objects.filter(username="webuser2").exists()
