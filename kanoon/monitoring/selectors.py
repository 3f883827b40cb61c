"""Reads of monitoring, always through the user's scope, and the analytics engine.

`indicator_table` evaluates indicators for many units and periods at once: element totals come
from the `Aggregate` rows (non-leaf units) and approved `DataValue` rows (villages and
neighborhoods) in two indexed queries; computed sources run one grouped query per tree level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from kanoon.core import scope
from kanoon.core.collation import persian
from kanoon.core.jalali import Quarter
from kanoon.geo.models import Unit
from kanoon.organizations.models import Organization
from kanoon.organizations.selectors import organizations_for

from . import periods, sources
from .models import (
    LEAF_KINDS,
    Aggregate,
    DataElement,
    DataSet,
    DataValue,
    Direction,
    Indicator,
    Report,
    ReportStatus,
    ReportTally,
    Target,
    TimeAggregation,
)


@dataclass
class Cell:
    """An indicator's value for one unit and period."""

    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: Decimal | None = None

    @property
    def achievement(self) -> Decimal | None:
        """Value as a percentage of target (for 'lower is better' the ratio is inverted)."""
        if self.value is None or not self.target:
            return None
        return (self.value / self.target * 100).quantize(Decimal("0.1"))


def visible_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.restrict(user, "view")


def default_unit(user: Any) -> Unit | None:
    paths = scope.scope_paths(user, Unit, "view")
    if paths is None:
        return Unit.objects.filter(depth=0).first()
    return Unit.objects.filter(path__in=paths).order_by("depth", "path").first()


def element_totals(
    element_ids: Iterable[int], units: Sequence[Unit], quarters: Sequence[Quarter]
) -> dict[tuple[int, int, str], Decimal]:
    """Approved totals over each unit's subtree: {(element_id, unit_id, quarter_code): total}."""
    element_ids = list(set(element_ids))
    codes = [q.code for q in quarters]
    out: dict[tuple[int, int, str], Decimal] = {}
    if not element_ids or not units:
        return out
    inner = [u.pk for u in units if u.kind not in LEAF_KINDS]
    leaves = [u.pk for u in units if u.kind in LEAF_KINDS]
    if inner:
        rows = Aggregate.objects.filter(unit_id__in=inner, period__in=codes, element_id__in=element_ids)
        for e, u, p, v in rows.values_list("element_id", "unit_id", "period", "value"):
            out[(e, u, p)] = v
    if leaves:
        rows = DataValue.objects.filter(
            unit_id__in=leaves, period__in=codes, element_id__in=element_ids, approved=True
        )
        for e, u, p, v in rows.values_list("element_id", "unit_id", "period", "value"):
            out[(e, u, p)] = v
    return out


def _combine(values: list[Decimal | None], how: str) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if how == TimeAggregation.LAST:
        return next(v for v in reversed(values) if v is not None)
    return sum(present, Decimal(0))


def indicator_table(
    indicators: Sequence[Indicator],
    units: Sequence[Unit],
    period_list: Sequence[periods.Period],
    *,
    with_targets: bool = True,
) -> dict[tuple[int, int, str], Cell]:
    """{(indicator_id, unit_id, period_code): Cell} for every combination asked for."""
    quarters = sorted({q for p in period_list for q in periods.quarters_of(p)})
    element_codes = {r[2:] for i in indicators for r in i.references if r.startswith("E:")}
    source_codes = {r[2:] for i in indicators for r in i.references if r.startswith("S:")}
    elements = (
        {e.code: e for e in DataElement.objects.filter(code__in=element_codes)} if element_codes else {}
    )
    totals = element_totals([e.pk for e in elements.values()], units, quarters)
    available = sources.available()
    source_values: dict[str, dict[tuple[int, str], Decimal]] = {}
    for code in source_codes:
        if code in available:
            source_values[code] = available[code].func(units, quarters)

    def ref_value(ref: str, unit: Unit, period) -> Decimal | None:
        kind, code = ref[:1], ref[2:]
        qs = periods.quarters_of(period)
        if kind == "E":
            element = elements.get(code)
            if element is None:
                return None
            return _combine([totals.get((element.pk, unit.pk, q.code)) for q in qs], element.time_aggregation)
        values = source_values.get(code)
        if values is None:
            return None
        how = TimeAggregation.SUM if available[code].flow else TimeAggregation.LAST
        return _combine([values.get((unit.pk, q.code)) for q in qs], how)

    targets: dict[tuple[int, int, str], Decimal] = {}
    if with_targets and indicators and units:
        rows = Target.objects.filter(
            indicator__in=[i.pk for i in indicators],
            unit__in=[u.pk for u in units],
            period__in=[p.code for p in period_list],
        ).values_list("indicator_id", "unit_id", "period", "value")
        targets = {(i, u, p): v for i, u, p, v in rows}

    out: dict[tuple[int, int, str], Cell] = {}
    for indicator in indicators:
        for unit in units:
            for period in period_list:
                num = ref_value(indicator.numerator, unit, period)
                den = ref_value(indicator.denominator, unit, period) if indicator.denominator else None
                value = compute(indicator, num, den)
                out[(indicator.pk, unit.pk, period.code)] = Cell(
                    num, den, value, targets.get((indicator.pk, unit.pk, period.code))
                )
    return out


