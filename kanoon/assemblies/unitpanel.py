"""The assemblies' panel on a unit's page (registered in `AssembliesConfig.ready()`): the health
assembly on the unit, its open problems, and «تشکیل مجمع» where none is formed yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core import scope
from kanoon.core.collation import persian
from kanoon.core.unitpage import Action, Panel, Row, Stat

from . import selectors
from .models import ACTIVE_STATUSES, LEVEL_UNIT_KINDS, Assembly, Level


def _level_of(kind: str) -> str | None:
    return next((level for level, kinds in LEVEL_UNIT_KINDS.items() if kind in kinds), None)


def panel(user: Any, unit: Any) -> Panel | None:  # type: ignore[no-untyped-def]
    level = _level_of(unit.kind)
    visible = selectors.assemblies_visible(user)
    here = list(visible.filter(unit=unit, is_active=True).select_related("center").order_by("pk"))
    rows = [
        Row(a.name, reverse("assemblies:assembly_detail", args=[a.pk]), a.get_level_display()) for a in here
    ]
    problems = selectors.problem_visible(user).filter(
        assembly__unit__path__startswith=unit.path, status__in=ACTIVE_STATUSES
    )
    stats = []
    n_open = problems.count()
    if n_open or here:
        stats.append(
            Stat("مسئلهٔ باز", n_open, reverse("assemblies:problem_list") + f"?within={unit.pk}&open=1")
        )
    actions = []
    if level is not None and scope.path_in_scope(user, Assembly, "add", unit.path):
        if level == Level.NEIGHBORHOOD:
            from kanoon.centers.models import Center

            hosts = Center.objects.restrict(user, "view").filter(unit=unit, assemblies__isnull=True)
            for center in hosts.order_by(persian("name"), "pk")[:3]:
                actions.append(
                    Action(
                        f"تشکیل مجمع سلامت با {center.name}",
                        reverse("assemblies:assembly_create") + f"?level={level}&center={center.pk}",
                    )
                )
        elif not Assembly.objects.filter(unit=unit).exists():
            actions.append(
                Action(
                    "تشکیل مجمع سلامت",
                    reverse("assemblies:assembly_create") + f"?level={level}&unit={unit.pk}",
                )
            )
    if not (rows or stats or actions):
        return None
    empty = "هنوز مجمع سلامتی در اینجا تشکیل نشده است." if level is not None else ""
    return Panel("مجمع سلامت", rows=rows, stats=stats, actions=actions, empty=empty)
