"""The inbox and the preferences page. A user only ever sees their own notifications (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kanoon.core import export

from . import selectors, services
from .kinds import kinds

INBOX_COLUMNS = [
    export.Column("زمان", "created_at", "datetime"),
    export.Column("نوع", "kind_label"),
    export.Column("عنوان", "title"),
    export.Column("متن", "body"),
    export.Column("خوانده شد", "read_at", "datetime"),
]


@login_required
def inbox(request):  # type: ignore[no-untyped-def]
    unread = request.GET.get("unread") in {"1", "true"}
    if export.wanted(request):
        return export.xlsx_response(
            request,
            "notifications",
            INBOX_COLUMNS,
            selectors.inbox(request.user, unread=unread),
            title="اعلان‌ها",
            filters=[("فقط خوانده‌نشده‌ها", "بله")] if unread else [],
        )
    page = Paginator(selectors.inbox(request.user, unread=unread), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def read(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    notification = None
    if pk is not None:
        notification = selectors.inbox(request.user).filter(pk=pk).first()
        if notification is None:
            raise Http404("پیدا نشد.")
    services.notification_mark_read(user=request.user, notification=notification)
    if notification is not None and notification.url:
        if url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
            return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
def preferences(request):  # type: ignore[no-untyped-def]
    if request.method == "POST":
        for kind in kinds.all():
            services.preference_set(
                user=request.user,
                kind=kind.code,
                sms=request.POST.get(f"{kind.code}-sms") == "on",
                email=request.POST.get(f"{kind.code}-email") == "on",
                digest=request.POST.get(f"{kind.code}-digest") == "on",
            )
        messages.success(request, "ترجیح‌های اعلان ذخیره شد.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"choices": selectors.preferences(request.user)})
