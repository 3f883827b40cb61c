"""Shared fixtures: a small territory and the insider / read-only / outsider users.

- insider:  province expert of Tehran (full rights in Tehran province)
- readonly: observer of Tehran province (sees, never changes)
- outsider: province expert of Isfahan (another province)
- national: national admin (the whole country)
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from kanoon.accounts.models import RoleAssignment, User
from kanoon.core import scope
from kanoon.core.notify import MemorySMSBackend
from kanoon.geo.models import Kind, Unit

ARTIFACTS = os.environ.get("KANOON_TEST_ARTIFACTS", os.path.join(os.getcwd(), "test-artifacts"))


def make_unit(kind: str, name: str, parent: Unit | None, code: str = "") -> Unit:
    unit = Unit(kind=kind, name=name, parent=parent, code=code)
    unit.save()
    return unit


@pytest.fixture
def territory(db) -> SimpleNamespace:
    t = SimpleNamespace()
    t.country = make_unit(Kind.COUNTRY, "ایران", None, "IR")
    t.tehran = make_unit(Kind.PROVINCE, "تهران", t.country, "23")
    t.tehran_county = make_unit(Kind.COUNTY, "تهران", t.tehran, "2301")
    t.tehran_district = make_unit(Kind.DISTRICT, "مرکزی", t.tehran_county, "230101")
    t.tehran_city = make_unit(Kind.CITY, "تهران", t.tehran_district, "2301011")
    t.zone6 = make_unit(Kind.ZONE, "منطقه ۶", t.tehran_city)
    t.yousefabad = make_unit(Kind.NEIGHBORHOOD, "یوسف‌آباد", t.zone6)
    t.rey_county = make_unit(Kind.COUNTY, "ری", t.tehran, "2302")
    t.rey_district = make_unit(Kind.DISTRICT, "کهریزک", t.rey_county, "230201")
    t.rural = make_unit(Kind.RURAL_DISTRICT, "قلعه نو", t.rey_district, "2302011")
    t.village = make_unit(Kind.VILLAGE, "قلعه نو خالصه", t.rural, "23020111")
    t.isfahan = make_unit(Kind.PROVINCE, "اصفهان", t.country, "10")
    t.isfahan_county = make_unit(Kind.COUNTY, "اصفهان", t.isfahan, "1001")
    t.isfahan_district = make_unit(Kind.DISTRICT, "مرکزی", t.isfahan_county, "100101")
    t.isfahan_city = make_unit(Kind.CITY, "اصفهان", t.isfahan_district, "1001011")
    t.jolfa = make_unit(Kind.NEIGHBORHOOD, "جلفا", t.isfahan_city)
    return t


def make_user(
    username: str, role: str | None = None, unit: Unit | None = None, password: str | None = None, **extra
) -> User:
    user = User(username=username, **extra)
    user.set_password(password or "pass-" + username)
    user.save()
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def insider(territory) -> User:
    return make_user("insider", scope.PROVINCE_EXPERT, territory.tehran, mobile="09121111111")


@pytest.fixture
def readonly(territory) -> User:
    return make_user("readonly", scope.OBSERVER, territory.tehran)


@pytest.fixture
def outsider(territory) -> User:
    return make_user("outsider", scope.PROVINCE_EXPERT, territory.isfahan)


@pytest.fixture
def national(territory) -> User:
    return make_user("national", scope.NATIONAL_ADMIN, territory.country)


@pytest.fixture
def api():
    """api(user) → an APIClient authenticated as that user (None: anonymous)."""

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def web(client):
    """web(user) → a Django test client logged in as that user."""

    def make(user: User | None = None):
        client.logout()
        if user is not None:
            client.force_login(user, backend="kanoon.accounts.backends.UsernameOrMobileBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _clean_outbox():
    MemorySMSBackend.outbox.clear()
    yield
    MemorySMSBackend.outbox.clear()


@pytest.fixture
def artifacts_dir() -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS
