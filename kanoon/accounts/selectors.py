"""Reads for users and role assignments, and the one rule for who may manage whom.

Visibility (`visible_users`): a user is visible to a manager when one of the user's ACTIVE role
assignments (on an active unit) lies in the manager's subtree. Revoked roles confer nothing.
Users with no active role are visible only to managers whose scope is the whole country.

Management (`manageable_users` / `can_manage`): a manager may change a user (edit fields,
deactivate, change mobile or e-mail, grant or revoke roles) only when EVERY active role of that
user lies inside a subtree where the manager holds a user-managing role of strictly higher rank.
Consequences, on purpose:

- a user who also holds a role outside the manager's subtree (another province) is not
  manageable, even though the role inside makes them visible (visible → 403, not 404);
- a user of equal or higher rank in the manager's subtree is not manageable;
- a national admin manages everyone except other national admins; national admins and
  superusers are managed by superusers only (through the Django admin);
- a user with no active role is manageable by national admins only;
- nobody manages themselves here (the profile page is for that).
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

from kanoon.core import scope

from .models import RoleAssignment, User
from .roles import RANK, USER_MANAGERS


def visible_users(actor: Any) -> QuerySet[User]:
    return User.objects.restrict(actor, "view")


def _manager_grants(actor: Any) -> list[tuple[str, int]]:
    """(unit path, rank) for each user-managing role the actor holds."""
    return [(path, RANK[role]) for role, path in scope.user_grants(actor) if role in USER_MANAGERS]


def _covered_q(grants: list[tuple[str, int]]) -> Q:
    """Assignments (as RoleAssignment lookups) that some grant of the actor outranks."""
    parts = [
        Q(unit__path__startswith=path, role__in=[r for r, rank in RANK.items() if rank < best])
        for path, best in grants
    ]
    return reduce(lambda a, b: a | b, parts, Q(pk__in=[]))


def manageable_users(actor: Any) -> QuerySet[User]:
    """The users `actor` may change. Every user-management path goes through this."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    grants = _manager_grants(actor)
    if not grants:
        return User.objects.none()
    active = RoleAssignment.objects.filter(is_active=True, unit__is_active=True)
    uncovered = active.exclude(_covered_q(grants)).values("user_id")
    qs = visible_users(actor).exclude(pk=actor.pk).exclude(is_superuser=True).exclude(pk__in=uncovered)
    if not any(best >= RANK[scope.NATIONAL_ADMIN] for _, best in grants):
        # users without an active role are for national admins only
        qs = qs.filter(pk__in=active.values("user_id"))
    return qs


def can_manage(actor: Any, target: User) -> bool:
    return manageable_users(actor).filter(pk=target.pk).exists()


def visible_assignments(viewer: Any, user: User) -> QuerySet[RoleAssignment]:
    """The user's assignments that lie in the viewer's scope (active and revoked)."""
    if viewer is not None and viewer.pk == user.pk:
        return RoleAssignment.objects.filter(user=user).select_related("unit")
    return RoleAssignment.objects.restrict(viewer, "view").filter(user=user).select_related("unit")
