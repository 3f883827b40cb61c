"""Reads of centers and people, always through the user's scope, and the unit dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from kanoon.core import jalali
from kanoon.core.collation import persian
from kanoon.core.text import search_key
from kanoon.geo.models import SEGMENT, Kind, Unit
from kanoon.people.selectors import people_visible, search_people  # noqa: F401 (re-exported)

from . import rollups
from .models import (
    Center,
    CenterStatus,
    Gender,
    Membership,
    MembershipStatus,
)

OPEN_STATUSES = (CenterStatus.PROPOSED, CenterStatus.ESTABLISHING, CenterStatus.ACTIVE)
PUBLIC_STATUSES = (CenterStatus.ESTABLISHING, CenterStatus.ACTIVE)
AGE_BANDS: list[tuple[str, str, int | None, int | None]] = [
    # key, label, min age (inclusive), max age (exclusive)
    ("under18", "زیر ۱۸ سال", None, 18),
    ("18_29", "۱۸ تا ۲۹", 18, 30),
    ("30_44", "۳۰ تا ۴۴", 30, 45),
    ("45_59", "۴۵ تا ۵۹", 45, 60),
    ("60plus", "۶۰ سال و بالاتر", 60, None),
]


def stalled_days_default() -> int:
    return int(getattr(settings, "KANOON_STALLED_DAYS", 60))


def centers_visible(user: Any, action: str = "view") -> QuerySet[Center]:
    return Center.objects.restrict(user, action)


def center_list(user: Any) -> QuerySet[Center]:
    """The scoped list with what a row shows, without per-row queries."""
    return centers_visible(user).select_related("unit", "unit__parent")


def search_centers(queryset: QuerySet[Center], text: str) -> QuerySet[Center]:
    for word in search_key(text).split():
        queryset = queryset.filter(name_key__contains=word)
    return queryset


def stalled_q(days: int, today: dt.date | None = None) -> Q:
    """Open centers without establishment progress for `days` days (or never, when older)."""
    cutoff = (today or jalali.today()) - dt.timedelta(days=days)
    return Q(status__in=OPEN_STATUSES) & (
        Q(last_progress_on__lt=cutoff) | Q(last_progress_on__isnull=True, founded_on__lt=cutoff)
    )


def membership_counts(center_ids: Sequence[int]) -> dict[int, int]:
    """Active members per center for a page of centers, in one query."""
    rows = (
        Membership.objects.filter(center_id__in=center_ids, status=MembershipStatus.ACTIVE)
        .values("center_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["center_id"]: r["n"] for r in rows}


def unit_labels(units: Sequence[Unit]) -> dict[int, str]:
    """'تهران › منطقه ۶' style labels (province … parent) for a page of units, in one query."""
    paths = {p for u in units for p in u.ancestor_paths()[1:]}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name")) if paths else {}
    return {u.pk: " › ".join(names[p] for p in u.ancestor_paths()[1:] if p in names) for u in units}


# ----------------------------------------------------------------------------------------
# The unit dashboard
# ----------------------------------------------------------------------------------------


@dataclass
class Dashboard:
    unit: Unit
    centers_total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_phase: dict[int, int] = field(default_factory=dict)
    stalled_count: int = 0
    stalled: list[Center] = field(default_factory=list)
    stalled_days: int = 60
    members_total: int = 0
    by_gender: dict[str, int] = field(default_factory=dict)
    by_age: list[tuple[str, str, int]] = field(default_factory=list)
    groups_total: int = 0
    pending_total: int = 0
    trend: list[dict[str, Any]] = field(default_factory=list)
    places_total: int = 0
    places_covered: int = 0
    children: list[dict[str, Any]] = field(default_factory=list)

    @property
    def coverage_percent(self) -> float:
        return round(100 * self.places_covered / self.places_total, 1) if self.places_total else 0.0


def centers_by_status(facts: rollups.Facts) -> dict[str, int]:
    """{status: centers} from roll-up counts (keys `c:<status>:<phase>`)."""
    out: dict[str, int] = {}
    for (key, _q), n in facts.items():
        if key.startswith("c:") and key.count(":") == 2 and n:
            status = key.split(":")[1]
            out[status] = out.get(status, 0) + n
    return out


def open_centers_by_phase(facts: rollups.Facts) -> dict[int, int]:
    out: dict[int, int] = {}
    for (key, _q), n in facts.items():
        if key.startswith("c:") and key.count(":") == 2 and n:
            _c, status, phase = key.split(":")
            if status in OPEN_STATUSES:
                out[int(phase)] = out.get(int(phase), 0) + n
    return out


def members_by_age(facts: rollups.Facts, today: dt.date | None = None) -> list[tuple[str, str, int]]:
    """Active members per age band, an age being the Jalali years since the year of birth
    (the age reached this year); members without a birth date are «نامشخص»."""
    year = rollups.jalali_year(today or jalali.today())
    bands = {key: 0 for key, *_ in AGE_BANDS}
    known = 0
    for (key, _q), n in facts.items():
        if key.startswith("m:y:") and n:
            age = year - int(key[4:])
            known += n
            for band, _label, low, high in AGE_BANDS:
                if (low is None or age >= low) and (high is None or age < high):
                    bands[band] += n
                    break
    rows = [(key, label, bands[key]) for key, label, *_ in AGE_BANDS]
    rows.append(("unknown", "نامشخص", facts.get(("m:active", ""), 0) - known))
    return rows


def last_quarters(count: int, last: jalali.Quarter | None = None) -> list[jalali.Quarter]:
    quarters = [last or jalali.Quarter.current()]
    for _ in range(count - 1):
        quarters.insert(0, quarters[0].previous())
    return quarters


PLACES_TTL = 300  # seconds: a deactivated neighborhood or village leaves the counts within this time


def places_counts(unit: Unit) -> dict[str, int]:
    """Active neighborhoods and villages under a unit, {its path and each child's path: count}.

    Geography, not activity: it changes only when the divisions change, so it is cached per
    version of the territory (the highest unit id: a new unit is seen at once; a deactivated
    one within `PLACES_TTL`), like monitoring's denominator of coverage. The roll-ups
    themselves are never cached."""
    from django.core.cache import cache

    cached = not getattr(settings, "TESTING", False)  # tests reuse ids: every count is fresh there
    version = Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    key = f"centers:places:{unit.pk}:{version}"
    counts = cache.get(key) if cached else None
    if counts is None:
        width = len(unit.path) + SEGMENT
        places = Unit.objects.filter(kind__in=[Kind.NEIGHBORHOOD, Kind.VILLAGE], is_active=True)
        if unit.depth:
            places = places.filter(path__startswith=unit.path)
        counts = dict(
            places.annotate(prefix=Substr("path", 1, width))
            .values_list("prefix")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts[unit.path] = sum(counts.values())
        if cached:
            cache.set(key, counts, PLACES_TTL)
    return counts


def places_count(unit: Unit) -> int:
    """Active neighborhoods and villages in the unit's subtree (itself, for one of them)."""
    if unit.kind in (Kind.NEIGHBORHOOD, Kind.VILLAGE):
        return 1
    return places_counts(unit).get(unit.path, 0)


def stalled_counts(
    unit: Unit,
    days: int,
    today: dt.date,
    facts: rollups.Facts,
    children: dict[str, rollups.Facts] | None = None,
) -> tuple[int, dict[str, int]]:
    """How many open centers under the unit (and under each child, by path) have had no progress
    for `days` days: from the roll-ups' `c:since` quarters before the cutoff's quarter, plus a
    live count of the few centers whose last progress falls in that quarter before the cutoff.
    `facts` are the unit's roll-up counts, `children` each child's (by path)."""
    cutoff = today - dt.timedelta(days=days)
    boundary = jalali.Quarter.of(cutoff)

    def before(f: rollups.Facts) -> int:
        return sum(
            n
            for (key, quarter), n in f.items()
            if key == "c:since" and quarter and jalali.Quarter.parse(quarter) < boundary
        )

    edge = Center.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(last_progress_on__gte=boundary.start, last_progress_on__lt=cutoff)
        | Q(last_progress_on__isnull=True, founded_on__gte=boundary.start, founded_on__lt=cutoff)
    )
    if unit.depth:
        edge = edge.filter(unit__path__startswith=unit.path)
    by_child: dict[str, int] = {}
    if children is None:
        return before(facts) + edge.count(), by_child
    width = len(unit.path) + SEGMENT
    edge_by_prefix = dict(
        edge.annotate(prefix=Substr("unit__path", 1, width))
        .values_list("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, child_facts in children.items():
        by_child[path] = before(child_facts)
    for prefix, n in edge_by_prefix.items():
        by_child[prefix] = by_child.get(prefix, 0) + n
    return before(facts) + sum(edge_by_prefix.values()), by_child


def unit_dashboard(*, unit: Unit, stalled_days: int | None = None, quarters: int = 6) -> Dashboard:
    """Everything the dashboard of a unit shows, live, in a fixed number of queries: the counts
    come from the roll-ups (`rollups.counts`: a few indexed rows, kept current by every write);
    only the stalled centers (which depend on today's date) are read from the centers.

    The caller has checked that the unit is in the user's view scope; everything below a
    visible unit is visible, so no further restriction is needed.
    """
    days = stalled_days or stalled_days_default()
    today = jalali.today()
    d = Dashboard(unit=unit, stalled_days=days)
    facts = rollups.counts(unit)
    d.by_status = centers_by_status(facts)
    d.centers_total = sum(d.by_status.values())
    d.by_phase = open_centers_by_phase(facts)
    everything = unit.depth == 0  # the country: no prefix filter, no joins to the tree
    centers = Center.objects.all() if everything else Center.objects.filter(unit__path__startswith=unit.path)
    stalled = centers.filter(stalled_q(days, today))
    d.stalled = list(stalled.select_related("unit").order_by("last_progress_on", "founded_on", "pk")[:15])
    leaf = unit.kind in (Kind.NEIGHBORHOOD, Kind.VILLAGE)
    children: list[Unit] = []
    of_children: dict[str, rollups.Facts] = {}
    if not leaf:
        children = list(
            Unit.objects.filter(parent=unit)
            .order_by(persian("name"), "pk")
            .only("pk", "name", "kind", "path")
        )
        # only what the sub-unit rows show: centers by status, and the open centers' last progress
        wanted = Q(key__startswith="c:", quarter="") | Q(key="c:since")
        by_id = rollups.counts_of_children(unit, children, wanted)
        of_children = {child.path: by_id.get(child.pk, rollups.Facts()) for child in children}
    d.stalled_count, stalled_by_prefix = stalled_counts(
        unit, days, today, facts, None if leaf else of_children
    )

    d.members_total = facts.get(("m:active", ""), 0)
    d.pending_total = facts.get(("m:pending", ""), 0)
    d.by_gender = {value: facts.get((f"m:g:{value}", ""), 0) for value in Gender.values}
    d.by_age = members_by_age(facts, today)
    d.groups_total = facts.get(("g:active", ""), 0)
    quarter_list = last_quarters(quarters)
    c = rollups.series(facts, "c:founded", "c:closed", quarter_list)
    m = rollups.series(facts, "m:joined", "m:ended", quarter_list)
    g = rollups.series(facts, "g:formed", "", quarter_list)
    d.trend = [
        {"quarter": q, "centers": c[i], "members": m[i], "groups": g[i]} for i, q in enumerate(quarter_list)
    ]
    d.places_total = places_count(unit)
    d.places_covered = facts.get((rollups.COVERED, ""), 0)

    if not leaf:
        d.children = []
        for child in children:
            by_status = centers_by_status(of_children[child.path])
            d.children.append(
                {
                    "unit": child,
                    "total": sum(by_status.values()),
                    "active": by_status.get(CenterStatus.ACTIVE, 0),
                    "stalled": stalled_by_prefix.get(child.path, 0),
                }
            )
        d.children.sort(key=lambda r: -r["total"])  # stable: names stay in Persian order
    return d
