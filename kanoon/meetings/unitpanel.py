"""The meetings' panel on a unit's page (registered in `MeetingsConfig.ready()`): the working
groups, councils and committees that sit on the unit (assemblies have their own panel)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from kanoon.core import scope
from kanoon.core.unitpage import Action, Panel, Row, Stat

from .kinds import BodyKind
from .models import Body, Meeting, MeetingStatus


def panel(user: Any, unit: Any) -> Panel | None:  # type: ignore[no-untyped-def]
    bodies = list(
        Body.objects.restrict(user, "view")
        .filter(unit=unit, is_active=True)
        .exclude(kind=BodyKind.HEALTH_ASSEMBLY)
        .order_by("kind", "name")[:10]
    )
    rows = [Row(b.name, reverse("meetings:body_detail", args=[b.pk]), b.get_kind_display()) for b in bodies]
    stats = []
    if bodies:
        upcoming = Meeting.objects.filter(
            body__in=bodies, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
        ).count()
        stats.append(Stat("جلسهٔ پیش‌رو", upcoming))
    actions = []
    if bodies and scope.path_in_scope(user, Body, "add", unit.path):
        actions.append(
            Action(
                "تشکیل کارگروه یا شورا", reverse("meetings:body_create") + f"?unit={unit.pk}", primary=False
            )
        )
    if not rows:
        return None
    return Panel("کارگروه‌ها و شوراها", rows=rows, stats=stats, actions=actions)
