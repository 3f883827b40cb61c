"""Scoping: the one mechanism that decides what a user sees and may change.

Every scoped model reaches a `geo.Unit` through the lookup named by its `scope_path_field`
(e.g. ``"unit__path"``) and says which roles may do which action in `scope_rules`. A user's
role assignments ``(role, unit)`` give the subtrees (materialized-path prefixes) they act in.

    Center.objects.restrict(request.user, "change")

Outside the user's view scope an object does not exist (404); inside it, an action the user's
roles do not grant is refused with 403 (`get_for_action`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

# Role codes (labels live in accounts.roles). Kept here so every app can name them.
NATIONAL_ADMIN = "national_admin"
PROVINCE_EXPERT = "province_expert"
WELFARE_EXPERT = "welfare_expert"
COUNTY_EXPERT = "county_expert"
FACILITATOR = "facilitator"
CENTER_SECRETARY = "center_secretary"
NGO_MANAGER = "ngo_manager"
MEMBER = "member"
OBSERVER = "observer"

ALL_ROLES = frozenset(
    {
        NATIONAL_ADMIN,
        PROVINCE_EXPERT,
        WELFARE_EXPERT,
        COUNTY_EXPERT,
        FACILITATOR,
        CENTER_SECRETARY,
        NGO_MANAGER,
        MEMBER,
        OBSERVER,
    }
)
STAFF_ROLES = frozenset({NATIONAL_ADMIN, PROVINCE_EXPERT, WELFARE_EXPERT, COUNTY_EXPERT})
FIELD_ROLES = STAFF_ROLES | {FACILITATOR}

DEFAULT_RULES: dict[str, frozenset[str]] = {
    "view": ALL_ROLES,
    "add": FIELD_ROLES,
    "change": FIELD_ROLES,
    "delete": STAFF_ROLES,
}


def user_grants(user: Any) -> list[tuple[str, str]]:
    """The user's active (role, unit path) pairs, loaded once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_kanoon_grants", None)
    if cached is None:
        from kanoon.accounts.models import RoleAssignment

        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk, is_active=True, unit__is_active=True).values_list(
                "role", "unit__path"
            )
        )
        user._kanoon_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_kanoon_grants"):
        del user._kanoon_grants


def minimal_prefixes(paths: Iterable[str]) -> list[str]:
    """Drop every path that lies under another one in the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def rules_for(model: type[models.Model], action: str) -> frozenset[str]:
    rules = {**DEFAULT_RULES, **getattr(model, "scope_rules", {})}
    if action not in rules:
        raise ValueError(f"{model.__name__} has no scope rule for action {action!r}")
    return rules[action]


def scope_paths(user: Any, model: type[models.Model], action: str) -> list[str] | None:
    """Prefixes within which `user` may do `action` on `model`; None means everywhere."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    if user.is_superuser:
        return None
    allowed = rules_for(model, action)
    paths = minimal_prefixes(path for role, path in user_grants(user) if role in allowed)
    from kanoon.geo.models import ROOT_PATH_LENGTH

    if any(len(p) <= ROOT_PATH_LENGTH for p in paths):
        return None
    return paths


def scope_q(user: Any, model: type[models.Model], action: str) -> Q:
    paths = scope_paths(user, model, action)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    custom = getattr(model, "scope_filter", None)
    if custom is not None:
        return custom(paths)
    field = model.scope_path_field
    return reduce(lambda a, b: a | b, (Q(**{f"{field}__startswith": p}) for p in paths))


def path_in_scope(user: Any, model: type[models.Model], action: str, path: str) -> bool:
    """Whether an object hanging on the unit with this path is within the user's scope."""
    paths = scope_paths(user, model, action)
    return paths is None or any(path.startswith(p) for p in paths)


def roles_in(user: Any, path: str) -> set[str]:
    """Roles the user holds at this unit or above it."""
    if getattr(user, "is_superuser", False):
        return set(ALL_ROLES)
    return {role for role, p in user_grants(user) if path.startswith(p)}


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to a user's scope (NetBox's RestrictedQuerySet)."""

    def restrict(self, user: Any, action: str = "view") -> ScopedQuerySet:
        return self.filter(scope_q(user, self.model, action))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether the user may do `action` on this saved object."""
    model = type(obj)
    if scope_paths(user, model, action) is None:
        return True
    return model._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def get_for_action(user: Any, queryset: models.QuerySet, action: str = "view", **lookup: Any) -> Any:
    """The object, or 404 if the user cannot see it, or 403 if they may see but not `action` it."""
    model = queryset.model
    visible = queryset.filter(scope_q(user, model, "view"))
    try:
        obj = visible.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("پیدا نشد.")
    if action != "view" and not can(user, action, obj):
        raise PermissionDenied("شما اجازهٔ این کار را ندارید.")
    return obj
