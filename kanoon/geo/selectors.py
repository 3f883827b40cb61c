"""Reads of the territory, always through the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from kanoon.core import scope
from kanoon.core.text import search_key

from .models import Unit


def units_visible(user) -> QuerySet[Unit]:
    return Unit.objects.restrict(user, "view")


def unit_roots(user) -> QuerySet[Unit]:
    """The top units of the user's scope (the country for national staff)."""
    paths = scope.scope_paths(user, Unit, "view")
    if paths is None:
        return Unit.objects.filter(depth=0)
    return Unit.objects.filter(path__in=paths)


def unit_search(queryset: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """Name search that treats ي/ك as ی/ک and ignores ZWNJ/space differences."""
    key = search_key(text)
    if not key:
        return queryset
    words = key.split(" ")
    for word in words:
        queryset = queryset.filter(name_key__contains=word)
    return queryset


def breadcrumbs(unit: Unit, user) -> list[tuple[Unit, bool]]:
    """Ancestors with whether the user may open each one."""
    visible_paths = scope.scope_paths(user, Unit, "view")
    crumbs = []
    for ancestor in unit.ancestors():
        reachable = visible_paths is None or any(ancestor.path.startswith(p) for p in visible_paths)
        crumbs.append((ancestor, reachable))
    return crumbs


def parent_names(units: list[Unit]) -> dict[int, str]:
    """'استان › شهرستان' labels for a page of units, in one query."""
    paths = {p for u in units for p in u.ancestor_paths()[1:]}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    return {u.pk: " › ".join(names[p] for p in u.ancestor_paths()[1:] if p in names) for u in units}
