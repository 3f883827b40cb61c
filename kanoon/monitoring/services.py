"""Writes of monitoring: data entry, submission, bottom-up approval and the live roll-up.

Every function is keyword-only, runs in one transaction and re-checks the scope inside it.
Approval adds the report's values to the `Aggregate` rows of every non-leaf unit on the path,
in the same transaction: the new numbers are visible in all ancestors once it commits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from kanoon.core import scope
from kanoon.core.jalali import JalaliError, Quarter
from kanoon.geo.models import SEGMENT, Unit
from kanoon.organizations.models import Organization

from . import periods
from .models import (
    LEAF_KINDS,
    Aggregate,
    DataElement,
    DataSet,
    DataSetElement,
    DataValue,
    Indicator,
    Report,
    ReportEvent,
    ReportStatus,
    ReportTally,
    Target,
)

DENIED = "شما اجازهٔ این کار را ندارید."


# ---- permissions ------------------------------------------------------------------------


def can_enter(user: Any, unit: Unit) -> bool:
    return scope.path_in_scope(user, Report, "change", unit.path)


def can_approve(user: Any, unit: Unit) -> bool:
    """Approvers act strictly above the unit: a county approves its units, a province its
    counties; national admins approve everything (the country's own report included)."""
    paths = scope.scope_paths(user, Report, "approve")
    if paths is None:
        return True
    return any(unit.path.startswith(p) and len(p) < len(unit.path) for p in paths)


def parse_quarter(code: str) -> Quarter:
    try:
        period = periods.parse(code)
    except JalaliError as exc:
        raise ValidationError({"period": str(exc)})
    if not isinstance(period, Quarter):
        raise ValidationError({"period": "داده‌ها فصلی ثبت می‌شوند؛ دوره را به شکل 1403Q2 وارد کنید."})
    return period


NOT_A_NUMBER = "یک عدد وارد کنید."
_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)


def to_decimal(raw: Any, *, max_digits: int = 18, decimal_places: int = 4) -> Decimal | None:
    """'۱۲٫۵', '12.5', 12 → Decimal; '' / None → None; anything else raises a Persian error.

    Only ASCII, Persian and Arabic-Indic digits are read. The value must fit the columns that
    hold numbers here (DecimalField(18, 4)) exactly: more decimal places than they keep, or too
    many digits, is refused instead of being rounded or failing in the database."""
    from kanoon.core.text import to_latin_digits
    from kanoon.core.validators import decimal_problem

    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(NOT_A_NUMBER)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = to_latin_digits(str(raw)).strip().replace("٫", ".").replace("،", "").replace(",", "")
        text = text.replace("٬", "").replace("\u200e", "").replace("\u2212", "-")  # as core.formats writes
        if not text:
            return None
        if not _NUMBER_RE.fullmatch(text):
            raise ValidationError(NOT_A_NUMBER)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(NOT_A_NUMBER)
    problem = decimal_problem(value, max_digits=max_digits, decimal_places=decimal_places)
    if problem:
        raise ValidationError(problem)
    return value


# ---- reports and data entry -------------------------------------------------------------


