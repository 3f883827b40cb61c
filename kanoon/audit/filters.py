"""Filters of the read-audit log, shared by the national admin's page and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kanoon.core import jalali
from kanoon.core.filters import IdFilter

from .models import ReadAudit


class JalaliDateFormField(forms.CharField):
    """1403/05/12 (either digit set) or 2024-08-02; a Persian error otherwise."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def clean(self, value):  # type: ignore[no-untyped-def]
        value = super().clean(value)  # text, its length checked
        if not value:
            return None
        try:
            return jalali.parse_date(value)
        except jalali.JalaliError as exc:
            raise forms.ValidationError(str(exc), code="invalid")


@extend_schema_field(OpenApiTypes.STR)
class JalaliDateFilter(django_filters.Filter):
    """A date written in Jalali (1403/05/12, either digit set) or ISO; a string in OpenAPI."""

    field_class = JalaliDateFormField


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ReadAuditFilter(django_filters.FilterSet):
    user = IdFilter(field_name="user_id", label="شناسهٔ کاربر")
    username = django_filters.CharFilter(method="filter_username", label="نام کاربری یا نام", max_length=150)
    date_from = JalaliDateFilter(method="filter_from", label="از تاریخ")
    date_to = JalaliDateFilter(method="filter_to", label="تا تاریخ")
    model = django_filters.CharFilter(method="filter_model", label="نوع رکورد (app.model)", max_length=120)
    object_id = django_filters.CharFilter(field_name="object_id", label="شناسهٔ رکورد", max_length=64)
    source = django_filters.CharFilter(
        field_name="source", lookup_expr="icontains", label="از کجا", max_length=200
    )

    class Meta:
        model = ReadAudit
        fields = ["user", "username", "date_from", "date_to", "model", "object_id", "source"]

    def filter_username(self, queryset, name, value):  # type: ignore[no-untyped-def]
        value = value.strip()
        if not value:
            return queryset
        from django.db.models import Q

        return queryset.filter(
            Q(user__username__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )

    def filter_from(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(at__gte=_start_of(value))

    def filter_to(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(at__lt=_start_of(value + dt.timedelta(days=1)))

    def filter_model(self, queryset, name, value):  # type: ignore[no-untyped-def]
        app, _, model = value.strip().lower().rpartition(".")
        queryset = queryset.filter(content_type__model=model)
        return queryset.filter(content_type__app_label=app) if app else queryset
