"""Assemblies over the shared territory: national > Tehran province > Tehran county / Rey county
> Yousefabad neighborhood (and the Rey village); Isfahan province > Isfahan county > Jolfa."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kanoon.accounts.models import User
from kanoon.assemblies import services
from kanoon.assemblies.models import Level
from kanoon.core import jalali, scope
from tests.centers.conftest import make_center, make_person
from tests.conftest import make_user


def build_chain(t) -> SimpleNamespace:
    """The assemblies of the shared territory (also used by the browser journey)."""
    c = SimpleNamespace(t=t)
    c.national = services.assembly_create(actor=None, level=Level.NATIONAL, unit=t.country)
    c.tehran = services.assembly_create(actor=None, level=Level.PROVINCE, unit=t.tehran)
    c.tehran_county = services.assembly_create(actor=None, level=Level.COUNTY, unit=t.tehran_county)
    c.rey = services.assembly_create(actor=None, level=Level.COUNTY, unit=t.rey_county)
    c.center = make_center(t.yousefabad, "کانون سلامت یوسف‌آباد")
    c.yousefabad = services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=c.center)
    c.village_center = make_center(t.village, "کانون سلامت قلعه نو")
    c.village = services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=c.village_center)
    c.isfahan = services.assembly_create(actor=None, level=Level.PROVINCE, unit=t.isfahan)
    c.isfahan_county = services.assembly_create(actor=None, level=Level.COUNTY, unit=t.isfahan_county)
    c.jolfa_center = make_center(t.jolfa, "کانون سلامت جلفا")
    c.jolfa = services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=c.jolfa_center)
    return c


@pytest.fixture
def chain(territory) -> SimpleNamespace:
    return build_chain(territory)


@pytest.fixture
def people(chain):
    """Staff users at each level of the Tehran chain."""
    t = chain.t
    return SimpleNamespace(
        secretary=make_user("secretary", scope.CENTER_SECRETARY, t.yousefabad, mobile="09125550001"),
        county=make_user(
            "county", scope.COUNTY_EXPERT, t.tehran_county, mobile="09125550002", email="c@example.org"
        ),
        rey=make_user("rey", scope.COUNTY_EXPERT, t.rey_county, mobile="09125550003"),
        province=make_user("province", scope.PROVINCE_EXPERT, t.tehran, mobile="09125550004"),
        nation=make_user("nation", scope.NATIONAL_ADMIN, t.country),
    )


def fill_seats(assembly, count: int, unit=None) -> list:
    """Give the first `count` seats of the assembly to new people (terms started a month ago)."""
    holders = []
    start = jalali.today() - dt.timedelta(days=30)
    for seat in list(assembly.seats.order_by("pk"))[:count]:
        person = make_person(unit or assembly.unit, mobile=f"0912{7000000 + seat.pk:07d}")
        services.seat_assign(actor=None, seat=seat, person=person, start_date=start)
        holders.append(person)
    return holders


def past(hours: int = 2) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def future(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def users_notified(kind: str) -> set[str]:

    return set(User.objects.filter(notifications__kind=kind).values_list("username", flat=True))
