"""Bodies other than health assemblies over the shared territory: the Tehran province's
cross-sector working group and the Isfahan province's weekly expert meeting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kanoon.core import jalali
from kanoon.meetings import services
from kanoon.meetings.kinds import BodyKind
from tests.centers.conftest import make_person


def working_group(unit, name: str = "کارگروه سلامت و امنیت غذایی", **fields):
    return services.body_create(actor=None, kind=BodyKind.WORKING_GROUP, unit=unit, name=name, **fields)


def expert_meeting(unit, name: str = "جلسهٔ کارشناسی هفتگی مجریان", **fields):
    return services.body_create(actor=None, kind=BodyKind.EXPERT_MEETING, unit=unit, name=name, **fields)


def members(body, groups: list[str], unit=None) -> list:
    """A member place per group, each given to a new person (terms started a month ago)."""
    people = []
    start = jalali.today() - dt.timedelta(days=30)
    for group in groups:
        seat = services.seat_create(actor=None, body=body, group=group)
        person = make_person(unit or body.unit, mobile=f"0912{8000000 + seat.pk:07d}")
        services.seat_assign(actor=None, seat=seat, person=person, start_date=start)
        people.append(person)
    return people


def past(hours: int = 2) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)


def future(days: int = 3) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)
