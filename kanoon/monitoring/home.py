"""Monitoring's card on the home page (registered in `MonitoringConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core.home import Item

from .models import Report, ReportStatus


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    submitted = Report.objects.restrict(user, "view").filter(status=ReportStatus.SUBMITTED)
    if root is not None:
        submitted = submitted.exclude(unit=root)  # one's own unit is approved from above
    count = submitted.count()
    if not count or root is None:
        return []
    url = reverse("monitoring:reports", args=[root.pk]) + "?status=submitted"
    return [Item("گزارش فصلی منتظر تأیید", count, url, "warning")]
