"""Helpers for the centers tests: valid national codes, centers, people and members."""

from __future__ import annotations

import itertools

import pytest

from kanoon.centers import services
from kanoon.centers.models import Center, Person

_seq = itertools.count(1000)


def national_code(n: int | None = None) -> str:
    """A valid national code (correct check digit) derived from n."""
    body = f"{(n if n is not None else next(_seq)) % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    check = total if total < 2 else 11 - total
    code = body + str(check)
    return code if len(set(code)) > 1 else national_code((n or 0) + 1)


def make_center(unit, name: str | None = None, **fields) -> Center:
    return services.center_create(actor=None, name=name or f"کانون {next(_seq)}", unit=unit, **fields)


def make_person(unit, gender: str = "female", **fields) -> Person:
    fields.setdefault("first_name", "زهرا")
    fields.setdefault("last_name", f"کریمی {next(_seq)}")
    return services.person_create(
        actor=None,
        national_code=fields.pop("national_code", national_code()),
        gender=gender,
        registered_unit=unit,
        **fields,
    )


def make_member(center: Center, **fields):
    person = make_person(center.unit, **fields)
    services.membership_add(actor=None, center=center, person=person)
    return person


@pytest.fixture
def center(territory) -> Center:
    return make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")


@pytest.fixture
def isfahan_center(territory) -> Center:
    return make_center(territory.jolfa, "کانون سلامت جلفا")
