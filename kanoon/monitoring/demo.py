"""Demo data for monitoring: the national indicators, the quarterly county form, targets,
implementers and the counties' reports for the demo's quarters (called by `kanoon demo`).

Every reported value comes from the demo's own records or, where the platform keeps no record
of it, from the demo's scale: in each county of the provinces that have demo centers, the
neighborhood assembly meetings held, the problems raised and those solved at neighborhood level
are counted from the assemblies' records for that county and quarter, the facilitators from
the centers' facilitators; training sessions, trainees and initiatives follow the county's
active and establishing centers (a couple of sessions a season per center, a dozen or two
people each). A county without centers reports zeros. Reports are entered, submitted and
approved through the services, on the days that happened (`kanoon.core.demo.on`), so the roll-up
and the completeness/timeliness tallies are maintained as in real use.

The last closed quarter is the one waiting: Tehran province's counties have submitted and wait
for the province («tehran») to approve them (one county has not sent yet); Isfahan's are
approved, so the national dashboard shows Isfahan's numbers until Tehran's join them. Idempotent: a quarter that already
has reports is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from kanoon.accounts.models import User
from kanoon.core import demo as clock
from kanoon.core.jalali import Quarter
from kanoon.core.text import normalize
from kanoon.geo.models import Kind, Unit
from kanoon.organizations.models import Organization

from . import periods, services
from .models import (
    DataElement,
    DataSet,
    DataSetElement,
    Direction,
    Indicator,
    Report,
    Target,
    TimeAggregation,
)

# code, name, minimum, maximum, time aggregation
ELEMENTS = [
    ("TRAINING_SESSIONS", "جلسات آموزشی برگزارشده برای کانون‌ها", 0, 500, TimeAggregation.SUM),
    ("TRAINED_PEOPLE", "شرکت‌کنندگان در آموزش‌ها", 0, 20000, TimeAggregation.SUM),
    ("ASSEMBLY_MEETINGS", "نشست‌های مجمع سلامت محله", 0, 300, TimeAggregation.SUM),
    ("PROBLEMS_IDENTIFIED", "مسائل سلامت شناسایی‌شده در مجامع", 0, 1000, TimeAggregation.SUM),
    ("PROBLEMS_RESOLVED", "مسائل حل‌شده در سطح محله", 0, 1000, TimeAggregation.SUM),
    ("INITIATIVES", "ابتکارات و اقدامات مشارکتی", 0, 500, TimeAggregation.SUM),
    ("FACILITATORS_ACTIVE", "تسهیلگران فعال", 0, 1000, TimeAggregation.LAST),
]

# code, name, unit of measure, numerator, denominator, factor, decimals, direction
INDICATORS = [
    ("ACTIVE_CENTERS", "کانون‌های سلامت فعال", "کانون", "S:active_centers", "", 1, 0, Direction.HIGHER),
    (
        "CENTER_COVERAGE",
        "پوشش کانون‌ها (کانون فعال به ازای هر ۱۰۰ محله و روستا)",
        "درصد",
        "S:active_centers",
        "S:neighborhoods_villages",
        100,
        2,
        Direction.HIGHER,
    ),
    ("MEMBERS", "اعضا و داوطلبان فعال", "نفر", "S:members", "", 1, 0, Direction.HIGHER),
    (
        "PHASE4_CENTERS",
        "کانون‌های در مرحلهٔ پایداری (مرحلهٔ ۴)",
        "کانون",
        "S:centers_phase_4",
        "",
        1,
        0,
        Direction.HIGHER,
    ),
    ("TRAINING_SESSIONS", "جلسات آموزشی", "جلسه", "E:TRAINING_SESSIONS", "", 1, 0, Direction.HIGHER),
    ("TRAINED_PEOPLE", "آموزش‌دیدگان", "نفر", "E:TRAINED_PEOPLE", "", 1, 0, Direction.HIGHER),
    (
        "ASSEMBLY_MEETINGS",
        "نشست‌های مجامع سلامت محله",
        "نشست",
        "E:ASSEMBLY_MEETINGS",
        "",
        1,
        0,
        Direction.HIGHER,
    ),
    (
        "PROBLEM_RESOLUTION",
        "نسبت مسائل حل‌شده به شناسایی‌شده",
        "درصد",
        "E:PROBLEMS_RESOLVED",
        "E:PROBLEMS_IDENTIFIED",
        100,
        1,
        Direction.HIGHER,
    ),
    ("INITIATIVES", "ابتکارات و اقدامات مشارکتی", "اقدام", "E:INITIATIVES", "", 1, 0, Direction.HIGHER),
    ("FACILITATORS", "تسهیلگران فعال", "نفر", "E:FACILITATORS_ACTIVE", "", 1, 0, Direction.HIGHER),
]

# Indicators computed from the assemblies' own records, added when that app is installed.
ASSEMBLY_INDICATORS = [
    (
        "MEETINGS_HELD",
        "نشست‌های برگزارشدهٔ مجامع (ثبت در سامانه)",
        "نشست",
        "S:assembly_meetings_held",
        "",
        1,
        0,
        Direction.HIGHER,
    ),
    (
        "PROBLEMS_REFERRED",
        "مسائل ارجاع‌شده به سطح بالاتر",
        "مسئله",
        "S:problems_referred",
        "",
        1,
        0,
        Direction.LOWER,
    ),
    (
        "POLICY_ACK",
        "وصول سیاست‌های ابلاغ‌شده",
        "درصد",
        "S:policies_acknowledged",
        "S:policies_delivered",
        100,
        1,
        Direction.HIGHER,
    ),
]

DATA_SET = ("COUNTY_QUARTERLY", "گزارش فصلی شهرستان: آموزش، مجامع و اقدامات", ["county"], 20)
HELD_BACK_PROVINCE = "تهران"  # its counties' forms of the last closed quarter wait for approval


def definitions() -> tuple[DataSet, dict[str, DataElement]]:
    elements = {}
    for code, name, lo, hi, how in ELEMENTS:
        element, _ = DataElement.objects.get_or_create(
            code=code, defaults={"name": name, "minimum": lo, "maximum": hi, "time_aggregation": how}
        )
        elements[code] = element
    code, name, kinds, due = DATA_SET
    data_set, created = DataSet.objects.get_or_create(
        code=code, defaults={"name": name, "unit_kinds": kinds, "due_days": due}
    )
    if created:
        for position, (element_code, *_rest) in enumerate(ELEMENTS):
            DataSetElement.objects.create(
                data_set=data_set, element=elements[element_code], position=position
            )
    from django.apps import apps

    wanted = INDICATORS + (ASSEMBLY_INDICATORS if apps.is_installed("kanoon.assemblies") else [])
    for position, (code, name, uom, num, den, factor, decimals, direction) in enumerate(wanted):
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": uom,
                "numerator": num,
                "denominator": den,
                "factor": factor,
                "decimals": decimals,
                "direction": direction,
                "position": position,
            },
        )
    return data_set, elements


def reporting_counties() -> list[Unit]:
    """The counties that send the form: those with demo centers, and every county of the
    story's province (Tehran), most of which have no center yet and report zeros."""
    from kanoon.centers.models import Center

    paths = [c.unit.path for c in Center.objects.select_related("unit")]
    if not paths:
        return []
    story = Unit.objects.filter(kind=Kind.PROVINCE, name=HELD_BACK_PROVINCE).first()
    return [
        county
        for county in Unit.objects.filter(kind=Kind.COUNTY, is_active=True).order_by("path")
        if any(p.startswith(county.path) for p in paths)
        or (story is not None and county.parent_id == story.pk)
    ]


