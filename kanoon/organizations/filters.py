"""List filters shared by the page and the API."""

from __future__ import annotations

import django_filters

from kanoon.core.filters import IdFilter
from kanoon.geo.models import Unit

from . import selectors
from .models import Kind, Organization, Sector


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="نام یا شناسهٔ ملی", max_length=200)
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label="نوع")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label="بخش")
    unit = IdFilter(field_name="unit_id", label="واحد (دقیقاً همین واحد)")
    within = IdFilter(method="filter_within", label="واحد و زیرمجموعه‌هایش")
    is_active = django_filters.BooleanFilter(label="فعال")
    is_implementer = django_filters.BooleanFilter(label="مجری برنامه")
    national_id = django_filters.CharFilter(method="filter_national_id", label="شناسهٔ ملی", max_length=30)

    class Meta:
        model = Organization
        fields = ["q", "kind", "sector", "unit", "within", "is_active", "is_implementer", "national_id"]

    def filter_q(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return selectors.search(queryset, value)

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        unit = Unit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=unit.path)

    def filter_national_id(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from .validators import normalize_legal_id

        return queryset.filter(national_id=normalize_legal_id(value))
