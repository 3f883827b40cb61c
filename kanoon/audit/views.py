"""The national admin's page: search the read-audit log, page through it, export it to Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from kanoon.core import export

from . import selectors
from .filters import ReadAuditFilter

PAGE = 50
EXPORT_LIMIT = 50_000
COLUMNS = [
    export.Column("زمان", "at", "datetime"),
    export.Column("کاربر", lambda row: row.user.display_name if row.user else "—"),
    export.Column("نام کاربری", "user.username", "text"),
    export.Column("نوع رکورد", "model_label"),
    export.Column("شناسهٔ رکورد", "object_id", "text"),
    export.Column("فیلدهای دیده‌شده", lambda row: "، ".join(row.fields)),
    export.Column("از کجا", "source"),
    export.Column("نشانی", "path", "text"),
    export.Column("IP", "ip", "text"),
]


@login_required
def read_audit_log(request):  # type: ignore[no-untyped-def]
    if not selectors.is_national_admin(request.user):
        raise PermissionDenied(selectors.DENIED)
    filterset = ReadAuditFilter(request.GET, queryset=selectors.audit_log())
    qs = filterset.qs if filterset.is_valid() else selectors.audit_log().none()
    if export.wanted(request) and filterset.is_valid():
        return export.xlsx_response(
            request, "read-audit", COLUMNS, qs, title="مشاهده‌ها", filters=filterset.form, limit=EXPORT_LIMIT
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"filter": filterset, "page": page, "models": selectors.logged_models()},
        status=200 if filterset.is_valid() else 400,
    )
