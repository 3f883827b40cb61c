"""The national admin's page: search the read-audit log, page through it, export it to Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from kanoon.core import jalali
from kanoon.core.xlsx import safe_row

from . import selectors
from .filters import ReadAuditFilter

PAGE = 50
EXPORT_LIMIT = 50_000
HEADERS = [
    "زمان",
    "کاربر",
    "نام کاربری",
    "نوع رکورد",
    "شناسهٔ رکورد",
    "فیلدهای دیده‌شده",
    "از کجا",
    "نشانی",
    "IP",
]


def _excel(rows) -> HttpResponse:  # type: ignore[no-untyped-def]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("مشاهده‌ها")
    sheet.sheet_view.rightToLeft = True
    sheet.append(HEADERS)
    for row in rows[:EXPORT_LIMIT]:
        sheet.append(
            safe_row(
                sheet,
                [
                    jalali.format_datetime(row.at, persian_digits=False),
                    row.user.display_name if row.user else "—",
                    row.user.username if row.user else "",
                    row.model_label,
                    row.object_id,
                    "، ".join(row.fields),
                    row.source,
                    row.path,
                    row.ip or "",
                ],
            )
        )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="kanoon-read-audit.xlsx"'
    book.save(response)
    return response


@login_required
def read_audit_log(request):  # type: ignore[no-untyped-def]
    if not selectors.is_national_admin(request.user):
        raise PermissionDenied(selectors.DENIED)
    filterset = ReadAuditFilter(request.GET, queryset=selectors.audit_log())
    qs = filterset.qs if filterset.is_valid() else selectors.audit_log().none()
    if request.GET.get("export") == "xlsx" and filterset.is_valid():
        return _excel(qs)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"filter": filterset, "page": page, "models": selectors.logged_models()},
        status=200 if filterset.is_valid() else 400,
    )
