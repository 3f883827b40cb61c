"""Exports and exchange: Excel of any dashboard table, the quarterly unit report as a Persian
PDF, and DHIS2-compatible ``dataValueSets`` JSON.

DHIS2 mapping (see docs in `periods` too):
- dataElement: the element's `code` (DHIS2 ``dataElementIdScheme=CODE``).
- period: Jalali quarter → the Gregorian quarter that holds most of its days (1403Q1 = بهار
  1403 → "2024Q2"; 1403Q4 = زمستان 1403 → "2025Q1"); import also takes "1403Q2" as is.
- orgUnit: an 11-character DHIS2-shaped uid "K" + the unit id in 10 digits ("K0000000123");
  import also accepts the unit's official code (``orgUnitIdScheme=CODE``).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from kanoon.core import formats, jalali
from kanoon.core.jalali import JalaliError, Quarter
from kanoon.core.pdf import font_faces
from kanoon.geo.models import Unit

from . import periods, services
from .models import DataElement, DataValue

UID_RE = re.compile(r"^K([0-9]{10})$")


# ---- Excel ------------------------------------------------------------------------------


def workbook(title: str, header: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31] or "Sheet"
    ws.sheet_view.rightToLeft = True
    from kanoon.core.xlsx import safe_row

    ws.append(safe_row(ws, header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(safe_row(ws, [float(v) if isinstance(v, Decimal) else v for v in row]))
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column) + 2
        ws.column_dimensions[column[0].column_letter].width = min(max(width, 8), 60)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def dashboard_table(data: dict, table: str) -> tuple[str, list[str], list[list[Any]]]:
    """One of the dashboard's tables as (title, header, rows)."""
    quarter = data["quarter"]
    if table == "cards":
        header = ["کد", "شاخص", "واحد اندازه‌گیری", quarter.label, data["previous"].label, "تغییر", "هدف"]
        rows = [
            [
                c["indicator"].code,
                c["indicator"].name,
                c["indicator"].unit_of_measure,
                c["cell"].value,
                c["previous"].value,
                c["delta"],
                c["cell"].target,
            ]
            for c in data["cards"]
        ]
        return f"شاخص‌ها {data['unit'].name}", header, rows
    if table == "trend":
        header = ["کد", "شاخص", *[q.label for q in data["trend_quarters"]]]
        rows = [[c["indicator"].code, c["indicator"].name, *c["trend"]] for c in data["cards"]]
        return "روند فصلی", header, rows
    if table == "ranking":
        selected = data["selected"]
        header = ["رتبه", "واحد", "نوع", f"{selected.name if selected else ''}", "تغییر", "هدف", "درصد تحقق"]
        rows = [
            [
                r["rank"],
                r["unit"].name,
                r["unit"].get_kind_display(),
                r["cell"].value,
                r["delta"],
                r["cell"].target,
                r["cell"].achievement,
            ]
            for r in data["ranking"]
        ]
        return "رتبه‌بندی", header, rows
    if table == "scorecard":
        header = ["مجری", "حوزه", "شاخص", "دوره", "مقدار", "هدف", "تحقق هدف"]
        rows = []
        for item in data["scorecard"]:
            for r in item["rows"]:
                met = "" if r["met"] is None else ("بله" if r["met"] else "خیر")
                rows.append(
                    [
                        item["implementer"].name,
                        item["implementer"].unit.name,
                        r["indicator"].name,
                        r["period"].label,
                        r["cell"].value,
                        r["cell"].target,
                        met,
                    ]
                )
        return "کارنامهٔ مجریان", header, rows
    raise ValueError(table)


# ---- PDF (fonts: kanoon.core.pdf) ------------------------------------------------------


