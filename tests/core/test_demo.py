"""`kanoon demo` on a small territory: its numbers agree with each other, every demo user finds
something on their desk, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from kanoon.core import demo as clock

pytestmark = pytest.mark.skipif(
    not all(apps.is_installed(f"kanoon.{a}") for a in ("centers", "assemblies", "monitoring", "meetings")),
    reason="the demo's story needs the area apps",
)

DEMO_USERS = ["admin", "tehran", "isfahan", "facilitator", "secretary", "observer"]


def counts() -> dict[str, int]:
    """Rows of every table the demo writes."""
    from kanoon.accounts.models import RoleAssignment, User
    from kanoon.assemblies.models import Assembly, Policy, PolicyDelivery, Problem, ProblemStep
    from kanoon.centers.models import Center, CenterAction, Election, Membership, ThematicGroup
    from kanoon.geo.models import Unit
    from kanoon.meetings.models import Body, Meeting, Resolution
    from kanoon.monitoring.models import Aggregate, DataValue, Report, ReportEvent, Target
    from kanoon.people.models import Person

    models = [
        User, RoleAssignment, Unit, Center, CenterAction, Election, Membership, ThematicGroup, Person,
        Assembly, Problem, ProblemStep, Policy, PolicyDelivery, Body, Meeting, Resolution,
        Report, ReportEvent, DataValue, Aggregate, Target,
    ]  # fmt: skip
    out = {m.__name__: m.objects.count() for m in models}
    out["aggregate total"] = int(sum(a.value for a in Aggregate.objects.all()))
    return out


@pytest.fixture
def demo(territory):
    out = io.StringIO()
    call_command("demo", "--skip-divisions", stdout=out)
    return territory


def test_it_tells_one_consistent_story_and_a_second_run_changes_nothing(demo, client):
    from kanoon.accounts.models import User
    from kanoon.assemblies.models import Problem, ProblemStatus
    from kanoon.centers.models import Center, CenterStatus
    from kanoon.geo.models import Kind, Unit
    from kanoon.meetings.models import Meeting
    from kanoon.monitoring import demo as monitoring_demo
    from kanoon.monitoring import selectors, sources
    from kanoon.monitoring.models import DataValue, Report, ReportStatus

    t = demo
    admin = User.objects.get(username="admin")
    last = clock.last_closed()
    quarters = clock.quarters()
    units = [t.country, *Unit.objects.filter(kind__in=[Kind.PROVINCE, Kind.COUNTY]).order_by("path")]
    indicators = selectors.active_indicators()
    table = selectors.indicator_table(indicators, units, quarters)

    # every percentage is at most 100; nothing solved that was not raised
    for indicator in indicators:
        if indicator.unit_of_measure != "درصد":
            continue
        for unit in units:
            for q in quarters:
                value = table[(indicator.pk, unit.pk, q.code)].value
                assert value is None or 0 <= value <= 100, (indicator.code, unit.name, q.code, value)
    raised = sources.get("problems_identified").func(units, quarters)
    solved = sources.get("problems_resolved").func(units, quarters)
    assert sum(raised.values()) > 0 and sum(solved.values()) > 0
    for key, value in solved.items():
        assert value <= raised[key], key

    # the dashboard counts what the records hold
    dashboard = selectors.dashboard(admin, t.country, last)
    cards = {c["indicator"].code: c["cell"].value for c in dashboard["cards"]}
    active = Center.objects.filter(status=CenterStatus.ACTIVE)
    assert active.count() >= 3
    assert cards["ACTIVE_CENTERS"] == active.count()
    centers = next(i for i in indicators if i.code == "ACTIVE_CENTERS")
    for unit in units:
        assert (
            table[(centers.pk, unit.pk, last.code)].value
            == active.filter(unit__path__startswith=unit.path).count()
        )

    # the reported forms say what the records say for that county and quarter
    approved = DataValue.objects.filter(approved=True, element__code="ASSEMBLY_MEETINGS", value__gt=0)
    assert approved.exists()
    for value in approved.select_related("unit"):
        held = Meeting.objects.filter(
            status="held",
            body__kind="health_assembly",
            body__unit__kind__in=["neighborhood", "village"],
            body__unit__path__startswith=value.unit.path,
        )
        quarter = next(q for q in quarters if q.code == value.period)
        assert value.value == len(
            [m for m in held if quarter.start <= timezone.localdate(m.starts_at) <= quarter.end]
        )
    for report in Report.objects.filter(status=ReportStatus.APPROVED).select_related("unit"):
        quarter = next(q for q in quarters if q.code == report.period)
        expected = monitoring_demo.county_values(report.unit, quarter)
        got = {v.element.code: int(v.value) for v in report.values.select_related("element")}
        assert got == expected, (report.unit.name, report.period)
        assert got["PROBLEMS_RESOLVED"] <= got["PROBLEMS_IDENTIFIED"]

    # a quarter waiting for the province; problems waiting up the levels
    waiting = Report.objects.filter(period=last.code, status=ReportStatus.SUBMITTED)
    assert waiting.filter(unit__path__startswith=t.tehran.path).exists()
    assert Problem.objects.filter(status=ProblemStatus.REFERRED).count() >= 2
    assert Problem.objects.filter(status=ProblemStatus.RESOLVED).exists()

    # every demo user's desk has something on it
    for username in DEMO_USERS:
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        assert response.status_code == 200
        items = response.context["attention"]
        assert any(item.count > 0 for item in items), (username, items)
    client.force_login(User.objects.get(username="tehran"))
    labels = {item.label for item in client.get("/").context["attention"] if item.count}
    assert any("منتظر تأیید" in label for label in labels), labels

    # written through the services: the centers' roll-ups equal a fresh count of the rows
    from kanoon.centers import rollups

    assert rollups.differences() == []

    # idempotent
    before = counts()
    call_command("demo", "--skip-divisions", stdout=io.StringIO())
    assert counts() == before


def test_the_demo_clock_runs_a_block_on_its_day_and_never_in_the_future():
    import datetime as dt

    from kanoon.core import jalali

    today = clock.real_today()
    quarters = clock.quarters()
    assert len(quarters) == clock.HISTORY
    assert quarters[-1] == jalali.Quarter.current().previous() == clock.quarter(0)
    assert clock.quarter(1) == jalali.Quarter.current() and clock.quarter(-1) == quarters[-2]
    day = clock.day(-2, 10)
    assert day == quarters[-3].start + dt.timedelta(days=10)
    assert clock.day(0, 500) == quarters[-1].end and clock.day(1, 500) < today
    with clock.on(day, hour=17) as when:
        assert jalali.today() == day and timezone.localtime().hour == 17
        assert clock.real_today() == today  # the wall clock is still there
        with clock.on(day + dt.timedelta(days=3)):
            assert jalali.today() == day + dt.timedelta(days=3)
        assert jalali.today() == day
    assert jalali.today() == today and when.date() == day
    with clock.on(today + dt.timedelta(days=30)):
        assert jalali.today() == today  # never later than now
    assert clock.pick("a", 1, low=3, high=9) == clock.pick("a", 1, low=3, high=9)
    assert {clock.pick("a", i, low=3, high=9) for i in range(200)} == set(range(3, 10))
