"""List filters shared by the pages and the API."""

from __future__ import annotations

import django_filters

from kanoon.geo.models import Unit

from . import selectors
from .models import (
    Center,
    CenterKind,
    CenterStatus,
    Election,
    GroupTopic,
    Membership,
    MembershipKind,
    MembershipStatus,
    Person,
    ThematicGroup,
)


def _within(queryset, field: str, value):  # type: ignore[no-untyped-def]
    unit = Unit.objects.filter(pk=value).only("path").first()
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__startswith": unit.path})


class CenterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="نام کانون")
    within = django_filters.NumberFilter(method="filter_within", label="زیرمجموعهٔ واحد")
    unit = django_filters.NumberFilter(field_name="unit_id", label="محله یا روستا")
    status = django_filters.ChoiceFilter(choices=CenterStatus.choices, label="وضعیت")
    kind = django_filters.ChoiceFilter(choices=CenterKind.choices, label="نوع")
    phase = django_filters.NumberFilter(field_name="phase", label="مرحله")
    stalled = django_filters.BooleanFilter(method="filter_stalled", label="متوقف")
    stalled_days = django_filters.NumberFilter(method="noop", label="روزهای بی‌پیشرفت")

    class Meta:
        model = Center
        fields = ["q", "within", "unit", "status", "kind", "phase", "stalled"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return selectors.search_centers(queryset, value)

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return _within(queryset, "unit__path", value)

    def noop(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset

    def filter_stalled(self, queryset, name, value):  # type: ignore[no-untyped-def]
        raw = self.data.get("stalled_days") if self.data else None
        try:
            days = max(1, int(raw)) if raw else selectors.stalled_days_default()
        except (TypeError, ValueError):
            days = selectors.stalled_days_default()
        q = selectors.stalled_q(days)
        return queryset.filter(q) if value else queryset.exclude(q)


class MembershipFilter(django_filters.FilterSet):
    center = django_filters.NumberFilter(field_name="center_id", label="کانون")
    person = django_filters.NumberFilter(field_name="person_id", label="فرد")
    status = django_filters.ChoiceFilter(choices=MembershipStatus.choices, label="وضعیت")
    kind = django_filters.ChoiceFilter(choices=MembershipKind.choices, label="نوع")
    q = django_filters.CharFilter(method="search", label="نام یا کد ملی")

    class Meta:
        model = Membership
        fields = ["center", "person", "status", "kind", "q"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        people = selectors.search_people(Person.objects.all(), value, getattr(self.request, "user", None))
        return queryset.filter(person__in=people.values("pk"))


class GroupFilter(django_filters.FilterSet):
    center = django_filters.NumberFilter(field_name="center_id", label="کانون")
    topic = django_filters.ChoiceFilter(choices=GroupTopic.choices, label="موضوع")
    is_active = django_filters.BooleanFilter(label="فعال")

    class Meta:
        model = ThematicGroup
        fields = ["center", "topic", "is_active"]


class ElectionFilter(django_filters.FilterSet):
    center = django_filters.NumberFilter(field_name="center_id", label="کانون")

    class Meta:
        model = Election
        fields = ["center"]


__all__ = ["CenterFilter", "MembershipFilter", "GroupFilter", "ElectionFilter"]
