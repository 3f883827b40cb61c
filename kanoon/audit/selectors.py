"""Reads of the read-audit log: only national admins read it."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from kanoon.core import scope
from kanoon.core.formats import persian_sorted
from kanoon.geo.models import ROOT_PATH_LENGTH

from .models import ReadAudit

DENIED = "گزارش مشاهدهٔ داده‌های حساس فقط برای مدیر ملی است."


def is_national_admin(user: Any) -> bool:
    """A national admin holds that role at the country (the root of the territory)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return any(
        role == scope.NATIONAL_ADMIN and len(path) <= ROOT_PATH_LENGTH
        for role, path in scope.user_grants(user)
    )


def audit_log() -> QuerySet[ReadAudit]:
    return ReadAudit.objects.select_related("user", "content_type").order_by("-at", "-pk")


def logged_models() -> list[tuple[str, str]]:
    """(app.model, Persian name) of every kind of record in the log, for the filter's list."""
    ids = ReadAudit.objects.values_list("content_type_id", flat=True).distinct().order_by()
    result = []
    for ct in ContentType.objects.filter(pk__in=ids):
        model = ct.model_class()
        label = str(model._meta.verbose_name) if model is not None else ct.model
        result.append((f"{ct.app_label}.{ct.model}", label))
    return persian_sorted(result, key=lambda pair: pair[1])