def report_get_or_create(*, data_set: DataSet, unit: Unit, period: str, user: Any) -> Report:
    quarter = parse_quarter(period)
    if not data_set.reports_at(unit):
        raise ValidationError({"unit": f"فرم «{data_set.name}» در سطح {unit.get_kind_display()} پر نمی‌شود."})
    if quarter.start > timezone.localdate():
        raise ValidationError({"period": "برای فصلی که هنوز شروع نشده نمی‌توان گزارش ثبت کرد."})
    report = Report.objects.filter(data_set=data_set, unit=unit, period=quarter.code).first()
    if report is not None:
        return report
    if not can_enter(user, unit):
        raise PermissionDenied(DENIED)
    report = Report(data_set=data_set, unit=unit, period=quarter.code)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_save_values(
    *, report: Report, values: dict[int, Any], user: Any, comments: dict[int, str] | None = None
):
    """Save the form: {element_id: raw value}. All rules are checked before anything is saved;
    errors come back as one ValidationError keyed by element code, in Persian."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not can_enter(user, report.unit):
        raise PermissionDenied(DENIED)
    if report.is_locked:
        raise ValidationError(
            {"status": "این گزارش تأیید شده و قفل است؛ برای تغییر، ابتدا تأیید آن لغو شود."}
        )
    members = list(report.data_set.members.select_related("element"))
    existing = {v.element_id: v for v in DataValue.objects.filter(report=report)}
    errors: dict[str, str] = {}
    parsed: dict[int, Decimal | None] = {}
    for member in members:
        element = member.element
        if element.pk not in values:
            continue
        try:
            value = to_decimal(values[element.pk])
        except ValidationError as exc:
            errors[element.code] = exc.messages[0]
            continue
        problem = element.check_value(value, required=False)
        if problem:
            errors[element.code] = problem
        parsed[element.pk] = value
    if errors:
        raise ValidationError(errors)
    comments = comments or {}
    for element_id, value in parsed.items():
        current = existing.get(element_id)
        if value is None:
            if current is not None:
                current.delete()
            continue
        if current is None:
            current = DataValue(report=report, element_id=element_id, unit=report.unit, period=report.period)
        elif current.value == value and current.comment == comments.get(element_id, current.comment):
            continue
        current.value = value
        current.comment = comments.get(element_id, current.comment)
        current.updated_by = user if getattr(user, "is_authenticated", False) else None
        current.save()
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return report


def missing_required(report: Report) -> list[DataElement]:
    have = set(DataValue.objects.filter(report=report).values_list("element_id", flat=True))
    return [
        m.element
        for m in report.data_set.members.select_related("element")
        if m.required and m.element_id not in have
    ]


@transaction.atomic
def report_submit(*, report: Report, user: Any) -> Report:
    report = Report.objects.select_for_update().select_related("unit", "data_set").get(pk=report.pk)
    if not can_enter(user, report.unit):
        raise PermissionDenied(DENIED)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError({"status": "این گزارش قبلاً ارسال شده است."})
    missing = missing_required(report)
    if missing:
        raise ValidationError({m.code: "این مقدار الزامی است." for m in missing})
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.save()
    tally_apply(report, submitted=1, on_time=int(report.on_time))
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, user=user)
    return report


@transaction.atomic
def report_approve(*, report: Report, user: Any) -> Report:
    report = Report.objects.select_for_update().select_related("unit", "data_set").get(pk=report.pk)
    if not can_approve(user, report.unit):
        raise PermissionDenied(
            "تأیید گزارش با سطح بالاتر است: شهرستان گزارش واحدهای خود و استان گزارش شهرستان‌ها را تأیید می‌کند."
        )
    if report.status == ReportStatus.APPROVED:
        raise ValidationError({"status": "این گزارش قبلاً تأیید شده است."})
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"status": "فقط گزارش ارسال‌شده را می‌توان تأیید کرد."})
    values = list(DataValue.objects.filter(report=report, approved=False))
    DataValue.objects.filter(report=report).update(approved=True)
    rollup_apply(values, sign=1)
    tally_apply(report, approved=1)
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = user
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.APPROVE, user=user)
    return report


@transaction.atomic
def report_unapprove(*, report: Report, user: Any, reason: str) -> Report:
    report = Report.objects.select_for_update().select_related("unit", "data_set").get(pk=report.pk)
    if not can_approve(user, report.unit):
        raise PermissionDenied("لغو تأیید فقط با سطحی است که گزارش را تأیید می‌کند.")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError({"status": "این گزارش تأیید نشده است."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "دلیل لغو تأیید را بنویسید."})
    values = list(DataValue.objects.filter(report=report, approved=True))
    DataValue.objects.filter(report=report).update(approved=False)
    rollup_apply(values, sign=-1)
    tally_apply(report, approved=-1)
    report.status = ReportStatus.SUBMITTED
    report.approved_at = None
    report.approved_by = None
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.UNAPPROVE, user=user, reason=reason)
    return report


@transaction.atomic
def data_value_set(
    *, user: Any, element: DataElement, unit: Unit, period: str, value: Any, comment: str = "", data_set=None
) -> DataValue:
    """Write one value (API): the report is the unit's quarterly form that holds the element."""
    quarter = parse_quarter(period)
    if not can_enter(user, unit):
        raise PermissionDenied(DENIED)
    if data_set is None:
        data_set = (
            DataSet.objects.filter(is_active=True, members__element=element)
            .order_by("code")
            .distinct()
            .first()
        )
    if data_set is None:
        raise ValidationError({"element": "این عنصر داده در هیچ فرم فعالی نیست."})
    try:
        parsed = to_decimal(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages[0]})
    problem = element.check_value(parsed, required=True)
    if problem:
        raise ValidationError({"value": problem})
    report = report_get_or_create(data_set=data_set, unit=unit, period=quarter.code, user=user)
    report_save_values(report=report, values={element.pk: parsed}, user=user, comments={element.pk: comment})
    return DataValue.objects.get(element=element, unit=unit, period=quarter.code)


# ---- setup: data sets, targets, implementers ----------------------------------------------


def _is_national_admin(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False)) and (
        scope.scope_paths(user, Indicator, "define") is None
    )