def report_pdf(data: dict, completeness: list, user: Any) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "monitoring/report_pdf.html",
        {
            **data,
            "font_faces": font_faces(),
            "completeness": completeness,
            "generated": jalali.today(),
            "user": user,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# ---- DHIS2 dataValueSets ----------------------------------------------------------------


def org_unit_uid(unit_id: int) -> str:
    return f"K{unit_id:010d}"


def data_value_set(values) -> dict:
    """DHIS2 ``dataValueSets`` JSON for these DataValue rows (with element and unit loaded)."""
    out = []
    for v in values:
        out.append(
            {
                "dataElement": v.element.code,
                "period": periods.to_dhis2(Quarter.parse(v.period)),
                "orgUnit": org_unit_uid(v.unit_id),
                "value": _plain(v.value),
                "storedBy": v.updated_by.username if v.updated_by_id else "",
                "created": v.created_at.isoformat(),
                "lastUpdated": v.updated_at.isoformat(),
                "comment": v.comment,
                "followup": False,
            }
        )
    return {"dataValues": out}


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def export_values(user: Any, unit: Unit, period_list: list, approved_only: bool = False):
    quarters = [q.code for p in period_list for q in periods.quarters_of(p)]
    qs = (
        DataValue.objects.restrict(user, "view")
        .filter(unit__path__startswith=unit.path, period__in=quarters)
        .select_related("element", "updated_by")
        .order_by("period", "unit__path", "element__code")
    )
    if approved_only:
        qs = qs.filter(approved=True)
    return qs


def resolve_org_unit(ref: str) -> Unit | None:
    ref = str(ref or "").strip()
    match = UID_RE.match(ref)
    if match:
        return Unit.objects.filter(pk=int(match.group(1))).first()
    if ref:
        return Unit.objects.exclude(code="").filter(code=ref).order_by("depth").first()
    return None


MAX_IMPORT_ROWS = 20_000


def import_data_value_set(user: Any, payload: Any, *, dry_run: bool = False) -> dict:
    """Import DHIS2 ``dataValueSets`` JSON, all or nothing: every row is checked (each in its own
    savepoint, so one bad row does not hide the next one's problem) and when any row is refused,
    nothing is kept and the summary reports each refused row. Answers a DHIS2-style import
    summary: status (SUCCESS or ERROR), importCount {imported, updated, ignored, deleted} and
    conflicts [{object, value (Persian), row}]."""
    summary: dict[str, Any] = {
        "status": "SUCCESS",
        "importCount": {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0},
        "conflicts": [],
    }
    rows = payload.get("dataValues") if isinstance(payload, dict) else None
    if not isinstance(rows, list):
        summary["status"] = "ERROR"
        summary["conflicts"].append({"object": "dataValues", "value": "فهرست dataValues در فایل نیست."})
        return summary
    if len(rows) > MAX_IMPORT_ROWS:
        summary["status"] = "ERROR"
        summary["importCount"]["ignored"] = len(rows)
        summary["conflicts"].append(
            {
                "object": "dataValues",
                "value": f"هر بار حداکثر {formats.number(MAX_IMPORT_ROWS)} ردیف وارد کنید.",
            }
        )
        return summary
    elements = {e.code: e for e in DataElement.objects.filter(is_active=True)}
    with transaction.atomic():
        for index, row in enumerate(rows):
            problem = _import_row(user, row, elements, summary)
            if problem is not None:
                summary["conflicts"].append({"object": problem[0], "value": problem[1], "row": index})
        if summary["conflicts"]:
            summary["status"] = "ERROR"
            summary["importCount"] = {"imported": 0, "updated": 0, "ignored": len(rows), "deleted": 0}
        if summary["conflicts"] or dry_run:
            transaction.set_rollback(True)
    return summary


def _import_row(user: Any, row: Any, elements: dict, summary: dict) -> tuple[str, str] | None:
    """Save one row in a savepoint; the (object, Persian message) of its problem, or None."""
    if not isinstance(row, dict):
        return ("row", "ردیف باید یک شیء JSON باشد.")
    element = elements.get(str(row.get("dataElement", "")))
    unit = resolve_org_unit(row.get("orgUnit", ""))
    if element is None:
        return (str(row.get("dataElement")), "عنصر داده‌ای با این کد وجود ندارد.")
    if unit is None:
        return (str(row.get("orgUnit")), "واحدی با این شناسه یا کد وجود ندارد.")
    try:
        period = periods.from_dhis2(str(row.get("period", "")))
    except JalaliError as exc:
        return (str(row.get("period")), str(exc))
    if not isinstance(period, Quarter):
        return (str(row.get("period")), "داده‌ها فصلی‌اند؛ دورهٔ سالانه را نمی‌توان وارد کرد.")
    existed = DataValue.objects.filter(element=element, unit=unit, period=period.code).exists()
    try:
        with transaction.atomic():
            services.data_value_set(
                user=user,
                element=element,
                unit=unit,
                period=period.code,
                value=row.get("value"),
                comment=str(row.get("comment") or "")[:500],
            )
    except PermissionDenied:
        return (org_unit_uid(unit.pk), "شما اجازهٔ ثبت داده برای این واحد را ندارید.")
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"value": exc.messages}
        return (
            f"{element.code}/{org_unit_uid(unit.pk)}/{period.code}",
            " ".join(m for ms in messages.values() for m in ms),
        )
    summary["importCount"]["updated" if existed else "imported"] += 1
    return None
