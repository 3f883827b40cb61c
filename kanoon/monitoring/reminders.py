"""Overdue quarterly reports: who has not sent the report, and telling the people who must.

Run daily by Celery beat (`monitoring.overdue_reports`, see `settings.CELERY_BEAT_SCHEDULE`).
For each active data set, the latest quarter whose due date (quarter end + `due_days`) has
passed is checked. A reporting unit (of the data set's unit kinds, active) is missing when it
has no submitted or approved report for that quarter.

- Each user holding a reporting role *at* a missing unit (a center secretary at the
  neighborhood, a facilitator at the county …) is told which of their units are missing, with a
  link to the entry form.
- Each approver (county, province, national) whose area holds missing units gets one summary
  with the count and a link to the reporting list filtered to the missing units.

Each user is told once per data set and quarter (`OverdueNotice`), so the job is safe to run
again after a crash or twice in a day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kanoon.accounts.models import RoleAssignment
from kanoon.core.formats import number
from kanoon.core.jalali import Quarter, format_date
from kanoon.geo.models import Unit
from kanoon.notifications.services import notify

from .models import APPROVER_ROLES, REPORTER_ROLES, DataSet, OverdueNotice, Report, ReportStatus

KIND = "report_overdue"
KIND_LABEL = "گزارش فصلی عقب‌افتاده"


def overdue_quarter(data_set: DataSet, today: dt.date) -> Quarter | None:
    """The latest quarter of this data set whose due date is before `today`."""
    quarter = Quarter.of(today).previous()
    for _ in range(2):
        if quarter.end + dt.timedelta(days=data_set.due_days) < today:
            return quarter
        quarter = quarter.previous()
    return None


def missing_units(data_set: DataSet, quarter: Quarter) -> list[tuple[int, str, str]]:
    """(id, path, name) of the reporting units with no sent report for the quarter."""
    sent = (
        Report.objects.filter(data_set=data_set, period=quarter.code)
        .exclude(status=ReportStatus.DRAFT)
        .values("unit_id")
    )
    return list(
        Unit.objects.filter(kind__in=data_set.unit_kinds or [], is_active=True)
        .exclude(pk__in=sent)
        .order_by("path")
        .values_list("id", "path", "name")
    )


def _already_told(data_set: DataSet, quarter: Quarter) -> set[int]:
    return set(
        OverdueNotice.objects.filter(data_set=data_set, period=quarter.code).values_list("user_id", flat=True)
    )


def _record(data_set: DataSet, quarter: Quarter, user, missing: int) -> bool:
    """Claim the right to tell this user; False when another run already did."""
    try:
        with transaction.atomic():
            OverdueNotice.objects.create(data_set=data_set, period=quarter.code, user=user, missing=missing)
    except IntegrityError:
        return False
    return True


def notify_overdue(*, today: dt.date | None = None) -> dict[str, int]:
    """Tell reporters and approvers about missing reports; returns {data set code: missing units}."""
    today = today or timezone.localdate()
    result: dict[str, int] = {}
    for data_set in DataSet.objects.filter(is_active=True).order_by("code"):
        quarter = overdue_quarter(data_set, today)
        if quarter is None:
            continue
        missing = missing_units(data_set, quarter)
        result[data_set.code] = len(missing)
        if missing:
            _tell(data_set, quarter, missing)
    return result


def _tell(data_set: DataSet, quarter: Quarter, missing: list[tuple[int, str, str]]) -> None:
    told = _already_told(data_set, quarter)
    by_id = {uid: (path, name) for uid, path, name in missing}
    due = quarter.end + dt.timedelta(days=data_set.due_days)
    # reporters at the missing units themselves
    per_user: dict[int, list[int]] = defaultdict(list)
    users = {}
    ids = list(by_id)
    for start in range(0, len(ids), 5000):
        for a in RoleAssignment.objects.filter(
            unit_id__in=ids[start : start + 5000],
            role__in=REPORTER_ROLES,
            is_active=True,
            user__is_active=True,
        ).select_related("user"):
            if a.user_id not in told and a.unit_id not in per_user[a.user_id]:
                per_user[a.user_id].append(a.unit_id)
                users[a.user_id] = a.user
    for uid, unit_ids in per_user.items():
        user = users[uid]
        if not _record(data_set, quarter, user, len(unit_ids)):
            continue
        first = unit_ids[0]
        names = "، ".join(by_id[u][1] for u in unit_ids[:3]) + ("…" if len(unit_ids) > 3 else "")
        notify(
            user=user,
            kind=KIND,
            title=f"گزارش «{data_set.name}» {quarter.label} برای {names} هنوز ارسال نشده است",
            body=f"مهلت ارسال {format_date(due)} بود. فرم را کامل کنید و بفرستید.",
            url=reverse("monitoring:entry", args=[data_set.pk, first, quarter.code]),
        )
        told.add(uid)

    # approvers above the missing units: one summary each
    paths = sorted(path for path, _ in by_id.values())
    for a in (
        RoleAssignment.objects.filter(
            role__in=APPROVER_ROLES, is_active=True, user__is_active=True, unit__is_active=True
        )
        .select_related("user", "unit")
        .order_by("user_id", "unit__path")
    ):
        if a.user_id in told:
            continue
        prefix = a.unit.path
        lo = bisect.bisect_left(paths, prefix)
        hi = bisect.bisect_left(paths, prefix + "\uffff")
        count = sum(1 for p in paths[lo:hi] if len(p) > len(prefix))
        if not count or not _record(data_set, quarter, a.user, count):
            continue
        url = reverse("monitoring:reports", args=[a.unit_id])
        notify(
            user=a.user,
            kind=KIND,
            title=(
                f"{number(count)} واحد در {a.unit.name} گزارش «{data_set.name}» {quarter.label} را "
                "هنوز نفرستاده‌اند"
            ),
            body=f"مهلت ارسال {format_date(due)} بود.",
            url=f"{url}?data_set={data_set.pk}&period={quarter.code}&status=missing",
        )
        told.add(a.user_id)
