"""The assemblies' cards on the home page (registered in `AssembliesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from kanoon.core import scope
from kanoon.core.home import Item

from .models import Meeting, MeetingStatus, Problem, ProblemStatus


def held_paths(user: Any, model) -> Any:  # type: ignore[no-untyped-def]
    """Units whose assemblies the user acts for: their own assignment units (not everything below)."""
    return [path for role, path in scope.user_grants(user) if role in scope.rules_for(model, "change")]


def upcoming_meetings(user: Any) -> Any:  # type: ignore[no-untyped-def]
    """Scheduled assembly meetings from now on, in the user's scope (the card and its list)."""
    return Meeting.objects.restrict(user, "view").filter(
        status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now(), body__assembly__isnull=False
    )


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    items = []
    waiting = (
        Problem.objects.restrict(user, "change")
        .filter(status=ProblemStatus.REFERRED, assembly__unit__path__in=held_paths(user, Problem))
        .count()
    )
    if waiting:
        url = reverse("assemblies:problem_list") + "?status=referred&awaiting=1"
        items.append(Item("مسئلهٔ ارجاع‌شده در انتظار تصمیم شما", waiting, url, "warning"))
    upcoming = upcoming_meetings(user).count()
    items.append(Item("جلسهٔ پیش‌رو در مجامع", upcoming, reverse("assemblies:calendar") + "?upcoming=1"))
    return items