def _by(obj: Any, user: Any) -> None:
    """Name the user on the history row this save writes."""
    if getattr(user, "is_authenticated", False):
        obj._history_user = user


@transaction.atomic
def data_set_save(
    *,
    user: Any,
    data_set: DataSet | None = None,
    code: str,
    name: str,
    description: str = "",
    unit_kinds: list[str],
    due_days: int,
    elements: list[DataElement],
    required: set[int] | None = None,
    is_active: bool = True,
) -> DataSet:
    """Create or edit a data-entry form (national admins). `elements` in form order; `required`
    the ids of those that must be filled (default: all). Members not chosen any more leave the
    form; the data already reported for them stays."""
    if not _is_national_admin(user):
        raise PermissionDenied("تعریف فرم‌های گزارش با مدیر ملی است.")
    if not elements:
        raise ValidationError({"elements": "دست‌کم یک عنصر داده برای فرم انتخاب کنید."})
    chosen = {e.pk for e in elements}
    required = chosen if required is None else set(required)
    if required - chosen:
        raise ValidationError({"required": "عنصر الزامی باید از عناصر همین فرم باشد."})
    if data_set is not None:
        data_set = DataSet.objects.select_for_update().get(pk=data_set.pk)
    else:
        data_set = DataSet()
    data_set.code = (code or "").strip()
    data_set.name = name
    data_set.description = description or ""
    data_set.unit_kinds = list(unit_kinds or [])
    data_set.due_days = due_days
    data_set.is_active = is_active
    data_set.full_clean()
    _by(data_set, user)
    data_set.save()
    existing = {m.element_id: m for m in DataSetElement.objects.filter(data_set=data_set)}
    DataSetElement.objects.filter(data_set=data_set).exclude(element_id__in=chosen).delete()
    for position, element in enumerate(elements, start=1):
        member = existing.get(element.pk) or DataSetElement(data_set=data_set, element=element)
        member.required = element.pk in required
        member.position = position
        member.full_clean()
        member.save()
    return data_set


def _target_period(raw: Any) -> str:
    from kanoon.core.text import to_latin_digits

    try:
        return periods.parse(to_latin_digits(str(raw or "")).strip().upper()).code
    except JalaliError as exc:
        raise ValidationError({"period": str(exc) or "دوره را به شکل 1403Q2 یا 1403 وارد کنید."})


@transaction.atomic
def target_save(
    *, user: Any, target: Target | None = None, indicator: Indicator, unit: Unit, period: Any, value: Any
) -> Target:
    """Create or edit the target of an indicator for a unit and period (a quarter or a year).
    Staff set targets within their scope; one target per indicator, unit and period."""
    action = "change" if target is not None else "add"
    if not scope.path_in_scope(user, Target, action, unit.path):
        raise PermissionDenied(DENIED)
    if target is not None:
        target = Target.objects.select_for_update().get(pk=target.pk)
        if not scope.path_in_scope(user, Target, "change", target.unit.path):
            raise PermissionDenied(DENIED)
    code = _target_period(period)
    try:
        amount = to_decimal(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages[0]})
    if amount is None:
        raise ValidationError({"value": "مقدار هدف را وارد کنید."})
    clash = Target.objects.filter(indicator=indicator, unit=unit, period=code)
    if target is not None:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        raise ValidationError(
            {"period": f"برای «{indicator.name}» در {unit.title} و دورهٔ {code} از قبل هدف تعیین شده است."}
        )
    target = target or Target()
    target.indicator = indicator
    target.unit = unit
    target.period = code
    target.value = amount
    target.full_clean()
    _by(target, user)
    target.save()
    return target


@transaction.atomic
def implementer_save(
    *,
    user: Any,
    implementer: Organization | None = None,
    name: str,
    kind: str,
    unit: Unit,
    is_active: bool = True,
) -> Organization:
    """Create or edit an implementer (a university's social deputy, a Welfare office): an
    organization of the registry flagged `is_implementer`, working in its area. A new implementer
    whose name is already in the registry for that unit flags that organization. Implementers are
    never deleted: `is_active=False` retires one (the organization)."""
    from kanoon.core.text import normalize
    from kanoon.organizations import services as org_services

    name = normalize(name or "").strip()
    if implementer is None:
        if not scope.path_in_scope(user, Organization, "add", unit.path):
            raise PermissionDenied(DENIED)
        existing = Organization.objects.filter(unit=unit, name=name).first() if name else None
        if existing is not None and existing.is_implementer:
            raise ValidationError({"name": f"مجری «{name}» در {unit.title} از قبل ثبت شده است."})
        if existing is not None:
            org = org_services.organization_set_implementer(actor=user, organization=existing, value=True)
        else:
            org = org_services.organization_create(
                actor=user, name=name, kind=kind, unit=unit, is_implementer=True
            )
    else:
        current = Organization.objects.filter(pk=implementer.pk, is_implementer=True).first()
        if current is None:
            raise PermissionDenied(DENIED)
        org = org_services.organization_update(
            actor=user, organization=current, name=name, kind=kind, unit=unit
        )
    if org.is_active != is_active:
        org = org_services.organization_set_active(actor=user, organization=org, active=is_active)
    return org