def _within(field: str, quarter: Quarter) -> dict:
    start = clock.moment(quarter.start, hour=0)
    end = clock.moment(quarter.end + dt.timedelta(days=1), hour=0)
    return {f"{field}__gte": start, f"{field}__lt": end}


def county_values(county: Unit, quarter: Quarter) -> dict[str, int]:
    """The county's form for the quarter, from the demo's records (see the module docstring)."""
    from kanoon.assemblies.models import Problem, ProblemStep
    from kanoon.centers.models import Center, CenterStatus
    from kanoon.meetings.models import Meeting

    leaf = ["neighborhood", "village"]
    meetings = Meeting.objects.filter(
        status="held",
        body__kind="health_assembly",
        body__unit__kind__in=leaf,
        body__unit__path__startswith=county.path,
        **_within("starts_at", quarter),
    ).count()
    raised = Problem.objects.filter(
        origin__unit__path__startswith=county.path, **_within("created_at", quarter)
    ).count()
    solved = ProblemStep.objects.filter(
        action="resolved",
        from_assembly__level="neighborhood",
        from_assembly__unit__path__startswith=county.path,
        **_within("at", quarter),
    ).count()
    sessions = people = initiatives = 0
    facilitators: set[int] = set()
    centers = Center.objects.filter(unit__path__startswith=county.path, founded_on__lte=quarter.end)
    for center in centers.prefetch_related("facilitators"):
        facilitators.update(f.pk for f in center.facilitators.all())
        opened = center.opening_date is not None and center.opening_date <= quarter.end
        if center.status == CenterStatus.SUSPENDED and center.status_changed_on <= quarter.end:
            continue
        if opened:
            n = clock.pick(center.pk, quarter.code, "sessions", low=2, high=4)
            initiatives += clock.pick(center.pk, quarter.code, "initiatives", low=1, high=3)
        elif center.status != CenterStatus.PROPOSED:
            n = clock.pick(center.pk, quarter.code, "sessions", low=0, high=2)
        else:
            n = 0
        sessions += n
        people += n * clock.pick(center.pk, quarter.code, "people", low=12, high=24)
    return {
        "TRAINING_SESSIONS": sessions,
        "TRAINED_PEOPLE": people,
        "ASSEMBLY_MEETINGS": meetings,
        "PROBLEMS_IDENTIFIED": raised,
        "PROBLEMS_RESOLVED": solved,
        "INITIATIVES": initiatives,
        "FACILITATORS_ACTIVE": len(facilitators),
    }


