"""List filters of the bodies, seats and meetings API (django-filter)."""

from __future__ import annotations

import django_filters

from kanoon.core import jalali
from kanoon.core.filters import IdFilter
from kanoon.geo.models import Unit

from .kinds import BodyKind
from .models import Body, Meeting, MeetingStatus, Seat, SeatTerm


def _within(queryset, field: str, unit_id: int):  # type: ignore[no-untyped-def]
    unit = Unit.objects.filter(pk=unit_id).only("path").first()
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__startswith": unit.path})


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label="نوع")
    unit = IdFilter(field_name="unit_id", label="واحد")
    within = IdFilter(method="filter_within", label="در زیرمجموعهٔ واحد")
    active = django_filters.BooleanFilter(field_name="is_active", label="فعال")

    class Meta:
        model = Body
        fields = ["kind", "unit", "within", "active"]

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return _within(queryset, "unit__path", value)


class SeatFilter(django_filters.FilterSet):
    body = IdFilter(field_name="body_id", label="نهاد")
    assembly = IdFilter(field_name="body__assembly__id", label="مجمع")
    group = django_filters.CharFilter(field_name="group", label="گروه")
    vacant = django_filters.BooleanFilter(method="filter_vacant", label="خالی")

    class Meta:
        model = Seat
        fields = ["body", "assembly", "group", "vacant"]

    def filter_vacant(self, queryset, name, value):  # type: ignore[no-untyped-def]
        held = SeatTerm.objects.filter(SeatTerm.current_q(jalali.today())).values("seat_id")
        return queryset.exclude(pk__in=held) if value else queryset.filter(pk__in=held)


class MeetingFilter(django_filters.FilterSet):
    body = IdFilter(field_name="body_id", label="نهاد")
    assembly = IdFilter(field_name="body__assembly__id", label="مجمع")
    kind = django_filters.ChoiceFilter(field_name="body__kind", choices=BodyKind.choices, label="نوع نهاد")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label="وضعیت")
    within = IdFilter(method="filter_within", label="در زیرمجموعهٔ واحد")
    after = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="از تاریخ")
    before = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="تا تاریخ")

    class Meta:
        model = Meeting
        fields = ["body", "assembly", "kind", "status", "within", "after", "before"]

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return _within(queryset, "body__unit__path", value)
