"""Reads of the notifications app: a user only ever reads their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .kinds import kinds
from .models import Notification
from .services import Choice, effective_preferences


def inbox(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-pk")
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences(user: Any) -> list[Choice]:
    """The user's effective channels for every registered kind."""
    return [effective_preferences([user.pk], kind.code)[user.pk] for kind in kinds.all()]
