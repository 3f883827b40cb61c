"""The registry of sensitive attributes and the rule that decides who may see them.

    from kanoon.audit import sensitive
    sensitive.register(Person, fields={"disability": {scope.WELFARE_EXPERT, scope.PROVINCE_EXPERT}})

A user may see a registered field of an object when they hold one of the field's roles at the
object's unit or above it (`kanoon.core.scope.roles_in` on the path reached through the model's
`scope_path_field`, or the `path=` callable given at registration). Anyone else (no role there,
an outsider, an anonymous or inactive user) is shown nothing — not even that the field exists.
Registered fields never appear in readable history (`kanoon.core.history.hide_fields`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from kanoon.core import history, scope


@dataclass(frozen=True)
class Registration:
    fields: dict[str, frozenset[str]]
    path: Callable[[Any], str | None] | None = None


_registry: dict[str, Registration] = {}


def _key(model: type[models.Model] | models.Model) -> str:
    return model._meta.concrete_model._meta.label_lower


def register(
    model: type[models.Model],
    *,
    fields: Mapping[str, Iterable[str]],
    path: Callable[[Any], str | None] | None = None,
) -> None:
    """Mark `fields` of `model` sensitive, each visible to the given roles (at the object's unit).
    Registering again adds or replaces fields."""
    for name in fields:
        model._meta.get_field(name)  # a typo fails at start-up, not silently
    for roles in fields.values():
        unknown = set(roles) - scope.ALL_ROLES
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
    if path is None and not getattr(model, "scope_path_field", None):
        raise ValueError(f"{model.__name__} has no scope_path_field: pass path=")
    old = _registry.get(_key(model))
    merged = dict(old.fields) if old else {}
    merged.update({name: frozenset(roles) for name, roles in fields.items()})
    _registry[_key(model)] = Registration(merged, path or (old.path if old else None))
    history.hide_fields(model, fields)


def unregister(model: type[models.Model], fields: Iterable[str] | None = None) -> None:
    """Forget some (or all) sensitive fields of `model` (tests use this)."""
    reg = _registry.get(_key(model))
    if reg is None:
        return
    names = set(reg.fields) if fields is None else set(fields)
    left = {name: roles for name, roles in reg.fields.items() if name not in names}
    history.unhide_fields(model, names)
    if left:
        _registry[_key(model)] = Registration(left, reg.path)
    else:
        del _registry[_key(model)]


def fields_of(model: type[models.Model] | models.Model) -> dict[str, frozenset[str]]:
    """The sensitive fields of a model and the roles that may see each."""
    reg = _registry.get(_key(model))
    return dict(reg.fields) if reg else {}


def is_sensitive(model: type[models.Model] | models.Model, field: str) -> bool:
    reg = _registry.get(_key(model))
    return reg is not None and field in reg.fields


def object_path(obj: models.Model) -> str | None:
    """The unit path an object hangs on (through `scope_path_field`, e.g. "unit__path")."""
    reg = _registry.get(_key(obj))
    if reg is not None and reg.path is not None:
        return reg.path(obj)
    value: Any = obj
    for part in type(obj).scope_path_field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return str(value)


def roles_at(user: Any, obj: models.Model) -> set[str]:
    """The roles `user` holds at `obj`'s unit or above (none for anonymous or inactive users)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return set()
    path = object_path(obj)
    if path is None:
        return set()
    return scope.roles_in(user, path)


def can_see(user: Any, obj: models.Model, field: str, *, roles: set[str] | None = None) -> bool:
    """Whether `user` may be shown `field` of `obj`. A field nobody registered is not sensitive."""
    allowed = fields_of(obj).get(field)
    if allowed is None:
        return True
    held = roles_at(user, obj) if roles is None else roles
    return bool(held & allowed)


def visible_fields(user: Any, obj: models.Model, fields: Iterable[str]) -> list[str]:
    """Of these sensitive fields, the ones `user` may see (the object's path is read once)."""
    wanted = [f for f in fields if is_sensitive(obj, f)]
    if not wanted:
        return []
    held = roles_at(user, obj)
    return [f for f in wanted if can_see(user, obj, f, roles=held)]
