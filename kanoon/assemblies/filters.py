"""List filters of the assemblies API (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from kanoon.core import jalali
from kanoon.geo.models import Unit

from .models import (
    ACTIVE_STATUSES,
    Assembly,
    Level,
    Policy,
    Problem,
    ProblemStatus,
    Topic,
)


def _within(queryset, field: str, unit_id: int):  # type: ignore[no-untyped-def]
    unit = Unit.objects.filter(pk=unit_id).only("path").first()
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__startswith": unit.path})


class AssemblyFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label="سطح")
    unit = django_filters.NumberFilter(field_name="unit_id", label="واحد")
    parent = django_filters.NumberFilter(field_name="parent_id", label="مجمع بالادست")
    within = django_filters.NumberFilter(method="filter_within", label="در زیرمجموعهٔ واحد")
    active = django_filters.BooleanFilter(field_name="is_active", label="فعال")

    class Meta:
        model = Assembly
        fields = ["level", "unit", "parent", "within", "active"]

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return _within(queryset, "unit__path", value)


class ProblemFilter(django_filters.FilterSet):
    assembly = django_filters.NumberFilter(field_name="assembly_id", label="مجمع فعلی")
    origin = django_filters.NumberFilter(field_name="origin_id", label="مجمع ثبت‌کننده")
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label="وضعیت")
    topic = django_filters.ChoiceFilter(choices=Topic.choices, label="موضوع")
    active = django_filters.BooleanFilter(method="filter_active", label="باز")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="گذشته از مهلت")

    class Meta:
        model = Problem
        fields = ["assembly", "origin", "status", "topic", "active", "overdue"]

    def filter_active(self, queryset, name, value):  # type: ignore[no-untyped-def]
        q = Q(status__in=ACTIVE_STATUSES)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_overdue(self, queryset, name, value):  # type: ignore[no-untyped-def]
        q = Q(status__in=ACTIVE_STATUSES, due_date__lt=jalali.today())
        return queryset.filter(q) if value else queryset.exclude(q)


class PolicyFilter(django_filters.FilterSet):
    issuer = django_filters.NumberFilter(field_name="issuer_id", label="مجمع تصویب‌کننده")
    active = django_filters.BooleanFilter(field_name="is_active", label="معتبر")
    received_by = django_filters.NumberFilter(method="filter_received_by", label="مجمع گیرنده")

    class Meta:
        model = Policy
        fields = ["issuer", "active", "received_by"]

    def filter_received_by(self, queryset, name, value):  # type: ignore[no-untyped-def]
        """Only deliveries within the caller's scope count: an assembly outside it receives nothing."""
        from .selectors import deliveries_visible

        user = getattr(self.request, "user", None)
        received = deliveries_visible(user).filter(assembly_id=value).values("policy_id")
        return queryset.filter(pk__in=received)
