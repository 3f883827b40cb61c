"""Reads of people through the viewer's scope, in two tiers.

- **full record**: the viewer's view scope covers the unit the person was registered at (or the
  whole country). They read every field (sensitive ones still only for the roles registered in
  `kanoon.audit.sensitive`, and every view of those is audited).
- **card**: the viewer sees the person only through a link in their scope (a membership of a
  center they see). They read the national code, the name, the gender and the linked rows of
  their own territory — nothing else (no birth date, mobile, skills, other memberships).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from kanoon.core import scope
from kanoon.core.text import search_key

from .models import Person
from .registry import Facet, facets

CARD_FIELDS = ("id", "national_code", "first_name", "last_name", "gender")


def people_visible(user: Any, action: str = "view") -> QuerySet[Person]:
    return Person.objects.restrict(user, action)


def full_record_q(user: Any) -> Q:
    """People whose full record `user` reads: registered inside their view scope."""
    paths = scope.scope_paths(user, Person, "view")
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(registered_unit__path__startswith=p)
    return q


def full_record_ids(user: Any, person_ids: Iterable[int]) -> set[int]:
    """Of these people, those whose full record `user` reads (one query, none for national)."""
    ids = [i for i in person_ids if i is not None]
    if not ids:
        return set()
    paths = scope.scope_paths(user, Person, "view")
    if paths is None:
        return set(ids)
    if not paths:
        return set()
    return set(Person.objects.filter(full_record_q(user), pk__in=ids).values_list("pk", flat=True))


def sees_full_record(user: Any, person: Person) -> bool:
    paths = scope.scope_paths(user, Person, "view")
    if paths is None:
        return True
    return any(person.registered_unit.path.startswith(p) for p in paths)


def search_people(queryset: QuerySet[Person], text: str, user: Any = None) -> QuerySet[Person]:
    """By name (ZWNJ/ی/ک-insensitive), national code prefix or mobile. A mobile is only
    searched among the people whose full record the user reads (a card shows no mobile, so a
    search must not find one by it); without a user, not at all."""
    text = (text or "").strip()
    digits = "".join(ch for ch in search_key(text) if ch.isdigit())
    if digits and len(digits) >= 4 and digits == search_key(text).replace(" ", ""):
        by_mobile = Q(mobile__contains=digits) & (full_record_q(user) if user is not None else Q(pk__in=[]))
        return queryset.filter(Q(national_code__startswith=digits) | by_mobile)
    for word in search_key(text).split():
        queryset = queryset.filter(name_key__contains=word)
    return queryset


def person_facets(user: Any, person: Person) -> list[Facet]:
    """Everything the person is across the system, as far as `user`'s scope reaches: one facet
    per registered app that has something to show (each reads through the viewer's scope)."""
    result = []
    for facet in facets:
        found = facet(user, person)
        if found is not None and found.rows:
            result.append(found)
    return result
