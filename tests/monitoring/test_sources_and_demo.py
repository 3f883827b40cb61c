import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps

from kanoon.core.jalali import Quarter
from kanoon.monitoring import demo, periods, selectors, sources
from kanoon.monitoring.models import Aggregate, DataValue, Indicator, Report

pytestmark = pytest.mark.skipif(not apps.is_installed("kanoon.centers"), reason="centers app not installed")


def national_code(n: int) -> str:
    body = f"{n:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(total if total < 2 else 11 - total)


def test_it_counts_centers_and_members_per_subtree(territory):
    from kanoon.centers.models import Center, Membership, Person

    active = Center.objects.create(name="کانون یوسف‌آباد", unit=territory.yousefabad, status="active")
    Center.objects.create(name="کانون روستا", unit=territory.village, status="active", phase=4)
    Center.objects.create(name="کانون جلفا", unit=territory.jolfa, status="establishing")
    Center.objects.create(
        name="کانون قدیمی", unit=territory.jolfa, status="active", opening_date=dt.date(2023, 1, 1)
    )
    for i in range(3):
        person = Person.objects.create(
            national_code=national_code(100 + i),
            first_name="الف",
            last_name="ب",
            gender="female",
            registered_unit=territory.yousefabad,
        )
        Membership.objects.create(
            center=active, person=person, status="active", joined_on=dt.date(2024, 5, 1)
        )
    quarter = Quarter.current()
    units = [territory.country, territory.tehran, territory.isfahan, territory.tehran_county]
    counted = sources.get("active_centers").func(units, [quarter, Quarter(1402, 4)])
    assert counted[(territory.country.pk, quarter.code)] == 3
    assert counted[(territory.country.pk, "1402Q4")] == 1  # only the one opened in 2023 existed then
    assert counted[(territory.isfahan.pk, quarter.code)] == 1
    assert counted[(territory.tehran.pk, quarter.code)] == 2
    assert counted[(territory.tehran_county.pk, quarter.code)] == 1
    members = sources.get("members").func(units, [quarter, Quarter(1402, 4)])
    assert members[(territory.tehran.pk, quarter.code)] == 3
    assert members[(territory.tehran.pk, "1402Q4")] == 0  # they joined in 2024 (1403)
    phase4 = sources.get("centers_phase_4").func([territory.tehran], [quarter])
    assert phase4[(territory.tehran.pk, quarter.code)] == 1
    coverage = Indicator(
        code="COV",
        name="پوشش",
        numerator="S:active_centers",
        denominator="S:neighborhoods_villages",
        factor=100,
        decimals=1,
    )
    coverage.save()
    table = selectors.indicator_table([coverage], [territory.tehran], [quarter])
    # Tehran has 2 active centers for one neighborhood and one village
    assert table[(coverage.pk, territory.tehran.pk, quarter.code)].value == Decimal("100.0")


def test_it_skips_sources_of_absent_apps(monkeypatch):
    original = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: False if name == "kanoon.centers" else original(name)
    )
    assert "active_centers" not in sources.available()
    assert "neighborhoods_villages" in sources.available()
    assert sources.check_reference("S:active_centers") is None  # still a known name
    assert "تعریف نشده" in sources.check_reference("S:nothing")
    assert "E:" in sources.check_reference("centers")


def test_it_loads_the_definitions_idempotently_and_reports_nothing_without_centers(territory):
    demo.load()
    assert Indicator.objects.filter(code="CENTER_COVERAGE").exists()
    # no demo centers, no county forms: the values come from the demo's records
    # (the whole story, with its reports, is tested in tests/core/test_demo.py)
    assert not Report.objects.exists() and not DataValue.objects.exists()
    assert not Aggregate.objects.exists()
    indicators = Indicator.objects.count()
    demo.load()
    assert Indicator.objects.count() == indicators


@pytest.mark.skipif(not apps.is_installed("kanoon.assemblies"), reason="assemblies app not installed")
def test_it_counts_assembly_meetings_problems_and_policy_acknowledgement(territory):
    from django.utils import timezone

    from kanoon.assemblies.models import Assembly, Meeting, Policy, PolicyDelivery, Problem, ProblemStep

    quarter = Quarter.current()
    inside = timezone.make_aware(dt.datetime.combine(quarter.start + dt.timedelta(days=3), dt.time(10)))
    before = inside - dt.timedelta(days=200)
    province = Assembly.objects.create(
        level="province", unit=territory.tehran, name="مجمع استان تهران", time_limit_days=30
    )
    county = Assembly.objects.create(
        level="county", unit=territory.rey_county, name="مجمع ری", parent=province, time_limit_days=30
    )
    Meeting.objects.create(assembly=county, title="نشست", starts_at=inside, status="held")
    Meeting.objects.create(assembly=county, title="نشست قبلی", starts_at=before, status="held")
    Meeting.objects.create(assembly=province, title="لغو", starts_at=inside, status="cancelled")
    problem = Problem.objects.create(origin=county, assembly=county, title="آب", description="شرح")
    ProblemStep.objects.create(
        problem=problem, action="referred", from_assembly=county, to_assembly=province, at=inside
    )
    ProblemStep.objects.create(problem=problem, action="resolved", from_assembly=province, at=inside)
    policy = Policy.objects.create(issuer=province, title="سیاست", body="متن")
    PolicyDelivery.objects.create(policy=policy, assembly=county, delivered_at=before, acknowledged_at=inside)
    units = [territory.tehran, territory.rey_county, territory.isfahan]
    q = quarter.code

    def run(code):
        return sources.get(code).func(units, [quarter])

    assert run("assembly_meetings_held")[(territory.tehran.pk, q)] == 1
    assert run("assembly_meetings_held")[(territory.isfahan.pk, q)] == 0
    assert run("problems_identified")[(territory.rey_county.pk, Quarter.current().code)] == 1
    assert run("problems_referred")[(territory.rey_county.pk, q)] == 1
    assert run("problems_resolved")[(territory.rey_county.pk, q)] == 0  # resolved at the province
    assert run("problems_resolved")[(territory.tehran.pk, q)] == 1
    assert run("policies_delivered")[(territory.tehran.pk, q)] == 1
    assert run("policies_acknowledged")[(territory.tehran.pk, q)] == 1
    meetings = Indicator.objects.create(code="MEET", name="نشست‌ها", numerator="S:assembly_meetings_held")
    year = selectors.indicator_table([meetings], [territory.tehran], [periods.Year(quarter.year)])
    assert (
        year[(meetings.pk, territory.tehran.pk, str(quarter.year))].value >= 1
    )  # flows are summed over a year
