"""Reads of organizations, always through the scope. Other apps pick organizations with
`organizations_for` (what the user may see or change) and `organizations_around` (those that
work at a unit, above it or below it — e.g. the agencies that can hold an assembly's seats)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from kanoon.core.text import search_key
from kanoon.geo.models import SEGMENT, Unit

from .models import Organization
from .validators import normalize_legal_id


def organizations_for(
    user: Any,
    *,
    kinds: Iterable[str] | None = None,
    action: str = "view",
    include_inactive: bool = False,
) -> QuerySet[Organization]:
    """Organizations the user may `action`, optionally only of these kinds (active ones unless
    `include_inactive`). Use it for choice fields in other apps."""
    qs = Organization.objects.restrict(user, action).select_related("unit")
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs


def organizations_around(
    user: Any, unit: Unit, *, kinds: Iterable[str] | None = None, include_inactive: bool = False
) -> QuerySet[Organization]:
    """Visible organizations working at `unit`, at any unit above it, or below it."""
    ancestors = [unit.path[:i] for i in range(SEGMENT, len(unit.path) + 1, SEGMENT)]
    return organizations_for(user, kinds=kinds, include_inactive=include_inactive).filter(
        Q(unit__path__in=ancestors) | Q(unit__path__startswith=unit.path)
    )


def search(queryset: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    """By name (ZWNJ/ی/ک-insensitive) or by legal national ID (any of the two digit sets)."""
    key = search_key(text)
    if not key:
        return queryset
    digits = normalize_legal_id(text)
    q = Q(name_key__contains=key)
    if digits.isascii() and digits.isdigit():
        q |= Q(national_id__startswith=digits)
    return queryset.filter(q)


def organization_detail(user: Any, pk: int) -> Organization:
    from kanoon.core.scope import get_for_action

    return get_for_action(user, Organization.objects.select_related("unit"), "view", pk=pk)
