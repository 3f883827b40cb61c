"""The transparency tables: per province (or per county of a province) and Jalali quarter, from
the centers' roll-ups (`kanoon.centers.rollups`) — the same counts the dashboards read.

No personal data reaches these tables: only counts over whole counties and provinces. Small
counts are protected before anything is shown or downloaded:

- primary: a count under 5 is not shown («کمتر از ۵»);
- complementary: in each column (one measure, one quarter) the total row is the sum of the rows
  shown above it, so when exactly one row is withheld and the total is shown, the smallest other
  row is withheld too (otherwise total − shown rows = the withheld count). On a province's
  page the province total is withheld exactly when the national table withholds that
  province's cell, and then at least one county is withheld as well.
- the coverage ratio is withheld with the count of centers it is made from.
Only active units are listed, and totals are the sums of the listed rows (an inactive unit's
counts cannot be recovered by subtraction either).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from kanoon.centers import rollups
from kanoon.centers.models import RollupCount
from kanoon.centers.selectors import places_counts
from kanoon.core import formats, jalali
from kanoon.core.collation import persian
from kanoon.geo.models import Kind, Unit

THRESHOLD = 5
QUARTERS = 8

SHOWN, FEW, HIDDEN = "shown", "lt5", "hidden"


@dataclass(frozen=True)
class Measure:
    key: str  # machine-readable name (CSV header, JSON key)
    label: str  # Persian header
    description: str
    protected: bool = True  # a count of people's activity (not public geography)


MEASURES = [
    Measure(
        "places",
        "محله‌ها و روستاها",
        "شمار محله‌ها و روستاهای فعال در تقسیمات کشوری (امروز)؛ شمار جغرافیایی، بدون پنهان‌سازی.",
        protected=False,
    ),
    Measure("centers", "کانون‌های دایر", "کانون‌هایی که تا پایان فصل تشکیل شده و بسته نشده بودند."),
    Measure(
        "coverage",
        "کانون در هر ۱۰۰ محله و روستا",
        "کانون‌های دایر به ازای هر ۱۰۰ محله و روستا (یک رقم اعشار)؛ با شمار کانون‌ها پنهان می‌شود.",
    ),
    Measure("active_centers", "کانون‌های فعال", "کانون‌هایی که در پایان فصل در وضعیت «فعال» بودند."),
    Measure("members", "اعضای کانون‌ها", "عضویت‌های برقرار در پایان فصل (پذیرفته و هنوز خارج‌نشده)."),
    Measure("meetings", "نشست‌های مجامع سلامت", "نشست‌های برگزارشدهٔ مجامع سلامت (همهٔ سطوح) در فصل."),
    Measure("problems_raised", "مسائل ثبت‌شده", "مسائل سلامت ثبت‌شده در مجامع در فصل، در محل ثبت."),
    Measure(
        "problems_referred",
        "مسائل ارجاع‌شده",
        "مسائلی که در فصل به مجمع سطح بالاتر ارجاع شدند، در محل مجمع ارجاع‌دهنده.",
    ),
    Measure("problems_resolved", "مسائل حل‌شده", "مسائلی که در فصل در مجمعی حل شدند، در محل همان مجمع."),
]
COUNTED = [m.key for m in MEASURES if m.protected and m.key != "coverage"]


@dataclass
class Cell:
    value: int | Decimal | None
    state: str = SHOWN  # shown, lt5 (a count under 5), hidden (withheld to protect another)

    @property
    def shown(self) -> bool:
        return self.state == SHOWN

    @property
    def text(self) -> str:
        """What a page shows: Persian digits, «کمتر از ۵», «پنهان», or «—» (no ratio)."""
        if self.state == FEW:
            return "کمتر از ۵"
        if self.state == HIDDEN:
            return "پنهان"
        return "—" if self.value is None else formats.number(self.value)

    @property
    def data(self) -> str:
        """What a CSV cell holds: the number with Latin digits, `<5`, `x` (withheld) or empty."""
        if self.state == FEW:
            return "<5"
        if self.state == HIDDEN:
            return "x"
        return "" if self.value is None else str(self.value)


@dataclass
class Row:
    unit: Unit | None  # None for the total row
    name: str
    code: str
    kind: str
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Table:
    parent: Unit
    quarter: jalali.Quarter
    rows: list[Row]
    total: Row


def quarters(last: jalali.Quarter | None = None) -> list[jalali.Quarter]:
    """The published quarters, oldest first, ending with the current one."""
    out = [last or jalali.Quarter.current()]
    for _ in range(QUARTERS - 1):
        out.insert(0, out[0].previous())
    return out


def public_areas(parent: Unit) -> list[Unit]:
    """The active provinces of the country, or the active counties of a province."""
    return list(Unit.objects.filter(parent=parent, is_active=True).order_by(persian("name"), "pk"))


def is_public_province(unit: Unit) -> bool:
    return unit.kind == Kind.PROVINCE and unit.is_active and unit.parent_id is not None


def _raw(
    areas: list[Unit], parent: Unit, qs: list[jalali.Quarter]
) -> dict[int, dict[jalali.Quarter, dict[str, int]]]:
    """{area id: {quarter: {measure: count}}} from the roll-up rows (two queries)."""
    facts: dict[int, Counter] = defaultdict(Counter)
    rows = RollupCount.objects.filter(unit__in=[a.pk for a in areas], quarter__gt="").values_list(
        "unit_id", "key", "quarter", "count"
    )
    for unit_id, key, quarter, n in rows:
        facts[unit_id][(key, quarter)] = n
    places = places_counts(parent)
    out: dict[int, dict[jalali.Quarter, dict[str, int]]] = {}
    for area in areas:
        f = facts[area.pk]
        centers = rollups.series(f, "c:founded", "c:closed", qs)
        active = rollups.series(f, "c:act_from", "c:act_to", qs)
        members = rollups.series(f, "m:joined", "m:ended", qs)
        out[area.pk] = {
            q: {
                "places": places.get(area.path, 0),
                "centers": centers[i],
                "active_centers": active[i],
                "members": members[i],
                "meetings": rollups.in_quarter(f, "a:meetings", q),
                "problems_raised": rollups.in_quarter(f, "a:raised", q),
                "problems_referred": rollups.in_quarter(f, "a:referred", q),
                "problems_resolved": rollups.in_quarter(f, "a:resolved", q),
            }
            for i, q in enumerate(qs)
        }
    return out


def protect(values: list[int], total_hidden: bool = False) -> tuple[list[str], str]:
    """The states of a column's cells and of its total (the sum of the cells): counts under 5
    are withheld, and more cells as needed so that none can be recovered from the total.
    `total_hidden`: the total is withheld elsewhere (the parent's table)."""
    states = [FEW if v < THRESHOLD else SHOWN for v in values]
    total = sum(values)
    t_state = FEW if total < THRESHOLD else (HIDDEN if total_hidden else SHOWN)
    withheld = sum(1 for s in states if s != SHOWN)
    if (t_state == SHOWN and withheld == 1) or (t_state != SHOWN and withheld == 0 and values):
        candidates = [i for i, s in enumerate(states) if s == SHOWN]
        if candidates:
            states[min(candidates, key=lambda i: (values[i], i))] = HIDDEN
        elif t_state == SHOWN:
            t_state = HIDDEN  # one row only: the total is that row
    return states, t_state


def _coverage(centers: int, places: int) -> Decimal | None:
    if not places:
        return None
    return (Decimal(100 * centers) / Decimal(places)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tables(parent: Unit, qs: list[jalali.Quarter] | None = None) -> dict[jalali.Quarter, Table]:
    """One protected table per quarter: a row per public area under `parent` and their total."""
    qs = qs or quarters()
    areas = public_areas(parent)
    raw = _raw(areas, parent, qs)
    totals_hidden: dict[jalali.Quarter, dict[str, bool]] = defaultdict(dict)
    if parent.kind == Kind.PROVINCE and parent.parent is not None:
        national = tables(parent.parent, qs)
        for q, table in national.items():
            mine = next((r for r in table.rows if r.unit is not None and r.unit.pk == parent.pk), None)
            for key in COUNTED:
                totals_hidden[q][key] = mine is None or not mine.cells[key].shown
    out = {}
    for q in qs:
        rows = [Row(unit=a, name=a.name, code=a.code or str(a.pk), kind=a.kind) for a in areas]
        total = Row(unit=None, name=f"جمع {parent.title}", code=parent.code or str(parent.pk), kind="total")
        values = [raw[a.pk][q] for a in areas]
        places = [v["places"] for v in values]
        for row, n in zip(rows, places, strict=True):
            row.cells["places"] = Cell(n)
        total.cells["places"] = Cell(sum(places))
        for key in COUNTED:
            column = [v[key] for v in values]
            states, t_state = protect(column, totals_hidden[q].get(key, False))
            for row, n, state in zip(rows, column, states, strict=True):
                row.cells[key] = Cell(n if state == SHOWN else None, state)
            total.cells[key] = Cell(sum(column) if t_state == SHOWN else None, t_state)
        for row in [*rows, total]:
            centers = row.cells["centers"]
            row.cells["coverage"] = (
                Cell(_coverage(int(centers.value or 0), int(row.cells["places"].value or 0)))
                if centers.shown
                else Cell(None, centers.state)
            )
        out[q] = Table(parent=parent, quarter=q, rows=rows, total=total)
    return out