# ---- roll-up ----------------------------------------------------------------------------


def rollup_targets(paths: set[str]) -> dict[str, list[int]]:
    """For each unit path, the ids of the non-leaf units on it (itself when it is not a leaf,
    and every ancestor) — the `Aggregate` rows a value at that unit adds to."""
    wanted = {p[:i] for p in paths for i in range(SEGMENT, len(p) + 1, SEGMENT)}
    rows = Unit.objects.filter(path__in=wanted).exclude(kind__in=LEAF_KINDS).values_list("path", "pk")
    ids = dict(rows)
    return {p: [ids[p[:i]] for i in range(SEGMENT, len(p) + 1, SEGMENT) if p[:i] in ids] for p in paths}


def rollup_apply(values: list[DataValue], *, sign: int) -> None:
    """Add (sign=1) or remove (sign=-1) values from every ancestor's `Aggregate` rows."""
    if not values:
        return
    unit_paths = dict(Unit.objects.filter(pk__in={v.unit_id for v in values}).values_list("pk", "path"))
    targets = rollup_targets(set(unit_paths.values()))
    deltas: dict[tuple[int, str, int], Decimal] = defaultdict(Decimal)
    for v in values:
        for unit_id in targets[unit_paths[v.unit_id]]:
            deltas[(unit_id, v.period, v.element_id)] += sign * v.value
    table = connection.ops.quote_name(Aggregate._meta.db_table)
    sql = (
        f"INSERT INTO {table} (unit_id, period, element_id, value) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (unit_id, period, element_id) DO UPDATE SET value = {table}.value + excluded.value"
    )
    rows = [(u, p, e, d) for (u, p, e), d in sorted(deltas.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def tally_apply(report: Report, *, submitted: int = 0, on_time: int = 0, approved: int = 0) -> None:
    """Add to the reporting tallies of every non-leaf unit on the report's path."""
    tally_apply_many([(report, submitted, on_time, approved)])


def tally_apply_many(items: list[tuple[Report, int, int, int]]) -> None:
    """(report, submitted, on_time, approved) increments, applied to every non-leaf unit on
    each report's path in one batch."""
    if not items:
        return
    targets = rollup_targets({report.unit.path for report, *_ in items})
    deltas: dict[tuple[int, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for report, submitted, on_time, approved in items:
        for unit_id in targets[report.unit.path]:
            row = deltas[(unit_id, report.period, report.data_set_id)]
            row[0] += submitted
            row[1] += on_time
            row[2] += approved
    table = connection.ops.quote_name(ReportTally._meta.db_table)
    sql = (
        f"INSERT INTO {table} (unit_id, period, data_set_id, submitted, on_time, approved) "
        f"VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (unit_id, period, data_set_id) DO UPDATE SET "
        f"submitted = {table}.submitted + excluded.submitted, on_time = {table}.on_time + excluded.on_time, "
        f"approved = {table}.approved + excluded.approved"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*key, *row) for key, row in sorted(deltas.items())])


def tally_rebuild() -> int:
    """Recompute every reporting tally from the reports (repair tool)."""
    with transaction.atomic():
        ReportTally.objects.all().delete()
        reports = Report.objects.exclude(status=ReportStatus.DRAFT).select_related("unit", "data_set")
        batch = []
        for report in reports.iterator(chunk_size=2000):
            batch.append((report, 1, int(report.on_time), int(report.status == ReportStatus.APPROVED)))
            if len(batch) >= 2000:
                tally_apply_many(batch)
                batch = []
        tally_apply_many(batch)
    return ReportTally.objects.count()


def rollup_rebuild() -> int:
    """Recompute every `Aggregate` row from the approved values (repair tool; the live path
    never needs it). Returns the number of rows written."""
    with transaction.atomic():
        Aggregate.objects.all().delete()
        count = 0
        batch: list[DataValue] = []
        for value in (
            DataValue.objects.filter(approved=True)
            .only("unit_id", "period", "element_id", "value")
            .iterator(chunk_size=5000)
        ):
            batch.append(value)
            if len(batch) >= 5000:
                rollup_apply(batch, sign=1)
                count += len(batch)
                batch = []
        rollup_apply(batch, sign=1)
        count += len(batch)
    return Aggregate.objects.count()