def compute(indicator: Indicator, num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None:
        return None
    if indicator.denominator:
        if not den:
            return None
        value = num / den * indicator.factor
    else:
        value = num * indicator.factor
    return value.quantize(Decimal(1).scaleb(-indicator.decimals))


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return current - previous


def is_better(indicator: Indicator, delta: Decimal | None) -> bool | None:
    if not delta:
        return None
    return (delta > 0) == (indicator.direction == Direction.HIGHER)


# ---- reporting: completeness and timeliness ----------------------------------------------


@dataclass
class Completeness:
    expected: int
    submitted: int
    on_time: int
    approved: int

    def _pct(self, n: int) -> Decimal | None:
        return (Decimal(n) * 100 / self.expected).quantize(Decimal("0.1")) if self.expected else None

    @property
    def completeness(self) -> Decimal | None:
        return self._pct(self.submitted)

    @property
    def timeliness(self) -> Decimal | None:
        return self._pct(self.on_time)

    @property
    def approval(self) -> Decimal | None:
        return self._pct(self.approved)


def completeness(data_set: DataSet, unit: Unit, quarter: Quarter) -> Completeness:
    """Reporting units under `unit` (itself included) that should send this form for the
    quarter, how many sent it, how many on time and how many are approved."""
    import datetime as dt

    from django.db.models import Count, Q
    from django.utils import timezone

    from .sources import cached_unit_counts

    expected = cached_unit_counts(
        "expected",
        [unit],
        ",".join(sorted(data_set.unit_kinds or [])),
        lambda: Unit.objects.filter(
            path__startswith=unit.path, kind__in=data_set.unit_kinds or [], is_active=True
        ).count(),
    )
    due = quarter.end + dt.timedelta(days=data_set.due_days + 1)
    due_at = timezone.make_aware(dt.datetime.combine(due, dt.time.min))
    if unit.kind not in LEAF_KINDS:
        tally = ReportTally.objects.filter(data_set=data_set, unit=unit, period=quarter.code).first()
        if tally is None:
            return Completeness(expected, 0, 0, 0)
        return Completeness(expected, tally.submitted, tally.on_time, tally.approved)
    counts = Report.objects.filter(data_set=data_set, period=quarter.code, unit=unit).aggregate(
        submitted=Count("pk", filter=~Q(status=ReportStatus.DRAFT)),
        on_time=Count("pk", filter=~Q(status=ReportStatus.DRAFT) & Q(submitted_at__lt=due_at)),
        approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
    )
    return Completeness(expected, counts["submitted"], counts["on_time"], counts["approved"])


def reports_for_approval(user: Any, unit: Unit, quarter: Quarter | None = None) -> QuerySet[Report]:
    qs = Report.objects.restrict(user, "view").filter(
        unit__path__startswith=unit.path, status=ReportStatus.SUBMITTED
    )
    if quarter is not None:
        qs = qs.filter(period=quarter.code)
    return qs.select_related("unit", "data_set", "submitted_by").order_by("period", "unit__path")


def implementers(user: Any, *, include_inactive: bool = False) -> QuerySet[Organization]:
    """The implementers of the program the user may see: organizations flagged `is_implementer`."""
    qs = organizations_for(user, include_inactive=include_inactive).filter(is_implementer=True)
    return qs.order_by("unit__path", persian("name"), "pk")


def implementers_under(user: Any, unit: Unit) -> QuerySet[Organization]:
    """Active implementers working at `unit` or below it (their scorecard is for their unit)."""
    return implementers(user).filter(unit__path__startswith=unit.path)


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True))


# ---- dashboards -------------------------------------------------------------------------

TREND_LENGTH = 8


def unit_children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit, is_active=True).order_by(persian("name"), "pk"))


