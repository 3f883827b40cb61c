"""What needs the user's attention, for the home page. Every count goes through the scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from kanoon.core import scope


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str
    tone: str = "primary"  # bootstrap colour: warning for things waiting on the user


def _centers(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    from kanoon.centers.models import Center, CenterStatus, Membership, MembershipStatus

    items = []
    pending = Membership.objects.restrict(user, "change").filter(status=MembershipStatus.PENDING).count()
    if pending:
        items.append(
            Item("درخواست عضویت در انتظار پذیرش", pending, reverse("centers:center_list"), "warning")
        )
    active = Center.objects.restrict(user, "view").filter(status=CenterStatus.ACTIVE).count()
    items.append(Item("کانون سلامت فعال", active, reverse("centers:center_list")))
    return items


def _assemblies(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    from kanoon.assemblies.models import Meeting, MeetingStatus, Notification, Problem, ProblemStatus

    items = []
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if unread:
        items.append(Item("اعلان خوانده‌نشده", unread, reverse("assemblies:notifications"), "warning"))
    waiting = (
        Problem.objects.restrict(user, "change")
        .filter(status=ProblemStatus.REFERRED, assembly__unit__path__in=_held_paths(user, Problem))
        .count()
    )
    if waiting:
        url = reverse("assemblies:problem_list") + "?status=referred"
        items.append(Item("مسئلهٔ ارجاع‌شده در انتظار تصمیم شما", waiting, url, "warning"))
    upcoming = (
        Meeting.objects.restrict(user, "view")
        .filter(status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        .count()
    )
    items.append(Item("جلسهٔ پیش‌رو در مجامع", upcoming, reverse("assemblies:calendar")))
    return items


def _held_paths(user: Any, model) -> Any:  # type: ignore[no-untyped-def]
    """Units whose assemblies the user acts for: their own assignment units (not everything below)."""
    return [path for role, path in scope.user_grants(user) if role in scope.rules_for(model, "change")]


def _monitoring(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    from kanoon.monitoring.models import Report, ReportStatus

    submitted = Report.objects.restrict(user, "view").filter(status=ReportStatus.SUBMITTED)
    if root is not None:
        submitted = submitted.exclude(unit=root)  # one's own unit is approved from above
    count = submitted.count()
    if not count or root is None:
        return []
    url = reverse("monitoring:reports", args=[root.pk]) + "?status=submitted"
    return [Item("گزارش فصلی منتظر تأیید", count, url, "warning")]


SECTIONS = [
    ("kanoon.centers", _centers),
    ("kanoon.assemblies", _assemblies),
    ("kanoon.monitoring", _monitoring),
]


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    items: list[Item] = []
    for app, section in SECTIONS:
        if apps.is_installed(app):
            items.extend(section(user, root))
    return sorted(items, key=lambda item: item.tone != "warning")
