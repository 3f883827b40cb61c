"""Computed indicator sources: numbers the platform already knows from its own records.

A source is a function ``(units, quarters) -> {(unit_id, quarter_code): number}`` giving, for
each unit's whole subtree, its value at the end of each quarter. Sources are registered with the
app they read; a source whose app is not installed is left out of the registry (and an
indicator that names it shows no value), so monitoring works whatever else is deployed.

Indicators refer to sources as ``S:<code>`` and to reported data elements as ``E:<code>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from kanoon.core.formats import number
from kanoon.core.jalali import Quarter

SourceFunc = Callable[[Sequence, Sequence[Quarter]], dict[tuple[int, str], Decimal]]


@dataclass(frozen=True)
class Source:
    """`flow` sources count events within each quarter (a year sums them); the others are
    stocks at the quarter's end (a year takes its last quarter)."""

    code: str
    name: str
    app: str
    func: SourceFunc
    flow: bool = False


_REGISTRY: dict[str, Source] = {}


def register(code: str, name: str, app: str, flow: bool = False) -> Callable[[SourceFunc], SourceFunc]:
    def wrap(func: SourceFunc) -> SourceFunc:
        _REGISTRY[code] = Source(code, name, app, func, flow)
        return func

    return wrap


def available() -> dict[str, Source]:
    """Sources whose app is installed, by code."""
    return {code: s for code, s in _REGISTRY.items() if apps.is_installed(s.app)}


def get(code: str) -> Source | None:
    return available().get(code)


def check_reference(ref: str) -> str | None:
    """A Persian error if `ref` ("E:CODE" or "S:code") names nothing known, else None."""
    from .models import DataElement

    kind, _, code = (ref or "").partition(":")
    if kind == "E" and code:
        if not DataElement.objects.filter(code=code).exists():
            return f"عنصر داده‌ای با کد «{code}» وجود ندارد."
        return None
    if kind == "S" and code:
        if code not in _REGISTRY:
            return f"منبع محاسبه‌ای با کد «{code}» تعریف نشده است."
        return None
    return "مرجع را به شکل E:کد_عنصر یا S:کد_منبع وارد کنید."


def choices() -> list[tuple[str, str]]:
    return [(f"S:{s.code}", s.name) for s in available().values()]


# ---- counting a queryset per unit subtree, per quarter, in one query per tree level --------


def count_by_subtree(
    qs: QuerySet,
    path_field: str,
    units: Sequence,
    quarters: Sequence[Quarter],
    quarter_q: Callable[[Quarter], Q],
    distinct: str | None = None,
) -> dict[tuple[int, str], Decimal]:
    """For each unit (its subtree) and quarter, how many rows of `qs` match `quarter_q(q)`.

    One query: rows under the units' common prefix grouped by their path cut at the deepest
    requested unit's length (a shorter path stays whole), with one filtered COUNT per quarter;
    each unit then sums the groups that lie under its path.
    """
    out: dict[tuple[int, str], Decimal] = {}
    units = list(units)
    if not units:
        return out
    common = _common_prefix([u.path for u in units])
    length = max(len(u.path) for u in units)
    counts = {
        f"q{i}": Count(distinct or "pk", filter=quarter_q(q), distinct=bool(distinct))
        for i, q in enumerate(quarters)
    }
    rows = list(
        qs.filter(**{f"{path_field}__startswith": common})
        .annotate(_prefix=Substr(path_field, 1, length))
        .values("_prefix")
        .annotate(**counts)
        .order_by()
    )
    for unit in units:
        mine = [row for row in rows if row["_prefix"].startswith(unit.path)]
        for i, q in enumerate(quarters):
            out[(unit.pk, q.code)] = Decimal(sum(row[f"q{i}"] for row in mine))
    return out


def _common_prefix(paths: Iterable[str]) -> str:
    paths = list(paths)
    first, last = min(paths), max(paths)
    i = 0
    while i < len(first) and i < len(last) and first[i] == last[i]:
        i += 1
    return first[:i]


def _end(q: Quarter) -> dt.date:
    return q.end


def _end_dt(q: Quarter) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(q.end + dt.timedelta(days=1), dt.time.min))


def _start_dt(q: Quarter) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(q.start, dt.time.min))


def _within(field: str) -> Callable[[Quarter], Q]:
    return lambda q: Q(**{f"{field}__gte": _start_dt(q), f"{field}__lt": _end_dt(q)})


# ---- geo (always installed) ------------------------------------------------------------


def territory_version() -> int:
    """Changes whenever a unit is added (the highest id): the key of cached unit counts."""
    from kanoon.geo.models import Unit

    return Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


UNIT_COUNT_TTL = 300  # seconds; a deactivated unit leaves the counts within this time


def cached_unit_counts(name: str, units: Sequence, extra: str, compute: Callable[[], Any]) -> Any:
    """Counts of territory units change only when units are added or deactivated: cache them
    per (units, version of the territory) for a few minutes; everything else stays live."""
    from django.core.cache import cache

    raw = f"{name}:{territory_version()}:{extra}:" + ",".join(str(u.pk) for u in units)
    key = "monitoring:" + hashlib.sha1(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, UNIT_COUNT_TTL)
    return value


@register("neighborhoods_villages", "تعداد محله‌ها و روستاها", "kanoon.geo")
def neighborhoods_villages(units, quarters):
    """Active neighborhoods (made by the quarter's end) and villages (official, always there)
    in each subtree: the denominator of coverage. Cached briefly, keyed by the territory."""
    from kanoon.geo.models import Unit

    qs = Unit.objects.filter(kind__in=["neighborhood", "village"], is_active=True)

    def compute():
        return count_by_subtree(
            qs, "path", units, quarters, lambda q: Q(created_at__lt=_end_dt(q)) | Q(kind="village")
        )

    return cached_unit_counts("nv", units, ",".join(q.code for q in quarters), compute)