def dashboard(user: Any, unit: Unit, quarter: Quarter, indicator_code: str | None = None) -> dict:
    """Everything a unit's dashboard shows, for one quarter: cards (value and change since the
    previous quarter), 8-quarter trends, ranking of child units, the province map and the
    implementers' scorecard. The number of queries does not grow with the tree's size."""
    from . import geomap

    indicators = active_indicators()
    children = unit_children(unit)
    trend = periods.quarter_range(quarter, TREND_LENGTH)
    table = indicator_table(indicators, [unit, *children], trend)
    previous = quarter.previous()

    cards = []
    for indicator in indicators:
        current = table[(indicator.pk, unit.pk, quarter.code)]
        before = table[(indicator.pk, unit.pk, previous.code)]
        delta = change(current.value, before.value)
        cards.append(
            {
                "indicator": indicator,
                "cell": current,
                "previous": before,
                "delta": delta,
                "better": is_better(indicator, delta),
                "trend": [table[(indicator.pk, unit.pk, q.code)].value for q in trend],
            }
        )

    selected = next(
        (i for i in indicators if i.code == indicator_code), indicators[0] if indicators else None
    )
    ranking = []
    if selected is not None:
        for child in children:
            cell = table[(selected.pk, child.pk, quarter.code)]
            before = table[(selected.pk, child.pk, previous.code)]
            ranking.append({"unit": child, "cell": cell, "delta": change(cell.value, before.value)})
        reverse = selected.direction == Direction.HIGHER
        ranking.sort(
            key=lambda r: (
                r["cell"].value is None,
                -(r["cell"].value or 0) if reverse else (r["cell"].value or 0),
            )
        )
        for position, row in enumerate(ranking, 1):
            row["rank"] = position if row["cell"].value is not None else None

    map_context = None
    if selected is not None and unit.kind in ("country", "province"):
        values = {}
        if unit.kind == "country":
            for child in children:
                code = geomap.region_code(child.name)
                if code:
                    values[code] = (child.name, table[(selected.pk, child.pk, quarter.code)].value, child.pk)
            map_context = geomap.choropleth(values)
        else:
            code = geomap.region_code(unit.name)
            if code:
                values[code] = (unit.name, table[(selected.pk, unit.pk, quarter.code)].value, unit.pk)
            map_context = geomap.choropleth(values, highlight=code)

    return {
        "unit": unit,
        "quarter": quarter,
        "previous": previous,
        "trend_quarters": trend,
        "indicators": indicators,
        "cards": cards,
        "selected": selected,
        "children": children,
        "ranking": ranking,
        "map": map_context,
        "scorecard": scorecard(user, unit, quarter, indicators),
    }


def scorecard(user: Any, unit: Unit, quarter: Quarter, indicators: Sequence[Indicator]) -> list[dict]:
    """Implementers under `unit` against the targets of their areas for the quarter (or, when
    only a yearly target exists, the year so far)."""
    implementers = list(implementers_under(user, unit)[:100])
    if not implementers:
        return []
    units = list({i.unit_id: i.unit for i in implementers}.values())
    year = periods.Year(quarter.year)
    targeted = Target.objects.filter(unit__in=[u.pk for u in units], period__in=[quarter.code, year.code])
    pairs = set(targeted.values_list("indicator_id", "unit_id", "period"))
    if not pairs:
        return [{"implementer": i, "rows": [], "score": None} for i in implementers]
    wanted = [i for i in indicators if any(p[0] == i.pk for p in pairs)]
    table = indicator_table(wanted, units, [quarter, year])
    out = []
    for implementer in implementers:
        rows = []
        for indicator in wanted:
            for period in (quarter, year):
                if (indicator.pk, implementer.unit_id, period.code) in pairs:
                    cell = table[(indicator.pk, implementer.unit_id, period.code)]
                    rows.append(
                        {"indicator": indicator, "period": period, "cell": cell, "met": _met(indicator, cell)}
                    )
                    break
        met = [r["met"] for r in rows if r["met"] is not None]
        score = (Decimal(sum(met)) * 100 / len(met)).quantize(Decimal(1)) if met else None
        out.append({"implementer": implementer, "rows": rows, "score": score})
    return out


def _met(indicator: Indicator, cell: Cell) -> bool | None:
    if cell.value is None or cell.target is None:
        return None
    return cell.value >= cell.target if indicator.direction == Direction.HIGHER else cell.value <= cell.target


def analytics(indicator: Indicator, unit: Unit, period: periods.Period) -> dict:
    """The API's answer: the indicator for the unit and for each of its children."""
    children = unit_children(unit)
    table = indicator_table([indicator], [unit, *children], [period])

    def row(u: Unit) -> dict:
        cell = table[(indicator.pk, u.pk, period.code)]
        return {
            "unit": {"id": u.pk, "name": u.name, "kind": u.kind, "code": u.code},
            "value": _num(cell.value),
            "numerator": _num(cell.numerator),
            "denominator": _num(cell.denominator),
            "target": _num(cell.target),
        }

    return {
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "unit_of_measure": indicator.unit_of_measure,
        },
        "period": {"code": period.code, "label": period.label},
        **row(unit),
        "children": [row(c) for c in children],
    }


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
