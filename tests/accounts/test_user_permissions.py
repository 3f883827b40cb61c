"""Who may manage whom: every user-management action × actor × target, through API and pages.

A manager may change a user only when every ACTIVE role of that user lies in the manager's subtree
and ranks strictly below the manager's role there (kanoon.accounts.selectors.can_manage). A user
visible to the manager (one active role in their subtree) but not manageable answers 403; a user
who is not visible answers 404. Revoked roles confer nothing.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from kanoon.accounts.models import RoleAssignment, User
from kanoon.core import scope
from tests.conftest import make_user

OK, FORBIDDEN, HIDDEN = "ok", 403, 404

ACTORS = ["county", "insider", "readonly", "outsider", "national"]
TARGETS = ["sub", "dual", "higher", "peer", "revoked", "member_rey", "readonly", "outsider"]

# expected outcome of changing TARGET (columns) as ACTOR (rows)
EXPECTED = {
    #            sub        dual       higher     peer       revoked  member_rey readonly outsider
    "county": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN],
    "insider": [OK, FORBIDDEN, OK, OK, HIDDEN, OK, OK, HIDDEN],
    "readonly": [HIDDEN] * 8,
    "outsider": [HIDDEN, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, FORBIDDEN],
    "national": [OK] * 8,
}
# revoking an assignment the actor can see (the history stays visible) of a user they may not manage
REVOKE_OVERRIDES = {("county", "revoked"): FORBIDDEN, ("insider", "revoked"): FORBIDDEN}
# a user may pick themself in the grant form; nobody manages themself here
GRANT_OVERRIDES = {("readonly", "readonly"): FORBIDDEN}


@pytest.fixture
def cast(territory, insider, readonly, outsider, national):
    t = territory
    people = {
        "insider": insider,
        "readonly": readonly,
        "outsider": outsider,
        "national": national,
        "county": make_user("county", scope.COUNTY_EXPERT, t.tehran_county),
        "sub": make_user("sub", scope.FACILITATOR, t.tehran_county),
        "higher": make_user("higher", scope.WELFARE_EXPERT, t.tehran_county),
        "peer": make_user("peer", scope.COUNTY_EXPERT, t.tehran_county),
        "member_rey": make_user("member_rey", scope.MEMBER, t.village),
    }
    # an Isfahan province expert who also holds a member role inside Tehran county
    dual = make_user("dual", scope.PROVINCE_EXPERT, t.isfahan, mobile="09130000001")
    RoleAssignment.objects.create(user=dual, role=scope.MEMBER, unit=t.yousefabad)
    people["dual"] = dual
    # a user whose only role (in Tehran county) was revoked
    revoked = make_user("revoked", scope.FACILITATOR, t.tehran_county)
    RoleAssignment.objects.filter(user=revoked).update(is_active=False)
    people["revoked"] = revoked
    grant_units = {
        "county": t.yousefabad,
        "insider": t.yousefabad,
        "readonly": t.yousefabad,
        "outsider": t.jolfa,
        "national": t.yousefabad,
    }
    return people, grant_units


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _api(user):
    client = APIClient()
    client.force_authenticate(_fresh(user))
    return client


def _web(client, user):
    client.logout()
    client.force_login(_fresh(user), backend="kanoon.accounts.backends.UsernameOrMobileBackend")
    return client


def _assignment_for(actor: User, target: User) -> RoleAssignment:
    """The target's assignment the actor can see, if any (else any of theirs)."""
    seen = RoleAssignment.objects.restrict(_fresh(actor), "view").filter(user=target).order_by("pk").first()
    return seen or RoleAssignment.objects.filter(user=target).order_by("pk").first()


def _snapshot(target: User) -> tuple:
    u = _fresh(target)
    roles = tuple(
        RoleAssignment.objects.filter(user=u).order_by("pk").values_list("role", "unit", "is_active")
    )
    return (u.first_name, u.mobile, u.is_active, roles)


def _do(action: str, client, actor: User, target: User, unit) -> int:
    web_form = {"first_name": "changed", "last_name": "", "mobile": "+98 912 777 6655", "email": ""}
    if action == "api_update":
        return _api(actor).patch(f"/api/v1/users/{target.pk}/", {"first_name": "changed"}, format="json")
    if action == "api_set_mobile":
        return _api(actor).patch(f"/api/v1/users/{target.pk}/", {"mobile": "+989127776655"}, format="json")
    if action == "api_deactivate":
        return _api(actor).patch(f"/api/v1/users/{target.pk}/", {"is_active": False}, format="json")
    if action == "api_grant":
        return _api(actor).post(
            "/api/v1/role-assignments/",
            {"user": target.pk, "role": scope.OBSERVER, "unit": unit.pk},
            format="json",
        )
    if action == "api_revoke":
        return _api(actor).post(f"/api/v1/role-assignments/{_assignment_for(actor, target).pk}/revoke/")
    if action == "web_update":
        return _web(client, actor).post(f"/accounts/users/{target.pk}/", {**web_form, "is_active": "on"})
    if action == "web_deactivate":
        return _web(client, actor).post(f"/accounts/users/{target.pk}/", web_form)
    if action == "web_grant":
        return _web(client, actor).post(
            f"/accounts/users/{target.pk}/", {"role": scope.OBSERVER, "unit": unit.pk}
        )
    if action == "web_revoke":
        return _web(client, actor).post(f"/accounts/assignments/{_assignment_for(actor, target).pk}/revoke/")
    raise AssertionError(action)


