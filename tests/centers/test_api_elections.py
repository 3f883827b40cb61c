import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kanoon.centers import services
from kanoon.centers.models import OfficeHolder
from tests.scoped import ScopedAPICase

from .conftest import make_center, make_member


def ballot(center, votes=(30, 12, 25, 9)):
    people = [make_member(center) for _ in range(4)]
    return people, [
        {"person": people[0].pk, "office": "secretary", "votes": votes[0]},
        {"person": people[1].pk, "office": "secretary", "votes": votes[1]},
        {"person": people[2].pk, "office": "deputy", "votes": votes[2]},
        {"person": people[3].pk, "office": "deputy", "votes": votes[3]},
    ]


def record(center, held_on=dt.date(2024, 5, 1)):
    people, rows = ballot(center)
    for row, person in zip(rows, people, strict=True):
        row["person"] = person
    return services.election_record(actor=None, center=center, held_on=held_on, voters=45, candidates=rows)


class TestElectionAPI(ScopedAPICase):
    url = "/api/v1/elections/"
    updatable = False

    def make_inside(self, t):
        return record(make_center(t.yousefabad))

    def make_outside(self, t):
        return record(make_center(t.jolfa))

    def create_payload(self, t):
        center = make_center(t.yousefabad)
        _, rows = ballot(center)
        return {
            "center": center.pk,
            "held_on": "1403/02/10",
            "voters": 45,
            "observers": "نمایندهٔ شهرداری",
            "candidates": rows,
        }

    def create_outside_payload(self, t):
        center = make_center(t.jolfa)
        _, rows = ballot(center)
        return {"center": center.pk, "held_on": "1403/02/10", "voters": 45, "candidates": rows}

    def invalid_payload(self, t):
        center = make_center(t.yousefabad)
        _, rows = ballot(center)
        return {"center": center.pk, "held_on": "1403/02/10", "voters": 10, "candidates": rows}, "voters"


def test_it_elects_the_most_voted_and_keeps_one_current_holder(api, territory, insider):
    center = make_center(territory.yousefabad)
    people, rows = ballot(center)
    response = api(insider).post(
        "/api/v1/elections/",
        {"center": center.pk, "held_on": "1402/02/10", "voters": 45, "candidates": rows},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secretary"] == people[0].pk and body["deputy"] == people[2].pk
    assert body["held_on_jalali"] == "1402/02/10"
    second, rows2 = ballot(center, votes=(5, 40, 3, 41))
    response = api(insider).post(
        "/api/v1/elections/",
        {"center": center.pk, "held_on": "1404/02/10", "voters": 50, "candidates": rows2},
        format="json",
    )
    assert response.status_code == 201, response.content
    current = OfficeHolder.objects.filter(center=center, ended_on__isnull=True)
    assert {(h.office, h.person_id) for h in current} == {
        ("secretary", second[1].pk),
        ("deputy", second[3].pk),
    }
    assert OfficeHolder.objects.filter(center=center).count() == 4
    center.refresh_from_db()
    assert center.progress > 0  # "secretary elected" completed its establishment action


def test_a_tie_or_a_missing_office_is_refused(api, territory, insider):
    center = make_center(territory.yousefabad)
    _, rows = ballot(center, votes=(20, 20, 5, 4))
    r = api(insider).post(
        "/api/v1/elections/",
        {"center": center.pk, "held_on": "1403/02/10", "voters": 50, "candidates": rows},
        format="json",
    )
    assert r.status_code == 400 and "candidates" in r.json()["errors"]
    r = api(insider).post(
        "/api/v1/elections/",
        {"center": center.pk, "held_on": "1403/02/10", "voters": 50, "candidates": rows[:2]},
        format="json",
    )
    assert r.status_code == 400 and "candidates" in r.json()["errors"]


def test_an_older_election_cannot_replace_a_newer_one(territory):
    center = make_center(territory.yousefabad)
    record(center, held_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError):
        record(center, held_on=dt.date(2023, 5, 1))


def test_the_database_allows_one_current_secretary(territory):
    center = make_center(territory.yousefabad)
    a, b = make_member(center), make_member(center)
    OfficeHolder.objects.create(center=center, person=a, office="secretary", started_on=dt.date(2024, 1, 1))
    with pytest.raises(IntegrityError):
        OfficeHolder.objects.create(
            center=center, person=b, office="secretary", started_on=dt.date(2024, 2, 1)
        )


def test_elections_are_not_edited(api, territory, insider):
    election = record(make_center(territory.yousefabad))
    assert api(insider).patch(f"/api/v1/elections/{election.pk}/", {"voters": 1}).status_code == 405


def test_the_history_of_office_holders(api, territory, insider, outsider):
    center = make_center(territory.yousefabad)
    record(center, held_on=dt.date(2023, 5, 1))
    record(center, held_on=dt.date(2025, 5, 1))
    url = f"/api/v1/centers/{center.pk}/office-holders/"
    assert api(outsider).get(url).status_code == 404
    rows = api(insider).get(url).json()
    assert len(rows) == 4
    current = [r for r in rows if r["ended_on"] is None]
    assert {r["office"] for r in current} == {"secretary", "deputy"}
    assert all(r["started_on_jalali"] == "1404/02/11" for r in current)
