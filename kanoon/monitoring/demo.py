"""Demo data for monitoring: the national indicators, the quarterly county form, targets,
implementers and approved values for recent quarters (called by `kanoon demo`).

Idempotent and fast on re-run: definitions are looked up before they are made, and a quarter
that already has reports is left as it is. The last closed quarter is left without reports
for Tehran province so that a new user can enter, submit and approve one and watch the
national dashboard change.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kanoon.core.jalali import Quarter
from kanoon.core.text import normalize
from kanoon.geo.models import Kind, Unit
from kanoon.organizations.models import Organization

from . import periods
from .models import (
    DataElement,
    DataSet,
    DataSetElement,
    DataValue,
    Direction,
    Indicator,
    Report,
    ReportStatus,
    Target,
    TimeAggregation,
)
from .services import rollup_apply, tally_apply_many

# code, name, minimum, maximum, time aggregation, (low, high) demo range per county per quarter
ELEMENTS = [
    ("TRAINING_SESSIONS", "جلسات آموزشی برگزارشده برای کانون‌ها", 0, 500, TimeAggregation.SUM, (4, 40)),
    ("TRAINED_PEOPLE", "شرکت‌کنندگان در آموزش‌ها", 0, 20000, TimeAggregation.SUM, (60, 900)),
    ("ASSEMBLY_MEETINGS", "نشست‌های مجمع سلامت محله", 0, 300, TimeAggregation.SUM, (2, 30)),
    ("PROBLEMS_IDENTIFIED", "مسائل سلامت شناسایی‌شده در مجامع", 0, 1000, TimeAggregation.SUM, (10, 80)),
    ("PROBLEMS_RESOLVED", "مسائل حل‌شده در سطح محله", 0, 1000, TimeAggregation.SUM, (3, 50)),
    ("INITIATIVES", "ابتکارات و اقدامات مشارکتی", 0, 500, TimeAggregation.SUM, (3, 45)),
    ("FACILITATORS_ACTIVE", "تسهیلگران فعال", 0, 1000, TimeAggregation.LAST, (2, 25)),
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
DEMO_QUARTERS = 5
HELD_BACK_PROVINCE = "تهران"


def definitions() -> tuple[DataSet, dict[str, DataElement]]:
    elements = {}
    for code, name, lo, hi, how, _ in ELEMENTS:
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


def _number(*parts: object, low: int, high: int) -> int:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def values_for_quarters(
    data_set: DataSet,
    elements: dict[str, DataElement],
    quarters: list[Quarter],
    *,
    skip_province: str | None = None,
) -> int:
    counties = list(Unit.objects.filter(kind=Kind.COUNTY, is_active=True).only("pk", "path", "name"))
    skip_path = None
    if skip_province:
        province = Unit.objects.filter(kind=Kind.PROVINCE, name=skip_province).first()
        skip_path = province.path if province else None
    made = 0
    ranges = {code: rng for code, *_x, rng in ELEMENTS}
    for index, quarter in enumerate(quarters):
        if Report.objects.filter(data_set=data_set, period=quarter.code).exists():
            continue
        growth = 1 + Decimal(index) / 10
        now = timezone.now()
        submitted = timezone.make_aware(timezone.datetime.combine(quarter.end, timezone.datetime.min.time()))
        with transaction.atomic():
            reports = [
                Report(
                    data_set=data_set,
                    unit=c,
                    period=quarter.code,
                    status=ReportStatus.APPROVED,
                    submitted_at=submitted,
                    approved_at=now,
                )
                for c in counties
                if not (skip_path and c.path.startswith(skip_path))
            ]
            Report.objects.bulk_create(reports, batch_size=1000)
            values = []
            for report in reports:
                for code, element in elements.items():
                    low, high = ranges[code]
                    raw = _number(report.unit_id, code, quarter.code, low=low, high=high)
                    values.append(
                        DataValue(
                            report=report,
                            element=element,
                            unit_id=report.unit_id,
                            period=quarter.code,
                            value=int(raw * growth),
                            approved=True,
                        )
                    )
            DataValue.objects.bulk_create(values, batch_size=2000)
            rollup_apply(values, sign=1)
            tally_apply_many([(r, 1, 1, 1) for r in reports])
        made += len(values)
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
        counties = Unit.objects.filter(parent=province, kind=Kind.COUNTY).count()
        Target.objects.get_or_create(
            indicator=coverage, unit=province, period=str(year), defaults={"value": 15}
        )
        Target.objects.get_or_create(
            indicator=trainings, unit=province, period=str(year), defaults={"value": max(counties, 1) * 60}
        )


def load(command=None) -> None:
    write = command.stdout.write if command is not None else (lambda *_: None)
    data_set, elements = definitions()
    last = periods.last_closed_quarter()
    history = periods.quarter_range(last.previous(), DEMO_QUARTERS - 1)
    made = values_for_quarters(data_set, elements, history)
    made += values_for_quarters(data_set, elements, [last], skip_province=HELD_BACK_PROVINCE)
    targets_and_implementers()
    write(
        f"Monitoring: {Indicator.objects.count()} indicators, {made} new approved values "
        f"({last.label}: {HELD_BACK_PROVINCE} left for you to report and approve)."
    )
