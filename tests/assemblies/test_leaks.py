"""Names and counts never cross the scope: nested lists, counts and ids in errors (issue 8, item 5)."""

from __future__ import annotations

import pytest

from kanoon.accounts.models import RoleAssignment
from kanoon.assemblies import services
from kanoon.core import scope
from tests.centers.conftest import make_center, make_member, make_person
from tests.conftest import make_user


@pytest.fixture
def national_policy(chain):
    """A national policy: delivered to every assembly of the country, acknowledged by none."""
    return services.policy_issue(actor=None, issuer=chain.national, title="سیاست ملی تغذیه", body="متن")


@pytest.fixture
def two_places(territory):
    """County expert of Tehran county who is also an observer in Isfahan province."""
    user = make_user("two_places", scope.COUNTY_EXPERT, territory.tehran_county)
    RoleAssignment.objects.create(user=user, role=scope.OBSERVER, unit=territory.isfahan)
    return user


def expected(chain, user_key: str) -> set[int]:
    """The receiving assemblies each user may see."""
    c = chain
    return {
        "secretary": {c.yousefabad.pk},
        "insider": {c.tehran.pk, c.tehran_county.pk, c.rey.pk, c.yousefabad.pk, c.village.pk},
        "readonly": {c.tehran.pk, c.tehran_county.pk, c.rey.pk, c.yousefabad.pk, c.village.pk},
        "outsider": {c.isfahan.pk, c.isfahan_county.pk, c.jolfa.pk},
        "two_places": {c.tehran_county.pk, c.yousefabad.pk, c.isfahan.pk, c.isfahan_county.pk, c.jolfa.pk},
    }[user_key]


@pytest.mark.parametrize("user_key", ["secretary", "insider", "readonly", "outsider", "two_places"])
def test_it_counts_and_names_a_policys_missing_assemblies_only_within_the_scope(
    api, chain, people, insider, readonly, outsider, two_places, national_policy, user_key
):
    user = {
        "secretary": people.secretary,
        "insider": insider,
        "readonly": readonly,
        "outsider": outsider,
        "two_places": two_places,
    }[user_key]
    mine = expected(chain, user_key)
    assert national_policy.deliveries.count() > len(mine)
    client = api(user)
    coverage = client.get(f"/api/v1/policies/{national_policy.pk}/").json()["coverage"]
    assert coverage["delivered"] == len(mine) and coverage["acknowledged"] == 0
    assert {m["id"] for m in coverage["missing"]} == mine
    listed = client.get("/api/v1/policies/").json()["results"]
    row = next(p for p in listed if p["id"] == national_policy.pk)
    assert row["coverage"]["delivered"] == len(mine)


def test_it_shows_a_secretary_the_policy_list_counts_of_their_own_assembly_only(
    web, chain, people, national_policy
):
    html = web(people.secretary).get("/assemblies/policies/").content.decode()
    assert "۰ از ۱" in html
    assert f"از {national_policy.deliveries.count()}" not in html.replace("۸", "8")


def test_it_answers_the_received_by_filter_only_for_assemblies_in_scope(api, chain, people, national_policy):
    client = api(people.secretary)
    own = client.get("/api/v1/policies/", {"received_by": chain.yousefabad.pk}).json()
    assert [p["id"] for p in own["results"]] == [national_policy.pk]
    elsewhere = client.get("/api/v1/policies/", {"received_by": chain.jolfa.pk}).json()
    assert elsewhere["results"] == []


def _ballot(center, stranger):
    people = [make_member(center) for _ in range(3)]
    return [
        {"person": stranger, "office": "secretary", "votes": 30},
        {"person": people[0].pk, "office": "secretary", "votes": 10},
        {"person": people[1].pk, "office": "deputy", "votes": 20},
        {"person": people[2].pk, "office": "deputy", "votes": 5},
    ]


def test_it_never_names_an_out_of_scope_person_in_an_election_error(api, territory, insider):
    center = make_center(territory.yousefabad)
    far = make_person(territory.jolfa, first_name="نیلوفر", last_name="اصفهانی‌زاده")
    post = api(insider).post
    body = {"center": center.pk, "held_on": "1403/02/10", "voters": 45}
    out_of_scope = post("/api/v1/elections/", {**body, "candidates": _ballot(center, far.pk)}, format="json")
    missing = post("/api/v1/elections/", {**body, "candidates": _ballot(center, 10**9)}, format="json")
    assert out_of_scope.status_code == missing.status_code == 400
    text = out_of_scope.content.decode()
    assert "نیلوفر" not in text and "اصفهانی" not in text
    # the same answer as an id that does not exist (only the id itself differs)
    assert out_of_scope.json()["errors"].keys() == missing.json()["errors"].keys()
    assert text.replace(str(far.pk), "ID") == missing.content.decode().replace(str(10**9), "ID")