def _people() -> dict[str, User | None]:
    return {
        u.username: u for u in User.objects.filter(username__in=["admin", "tehran", "isfahan", "facilitator"])
    }


def _reporter(county: Unit, users: dict[str, User | None]) -> User | None:
    """Who fills in the county's form: its own demo user, else the province's, else the admin."""
    if county.name == "اصفهان" and users.get("isfahan"):
        return users["isfahan"]
    if county.name == "تهران" and users.get("facilitator"):
        return users["facilitator"]
    province = county.ancestor_of_kind(Kind.PROVINCE)
    if province is not None and province.name == "تهران" and users.get("tehran"):
        return users["tehran"]
    return users.get("admin")


def _approver(county: Unit, users: dict[str, User | None]) -> User | None:
    province = county.ancestor_of_kind(Kind.PROVINCE)
    if province is not None and province.name == "تهران" and users.get("tehran"):
        return users["tehran"]
    return users.get("admin")


def report_quarter(
    data_set: DataSet, elements: dict[str, DataElement], quarter: Quarter, *, last: bool
) -> int:
    """Each reporting county's form for the quarter, through the services on the days it was
    sent and approved. In the `last` (waiting) quarter Tehran's counties are not approved yet
    and one of them has not sent its form."""
    if Report.objects.filter(data_set=data_set, period=quarter.code).exists():
        return 0
    users = _people()
    made = 0
    counties = reporting_counties()
    tehran_counties = [c for c in counties if c.ancestor_of_kind(Kind.PROVINCE).name == HELD_BACK_PROVINCE]
    late_one = tehran_counties[-1] if tehran_counties else None
    for county in counties:
        reporter, approver = _reporter(county, users), _approver(county, users)
        if reporter is None or approver is None:
            continue
        held_back = last and county.ancestor_of_kind(Kind.PROVINCE).name == HELD_BACK_PROVINCE
        if last and county == late_one:
            continue  # has not sent its form yet
        values = county_values(county, quarter)
        sent_on = quarter.end + dt.timedelta(days=clock.pick(county.pk, quarter.code, "sent", low=3, high=24))
        with clock.on(sent_on, hour=clock.pick(county.pk, "hour", low=8, high=14)):
            report = services.report_get_or_create(
                data_set=data_set, unit=county, period=quarter.code, user=reporter
            )
            services.report_save_values(
                report=report,
                values={elements[code].pk: value for code, value in values.items()},
                user=reporter,
            )
            made += len(values)
            services.report_submit(report=report, user=reporter)
        if held_back:
            continue  # waiting for the province
        approved_on = sent_on + dt.timedelta(
            days=clock.pick(county.pk, quarter.code, "approved", low=2, high=9)
        )
        with clock.on(approved_on, hour=11):
            services.report_approve(report=report, user=approver)
    return made


def targets_and_implementers() -> None:
    coverage = Indicator.objects.get(code="CENTER_COVERAGE")
    trainings = Indicator.objects.get(code="TRAINING_SESSIONS")
    year = periods.last_closed_quarter().year
    for province in Unit.objects.filter(kind=Kind.PROVINCE, is_active=True):
        for kind, name in (
            (Organization.Kind.UNIVERSITY, f"معاونت اجتماعی دانشگاه علوم پزشکی {province.name}"),
            (Organization.Kind.WELFARE, f"ادارهٔ کل بهزیستی استان {province.name}"),
        ):
            # the registry's organization of that name (another app's demo may have made it)
            org, _ = Organization.objects.get_or_create(
                unit=province, name=normalize(name), defaults={"kind": kind, "is_implementer": True}
            )
            if not org.is_implementer:
                org.is_implementer = True
                org.save(update_fields=["is_implementer", "updated_at"])
    # this year's targets where the demo has centers: three more active centers, and three
    # training sessions a season for each center active today
    from .sources import active_centers, neighborhoods_villages

    last = clock.last_closed()
    provinces = {c.parent_id for c in reporting_counties()}
    for province in Unit.objects.filter(pk__in=provinces):
        active = int(active_centers([province], [last])[(province.pk, last.code)])
        places = int(neighborhoods_villages([province], [last])[(province.pk, last.code)]) or 1
        Target.objects.get_or_create(
            indicator=coverage,
            unit=province,
            period=str(year),
            defaults={"value": round(Decimal(100 * (active + 3)) / places, 2)},
        )
        Target.objects.get_or_create(
            indicator=trainings, unit=province, period=str(year), defaults={"value": max(active, 1) * 3 * 4}
        )


def load(command=None) -> None:
    write = command.stdout.write if command is not None else (lambda *_: None)
    data_set, elements = definitions()
    quarters = clock.quarters()
    made = 0
    with transaction.atomic():
        for quarter in quarters:
            made += report_quarter(data_set, elements, quarter, last=quarter == quarters[-1])
        targets_and_implementers()
    write(
        f"Monitoring: {Indicator.objects.count()} indicators, {made} reported values "
        f"({quarters[-1].label}: {HELD_BACK_PROVINCE}'s counties wait for the province's approval)."
    )
