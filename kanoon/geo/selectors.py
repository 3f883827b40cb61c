"""Reads of the territory, always through the user's scope."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace

from kanoon.core import scope
from kanoon.core.collation import persian
from kanoon.core.text import search_key

from .models import Kind, Unit


def units_visible(user) -> QuerySet[Unit]:
    return Unit.objects.restrict(user, "view")


def unit_roots(user) -> QuerySet[Unit]:
    """The top units of the user's scope (the country for national staff)."""
    paths = scope.scope_paths(user, Unit, "view")
    if paths is None:
        return Unit.objects.filter(depth=0)
    return Unit.objects.filter(path__in=paths)


def unit_search(queryset: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """Name search that treats ي/ك as ی/ک and ignores ZWNJ/space differences: every typed word
    is in the name, or the name holds the typed text once spaces are dropped ('یوسف آباد',
    'یوسف‌آباد' and 'یوسفآباد' all find یوسف‌آباد)."""
    key = search_key(text)
    if not key:
        return queryset
    words = Q()
    for word in key.split(" "):
        words &= Q(name_key__contains=word)
    squashed = key.replace(" ", "")
    return queryset.annotate(_squashed=Replace("name_key", Value(" "), Value(""))).filter(
        words | Q(_squashed__contains=squashed)
    )


# Which kinds come first among equally good matches: the few (cities, neighborhoods) before the
# many (tens of thousands of villages, hundreds of which share a name).
SEARCH_KIND_ORDER = [
    Kind.PROVINCE,
    Kind.COUNTY,
    Kind.CITY,
    Kind.ZONE,
    Kind.NEIGHBORHOOD,
    Kind.DISTRICT,
    Kind.RURAL_DISTRICT,
    Kind.VILLAGE,
    Kind.COUNTRY,
]


def unit_search_ranked(queryset: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """`unit_search`, best first: the whole name typed, then names that start with it, then the
    rest; within each, cities and neighborhoods before villages."""
    key = search_key(text)
    results = unit_search(queryset, text)
    if not key:
        return results.order_by("depth", persian("name"), "pk")
    squashed = key.replace(" ", "")
    return results.annotate(
        _match=Case(
            When(Q(name_key=key) | Q(_squashed=squashed), then=Value(0)),
            When(Q(name_key__startswith=key) | Q(_squashed__startswith=squashed), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        _kind=Case(
            *(When(kind=k, then=Value(i)) for i, k in enumerate(SEARCH_KIND_ORDER)),
            default=Value(len(SEARCH_KIND_ORDER)),
            output_field=IntegerField(),
        ),
    ).order_by("_match", "_kind", persian("name_key"), "path")


def breadcrumbs(unit: Unit, user) -> list[tuple[Unit, bool]]:
    """Ancestors with whether the user may open each one."""
    visible_paths = scope.scope_paths(user, Unit, "view")
    crumbs = []
    for ancestor in unit.ancestors():
        reachable = visible_paths is None or any(ancestor.path.startswith(p) for p in visible_paths)
        crumbs.append((ancestor, reachable))
    return crumbs


# Levels left out of a unit's path label: the country (always Iran) and the district (بخش),
# which people do not use to say where a place is.
_PATH_SKIP = {Kind.COUNTRY, Kind.DISTRICT}


def path_labels(units: list[Unit]) -> dict[int, str]:
    """Where each unit is, nearest level first, in one query: 'منطقه ۶، شهر تهران، استان تهران'
    for a neighborhood (a county named like its city is not said twice)."""
    paths = {p for u in units for p in u.ancestor_paths()}
    above = {a.path: a for a in Unit.objects.filter(path__in=paths).only("path", "kind", "name")}
    labels = {}
    for unit in units:
        parts: list[str] = []
        last_name = unit.name
        for path in reversed(unit.ancestor_paths()):
            ancestor = above.get(path)
            if ancestor is None or ancestor.kind in _PATH_SKIP:
                continue
            if ancestor.name == last_name and ancestor.kind != Kind.PROVINCE:
                continue
            parts.append(ancestor.label)
            last_name = ancestor.name
        labels[unit.pk] = "، ".join(parts)
    return labels


def parent_names(units: list[Unit]) -> dict[int, str]:
    """'استان › شهرستان' labels for a page of units, in one query."""
    paths = {p for u in units for p in u.ancestor_paths()[1:]}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    return {u.pk: " › ".join(names[p] for p in u.ancestor_paths()[1:] if p in names) for u in units}