OK_STATUS = {
    "api_update": 200,
    "api_set_mobile": 200,
    "api_deactivate": 200,
    "api_grant": 201,
    "api_revoke": 200,
    "web_update": 302,
    "web_deactivate": 302,
    "web_grant": 302,
    "web_revoke": 302,
}


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("action", sorted(OK_STATUS))
def test_it_applies_the_rank_and_subtree_rule_to_every_user_management_action(action, cast, client):
    people, grant_units = cast
    failures = []
    for actor_name in ACTORS:
        for target_name, expected in zip(TARGETS, EXPECTED[actor_name], strict=True):
            actor, target = people[actor_name], people[target_name]
            if action.endswith("revoke"):
                expected = REVOKE_OVERRIDES.get((actor_name, target_name), expected)
            if action == "api_grant":
                expected = GRANT_OVERRIDES.get((actor_name, target_name), expected)
            already_revoked = action.endswith("revoke") and target_name == "revoked"
            want = OK_STATUS[action] if expected == OK else expected
            if action == "api_grant" and expected == HIDDEN:
                want = 400  # an unknown user in a foreign-key field is a field error
            before = _snapshot(target)
            try:
                with transaction.atomic():
                    response = _do(action, client, actor, target, grant_units[actor_name])
                    after = _snapshot(target)
                    raise _Rollback
            except _Rollback:
                pass
            if response.status_code != want:
                failures.append(f"{actor_name} → {target_name}: {response.status_code}, expected {want}")
            elif expected != OK and after != before:
                failures.append(f"{actor_name} → {target_name}: refused but changed {before} → {after}")
            elif expected == OK and after == before and not already_revoked:
                failures.append(f"{actor_name} → {target_name}: allowed but nothing changed")
    assert not failures, "\n".join(failures)


def test_a_tehran_county_expert_cannot_take_over_an_isfahan_expert_with_a_tehran_role(cast, api, web):
    people, _ = cast
    county, dual = people["county"], people["dual"]
    # the member role in Tehran makes them visible (403, not 404) …
    assert api(county).get(f"/api/v1/users/{dual.pk}/").status_code == 200
    response = api(county).patch(f"/api/v1/users/{dual.pk}/", {"mobile": "09127776655"}, format="json")
    assert response.status_code == 403
    assert "اجازه" in response.json()["message"]
    page = web(county).post(f"/accounts/users/{dual.pk}/", {"mobile": "09127776655", "is_active": "on"})
    assert page.status_code == 403
    assert _fresh(dual).mobile == "09130000001"


def test_a_manager_cannot_edit_or_deactivate_a_higher_ranked_user_in_their_subtree(cast, api, web):
    people, _ = cast
    county, higher = people["county"], people["higher"]
    assert (
        api(county).patch(f"/api/v1/users/{higher.pk}/", {"is_active": False}, format="json").status_code
        == 403
    )
    assert web(county).post(f"/accounts/users/{higher.pk}/", {"first_name": "x"}).status_code == 403
    assert _fresh(higher).is_active is True


def test_a_revoked_role_does_not_make_a_user_visible(cast, api, web):
    people, _ = cast
    county, revoked = people["county"], people["revoked"]
    assert revoked.pk not in {u["id"] for u in api(county).get("/api/v1/users/").json()["results"]}
    assert api(county).get(f"/api/v1/users/{revoked.pk}/").status_code == 404
    assert web(county).get(f"/accounts/users/{revoked.pk}/").status_code == 404
    assert "revoked" not in web(county).get("/accounts/users/").content.decode()


def test_a_users_detail_shows_only_their_roles_within_the_viewers_scope(cast, api, web):
    people, _ = cast
    county, dual = people["county"], people["dual"]
    roles = api(county).get(f"/api/v1/users/{dual.pk}/").json()["assignments"]
    assert [(r["role"], r["unit"]) for r in roles] == [
        (scope.MEMBER, dual.assignments.get(role="member").unit_id)
    ]
    listed = next(u for u in api(county).get("/api/v1/users/").json()["results"] if u["id"] == dual.pk)
    assert [r["role"] for r in listed["assignments"]] == [scope.MEMBER]
    page = web(county).get("/accounts/users/").content.decode()
    assert "اصفهان" not in page and "کارشناس استان" not in page
    # the user themself and a national admin see everything
    assert len(api(dual).get("/api/v1/me/").json()["assignments"]) == 2
    assert len(api(people["national"]).get(f"/api/v1/users/{dual.pk}/").json()["assignments"]) == 2


def test_national_admins_are_managed_by_superusers_only(cast, api):
    people, _ = cast
    other = make_user("national2", scope.NATIONAL_ADMIN, people["national"].assignments.get().unit)
    assert (
        api(people["national"])
        .patch(f"/api/v1/users/{other.pk}/", {"first_name": "x"}, format="json")
        .status_code
        == 403
    )
    boss = make_user("boss", is_superuser=True)
    assert (
        api(boss).patch(f"/api/v1/users/{other.pk}/", {"first_name": "x"}, format="json").status_code == 200
    )
