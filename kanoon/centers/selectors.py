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

from .models import (
    Center,
    CenterStatus,
    Gender,
    Membership,
    MembershipStatus,
    ThematicGroup,
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


def _birth_cutoff(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def dashboard_cache_seconds() -> int:
    default = 0 if getattr(settings, "TESTING", False) else 300
    return int(getattr(settings, "KANOON_DASHBOARD_CACHE_SECONDS", default))


def unit_dashboard_cached(*, unit: Unit, stalled_days: int | None = None) -> Dashboard:
    """The dashboard of the country or a province (aggregates over millions of members) is
    kept for `KANOON_DASHBOARD_CACHE_SECONDS` (5 minutes); counties and below are always live."""
    seconds = dashboard_cache_seconds()
    if unit.depth > 1 or seconds <= 0:
        return unit_dashboard(unit=unit, stalled_days=stalled_days)
    from django.core.cache import cache

    key = f"centers:dashboard:{unit.pk}:{stalled_days or stalled_days_default()}"
    d = cache.get(key)
    if d is None:
        d = unit_dashboard(unit=unit, stalled_days=stalled_days)
        cache.set(key, d, seconds)
    return d


def unit_dashboard(*, unit: Unit, stalled_days: int | None = None, quarters: int = 6) -> Dashboard:
    """Everything the dashboard of a unit shows, in a fixed number of queries.

    The caller has checked that the unit is in the user's view scope; everything below a
    visible unit is visible, so no further restriction is needed.
    """
    days = stalled_days or stalled_days_default()
    today = jalali.today()
    d = Dashboard(unit=unit, stalled_days=days)
    everything = unit.depth == 0  # the country: no prefix filter, no joins to the tree
    centers = Center.objects.all() if everything else Center.objects.filter(unit__path__startswith=unit.path)
    d.by_status = dict(centers.values_list("status").annotate(n=Count("pk")).order_by())
    d.centers_total = sum(d.by_status.values())
    d.by_phase = dict(
        centers.filter(status__in=OPEN_STATUSES).values_list("phase").annotate(n=Count("pk")).order_by()
    )
    stalled = centers.filter(stalled_q(days, today))
    d.stalled_count = stalled.count()
    d.stalled = list(stalled.select_related("unit").order_by("last_progress_on", "founded_on", "pk")[:15])

    members = (
        Membership.objects.all()
        if everything
        else Membership.objects.filter(center__unit__path__startswith=unit.path)
    )
    active = Q(status=MembershipStatus.ACTIVE)
    aggregates: dict[str, Any] = {
        "total": Count("pk", filter=active),
        "pending": Count("pk", filter=Q(status=MembershipStatus.PENDING)),
        "unknown_age": Count("pk", filter=active & Q(person__birth_date__isnull=True)),
    }
    for value in Gender.values:
        aggregates[f"g_{value}"] = Count("pk", filter=active & Q(person__gender=value))
    for key, _label, low, high in AGE_BANDS:
        cond = active
        if low is not None:
            cond &= Q(person__birth_date__lte=_birth_cutoff(today, low))
        if high is not None:
            cond &= Q(person__birth_date__gt=_birth_cutoff(today, high))
        aggregates[f"a_{key}"] = Count("pk", filter=cond)
    quarter_list = [jalali.Quarter.current()]
    for _ in range(quarters - 1):
        quarter_list.insert(0, quarter_list[0].previous())
    for i, q in enumerate(quarter_list):
        aggregates[f"q{i}"] = Count(
            "pk",
            filter=Q(status__in=[MembershipStatus.ACTIVE, MembershipStatus.LEFT], joined_on__lte=q.end)
            & (Q(left_on__isnull=True) | Q(left_on__gt=q.end)),
        )
    m = members.aggregate(**aggregates)
    d.members_total = m["total"]
    d.pending_total = m["pending"]
    d.by_gender = {value: m[f"g_{value}"] for value in Gender.values}
    d.by_age = [(key, label, m[f"a_{key}"]) for key, label, *_ in AGE_BANDS]
    d.by_age.append(("unknown", "نامشخص", m["unknown_age"]))

    c = centers.aggregate(
        **{
            f"q{i}": Count(
                "pk",
                filter=Q(founded_on__lte=q.end)
                & ~Q(status=CenterStatus.CLOSED, status_changed_on__lte=q.end),
            )
            for i, q in enumerate(quarter_list)
        }
    )
    groups = (
        ThematicGroup.objects.all()
        if everything
        else ThematicGroup.objects.filter(center__unit__path__startswith=unit.path)
    )
    g = groups.aggregate(
        total=Count("pk", filter=Q(is_active=True)),
        **{f"q{i}": Count("pk", filter=Q(formed_on__lte=q.end)) for i, q in enumerate(quarter_list)},
    )
    d.groups_total = g["total"]
    d.trend = [
        {"quarter": q, "centers": c[f"q{i}"], "members": m[f"q{i}"], "groups": g[f"q{i}"]}
        for i, q in enumerate(quarter_list)
    ]

    places = Unit.objects.filter(
        path__startswith=unit.path, kind__in=[Kind.NEIGHBORHOOD, Kind.VILLAGE], is_active=True
    )
    d.places_total = places.count() if unit.kind not in (Kind.NEIGHBORHOOD, Kind.VILLAGE) else 1
    d.places_covered = (
        centers.filter(status__in=OPEN_STATUSES, kind="neighborhood").values("unit_id").distinct().count()
    )

    if unit.kind not in (Kind.NEIGHBORHOOD, Kind.VILLAGE):
        width = len(unit.path) + SEGMENT
        rows = (
            centers.annotate(prefix=Substr("unit__path", 1, width))
            .values("prefix")
            .annotate(
                total=Count("pk"),
                active=Count("pk", filter=Q(status=CenterStatus.ACTIVE)),
                stalled=Count("pk", filter=stalled_q(days, today)),
            )
            .order_by()
        )
        of_children = rollups.counts_of_children(unit)
        children = list(
            Unit.objects.filter(parent=unit)
            .order_by(persian("name"), "pk")
            .only("pk", "name", "kind", "path")
        )
        d.children = []
        for child in children:
            by_status = centers_by_status(of_children.get(child.pk, rollups.Facts()))
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
