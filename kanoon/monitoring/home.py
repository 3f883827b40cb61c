"""Monitoring's card on the home page (registered in `MonitoringConfig.ready()`)."""

from __future__ import annotations

from functools import reduce
from typing import Any

from django.db.models import Q
from django.urls import reverse

from kanoon.core import scope
from kanoon.core.home import Item
from kanoon.geo.models import Unit

from .models import Report, ReportStatus


def awaiting_q(user: Any) -> Q:  # type: ignore[no-untyped-def]
    """Units whose reports wait on this user: strictly below a unit where the user approves
    (`services.can_approve`); nothing for someone who only sees (an observer)."""
    paths = scope.scope_paths(user, Report, "approve")
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(lambda a, b: a | b, (Q(path__startswith=p) & ~Q(path=p) for p in paths))


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    """One card per data set and quarter with reports waiting, leading to exactly those rows of
    the reports page (the units under the root of that data set's reporting kinds)."""
    if root is None:
        return []
    submitted = (
        Report.objects.restrict(user, "view")
        .filter(status=ReportStatus.SUBMITTED, unit__path__startswith=root.path, unit__is_active=True)
        .exclude(unit=root)  # one's own unit is approved from above
        .filter(unit__in=Unit.objects.filter(awaiting_q(user)))
        .select_related("data_set", "unit")
    )
    groups: dict[tuple[int, str], list] = {}
    for report in submitted:
        if report.data_set.is_active and report.unit.kind in (report.data_set.unit_kinds or []):
            groups.setdefault((report.data_set_id, report.period), [report.data_set, 0])[1] += 1
    items = []
    newest_first = sorted(groups.items(), key=lambda g: g[0][1], reverse=True)
    for (data_set_id, period), (data_set, count) in newest_first:
        url = (
            reverse("monitoring:reports", args=[root.pk])
            + f"?data_set={data_set_id}&period={period}&status=submitted&awaiting=1"
        )
        label = "گزارش فصلی منتظر تأیید" if len(groups) == 1 else f"گزارش «{data_set.name}» منتظر تأیید"
        items.append(Item(label, count, url, "warning"))
    return items
