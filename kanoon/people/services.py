"""Writes of person records. Keyword-only, one transaction, `full_clean()`, the actor's scope
re-checked on the saved object (`actor=None` is the system itself: imports, public sign-up).

Creating a person is offered to callers who see every record (national viewers); everyone else
brings a person in through something in their own scope (a center membership), which links an
existing record or creates a new one and answers alike — see docs/people.md.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kanoon.core import scope
from kanoon.core.validators import normalize_national_code
from kanoon.geo.models import Unit

from .models import Person
from .registry import links, watchers

NOT_ALLOWED = "شما اجازهٔ این کار را ندارید."
DUPLICATE_PERSON = "فردی با این کد ملی از قبل ثبت شده است؛ هر فرد فقط یک پرونده در کشور دارد."
IDENTITY_ELSEWHERE = (
    "این فرد در جای دیگری بیرون از محدودهٔ شما هم ثبت یا عضو است؛ مشخصات او را فقط کارشناسی "
    "می‌تواند تغییر دهد که همهٔ آن جاها در محدودهٔ اوست."
)

PERSON_FIELDS = {
    "first_name",
    "last_name",
    "gender",
    "birth_date",
    "mobile",
    "education",
    "occupation",
    "skills",
    "available_days",
    "available_parts",
    "availability_note",
    "has_disability",
    "disability",
    "consent_on",
}


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def person_by_code(national_code: str) -> Person | None:
    """The record with this code, from anywhere — for services only, never for an answer."""
    return Person.objects.filter(national_code=normalize_national_code(national_code)).first()


@transaction.atomic
def person_create(
    *,
    actor: Any,
    national_code: str,
    first_name: str,
    last_name: str,
    gender: str,
    registered_unit: Unit,
    **fields: Any,
) -> Person:
    """A new person record; refuses a national code that is already registered anywhere.

    Callers that answer a user must only reach this for a user who sees every record
    (`sees_every_person`) or through a link-or-create path (centers' `member_register`), so the
    refusal never tells a user about a record they cannot see."""
    if actor is not None and not scope.path_in_scope(actor, Person, "add", registered_unit.path):
        raise PermissionDenied(NOT_ALLOWED)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(
        national_code=normalize_national_code(national_code),
        first_name=first_name,
        last_name=last_name,
        gender=gender,
        registered_unit=registered_unit,
        created_by=_actor_user(actor),
        **fields,
    )
    if person_by_code(person.national_code) is not None:
        raise ValidationError({"national_code": DUPLICATE_PERSON})
    person.full_clean()
    person.save()
    return person


def check_person_fields(*, national_code: str, registered_unit: Unit, **fields: Any) -> Person:
    """Validate a person's fields as `person_create` would, without the database (an unsaved
    Person; the national code's uniqueness is not looked at)."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(
        national_code=normalize_national_code(national_code), registered_unit=registered_unit, **fields
    )
    person.full_clean(validate_unique=False, validate_constraints=False)
    return person


def sees_every_person(user: Any) -> bool:
    """Whether the user's view scope is the whole country (national admin, superuser)."""
    return scope.scope_paths(user, Person, "view") is None and getattr(user, "is_authenticated", False)


def person_editable(actor: Any, person: Person) -> bool:
    """Whether the actor may change this person's own fields: the person must be visible for
    `change`, AND their registration unit and every place they are active in (every registered
    link, e.g. active memberships) must lie inside the actor's change scope. A person linked
    into one center by national code, who is registered or active elsewhere, stays out of that
    center's hands (identity, mobile, disability)."""
    if actor is None:
        return True
    paths = scope.scope_paths(actor, Person, "change")
    if paths is None:
        return True
    if not paths or not scope.can(actor, "change", person):
        return False

    def inside(path: str) -> bool:
        return any(path.startswith(p) for p in paths)

    if not inside(person.registered_unit.path):
        return False
    return all(inside(path) for link in links for path in link.active_paths(person))


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    if actor is not None and not scope.can(actor, "change", person):
        raise PermissionDenied(NOT_ALLOWED)
    if not person_editable(actor, person):
        raise PermissionDenied(IDENTITY_ELSEWHERE)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    with ExitStack() as stack:
        for watch in watchers:
            stack.enter_context(watch([person.pk]))
        person.save()
    return person
