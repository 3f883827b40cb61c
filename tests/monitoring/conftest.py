"""Monitoring fixtures: a data set reported by counties and neighborhoods, with three elements
and indicators built on them; `approved(...)` enters, submits and approves a report in one go."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kanoon.core import scope
from kanoon.monitoring import services
from kanoon.monitoring.models import DataElement, DataSet, DataSetElement, Direction, Indicator
from kanoon.organizations.models import Organization
from tests.conftest import make_user

QUARTER = "1403Q2"


def make_implementer(unit, name: str, **extra) -> Organization:
    """An organization of the registry flagged as an implementer of the program."""
    return Organization.objects.create(
        unit=unit, name=name, kind=extra.pop("kind", "university"), is_implementer=True, **extra
    )


@pytest.fixture
def md(db, territory):
    m = SimpleNamespace()
    m.trainings = DataElement.objects.create(code="TRAININGS", name="جلسات آموزشی", minimum=0, maximum=100)
    m.people = DataElement.objects.create(code="PEOPLE", name="آموزش‌دیدگان", minimum=0, maximum=10000)
    m.solved = DataElement.objects.create(code="SOLVED", name="مسائل حل‌شده", minimum=0)
    m.data_set = DataSet.objects.create(
        code="Q", name="گزارش فصلی", unit_kinds=["county", "neighborhood"], due_days=15
    )
    DataSetElement.objects.create(data_set=m.data_set, element=m.trainings, position=1, required=True)
    DataSetElement.objects.create(data_set=m.data_set, element=m.people, position=2, required=True)
    DataSetElement.objects.create(data_set=m.data_set, element=m.solved, position=3, required=False)
    m.ind_trainings = Indicator.objects.create(
        code="TRAININGS", name="جلسات آموزشی", unit_of_measure="جلسه", numerator="E:TRAININGS", position=1
    )
    m.ind_per_session = Indicator.objects.create(
        code="PER_SESSION",
        name="آموزش‌دیده در هر جلسه",
        unit_of_measure="نفر",
        numerator="E:PEOPLE",
        denominator="E:TRAININGS",
        factor=1,
        decimals=1,
        position=2,
        direction=Direction.HIGHER,
    )
    return m


@pytest.fixture
def county_expert(territory):
    return make_user("rey_expert", scope.COUNTY_EXPERT, territory.rey_county)


@pytest.fixture
def approved(md):
    def make(unit, user_enter, user_approve, values: dict, period: str = QUARTER):
        report = services.report_get_or_create(
            data_set=md.data_set, unit=unit, period=period, user=user_enter
        )
        services.report_save_values(report=report, values=values, user=user_enter)
        services.report_submit(report=report, user=user_enter)
        return services.report_approve(report=report, user=user_approve)

    return make