# ---- centers ----------------------------------------------------------------------------


def _centers():
    from kanoon.centers.models import Center

    return Center.objects.all()


@register("active_centers", "کانون‌های سلامت فعال", "kanoon.centers")
def active_centers(units, quarters):
    """Centers active at the quarter's end: status active, and active since — their opening
    date, else the day they were marked active, else the day they were registered — on or
    before that end."""

    def since_by_end(q: Quarter) -> Q:
        return (
            Q(opening_date__lte=q.end)
            | Q(opening_date__isnull=True, status_changed_on__lte=q.end)
            | Q(opening_date__isnull=True, status_changed_on__isnull=True, created_at__lt=_end_dt(q))
        )

    return count_by_subtree(_centers().filter(status="active"), "unit__path", units, quarters, since_by_end)


@register("centers_established", "کانون‌های ثبت‌شده (غیر بسته)", "kanoon.centers")
def centers_established(units, quarters):
    return count_by_subtree(
        _centers().exclude(status="closed"),
        "unit__path",
        units,
        quarters,
        lambda q: Q(created_at__lt=_end_dt(q)),
    )


def _phase_source(phase: int) -> SourceFunc:
    def func(units, quarters):
        qs = _centers().filter(phase=phase).exclude(status="closed")
        return count_by_subtree(qs, "unit__path", units, quarters, lambda q: Q(created_at__lt=_end_dt(q)))

    func.__doc__ = f"Centers in establishment phase {phase} (current phase, created by the quarter's end)."
    return func


for _phase in (1, 2, 3, 4):
    register(f"centers_phase_{_phase}", f"کانون‌های در مرحلهٔ {number(_phase)} استقرار", "kanoon.centers")(
        _phase_source(_phase)
    )


@register("members", "اعضا و داوطلبان فعال کانون‌ها", "kanoon.centers")
def members(units, quarters):
    """Memberships active at the quarter's end: joined on or before it and not left by then."""
    from kanoon.centers.models import Membership

    qs = Membership.objects.exclude(status__in=["pending", "declined"])

    def q(quarter):
        joined = Q(joined_on__lte=quarter.end) | (
            Q(joined_on__isnull=True) & Q(created_at__lt=_end_dt(quarter))
        )
        return joined & (Q(left_on__isnull=True, status="active") | Q(left_on__gt=quarter.end))

    return count_by_subtree(qs, "center__unit__path", units, quarters, q)


@register("volunteers", "داوطلبان فعال", "kanoon.centers")
def volunteers(units, quarters):
    from kanoon.centers.models import Membership

    qs = Membership.objects.filter(kind="volunteer").exclude(status__in=["pending", "declined"])

    def q(quarter):
        joined = Q(joined_on__lte=quarter.end) | (
            Q(joined_on__isnull=True) & Q(created_at__lt=_end_dt(quarter))
        )
        return joined & (Q(left_on__isnull=True, status="active") | Q(left_on__gt=quarter.end))

    return count_by_subtree(qs, "center__unit__path", units, quarters, q)


# ---- assemblies -------------------------------------------------------------------------


@register("assembly_meetings_held", "نشست‌های برگزارشدهٔ مجامع سلامت", "kanoon.assemblies", flow=True)
def assembly_meetings_held(units, quarters):
    """Assembly meetings held in the quarter, at any level, under each unit."""
    from kanoon.meetings.models import Meeting

    qs = Meeting.objects.filter(status="held", body__kind="health_assembly")
    return count_by_subtree(qs, "body__unit__path", units, quarters, _within("starts_at"))


@register("problems_identified", "مسائل سلامت ثبت‌شده در مجامع", "kanoon.assemblies", flow=True)
def problems_identified(units, quarters):
    """Problems registered in the quarter, counted where they were registered (their origin)."""
    from kanoon.assemblies.models import Problem

    return count_by_subtree(
        Problem.objects.all(), "origin__unit__path", units, quarters, _within("created_at")
    )


@register("problems_resolved", "مسائل حل‌شده در مجامع", "kanoon.assemblies", flow=True)
def problems_resolved(units, quarters):
    from kanoon.assemblies.models import ProblemStep

    return count_by_subtree(
        ProblemStep.objects.filter(action="resolved"),
        "from_assembly__unit__path",
        units,
        quarters,
        _within("at"),
    )


@register("problems_referred", "مسائل ارجاع‌شده به سطح بالاتر", "kanoon.assemblies", flow=True)
def problems_referred(units, quarters):
    from kanoon.assemblies.models import ProblemStep

    return count_by_subtree(
        ProblemStep.objects.filter(action="referred"),
        "from_assembly__unit__path",
        units,
        quarters,
        _within("at"),
    )


@register("policies_delivered", "سیاست‌های ابلاغ‌شده به مجامع", "kanoon.assemblies")
def policies_delivered(units, quarters):
    from kanoon.assemblies.models import PolicyDelivery

    return count_by_subtree(
        PolicyDelivery.objects.all(),
        "assembly__unit__path",
        units,
        quarters,
        lambda q: Q(delivered_at__lt=_end_dt(q)),
    )


@register("policies_acknowledged", "سیاست‌های وصول‌شده (تأیید دریافت)", "kanoon.assemblies")
def policies_acknowledged(units, quarters):
    from kanoon.assemblies.models import PolicyDelivery

    return count_by_subtree(
        PolicyDelivery.objects.filter(acknowledged_at__isnull=False),
        "assembly__unit__path",
        units,
        quarters,
        lambda q: Q(delivered_at__lt=_end_dt(q), acknowledged_at__lt=_end_dt(q)),
    )
