"""Which models accept attachments, and of which kinds.

    from kanoon.files import registry
    registry.register(Organization, kinds=["license", "other"])   # in the app's AppConfig.ready()

The files app knows no domain app: a registered model must be scoped (its default manager has
`restrict(user, action)`); an attachment is visible exactly when its parent is, and may be added
or removed exactly when the parent may be changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    kinds: tuple[str, ...]
    change_action: str = "change"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Registration] = {}


def register(
    model: type[models.Model], *, kinds: Iterable[str] | None = None, change_action: str = "change"
) -> Registration:
    from .models import Kind

    if not hasattr(model._default_manager, "restrict"):
        raise TypeError(f"{model._meta.label} is not scoped: its default manager has no restrict()")
    chosen = tuple(kinds) if kinds is not None else tuple(Kind.values)
    unknown = set(chosen) - set(Kind.values)
    if unknown or not chosen:
        raise ValueError(f"unknown attachment kinds for {model._meta.label}: {sorted(unknown)}")
    registration = Registration(model=model, kinds=chosen, change_action=change_action)
    _registry[registration.label] = registration
    return registration


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model._meta.label_lower, None)


def get(label_or_model: str | type[models.Model]) -> Registration | None:
    label = label_or_model if isinstance(label_or_model, str) else label_or_model._meta.label_lower
    return _registry.get(label.lower())


def all_registrations() -> list[Registration]:
    return list(_registry.values())
