"""Filters of the people list (API and page)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from kanoon.core.filters import IdFilter
from kanoon.geo.models import Unit

from . import selectors
from .models import Gender, Person, Weekday


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="نام، کد ملی یا همراه")
    national_code = django_filters.CharFilter(field_name="national_code", label="کد ملی")
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label="جنسیت")
    within = IdFilter(method="filter_within", label="ثبت‌شده در واحد")
    skill = django_filters.CharFilter(method="filter_skill", label="مهارت")
    available_on = django_filters.ChoiceFilter(
        choices=Weekday.choices, method="filter_day", label="آماده برای داوطلبی در روز"
    )

    class Meta:
        model = Person
        fields = ["q", "national_code", "gender", "within", "skill", "available_on"]

    def _user(self):  # type: ignore[no-untyped-def]
        return getattr(self.request, "user", None)

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return selectors.search_people(queryset, value, self._user())

    def filter_within(self, queryset, name, value):  # type: ignore[no-untyped-def]
        # The registration unit is part of the full record: a card is never matched by it.
        unit = Unit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return self._full_only(queryset).filter(registered_unit__path__startswith=unit.path)

    def _full_only(self, queryset: QuerySet) -> QuerySet:
        # Skills and availability are part of the full record: never matched on a card.
        return queryset.filter(selectors.full_record_q(self._user()))

    def filter_skill(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from kanoon.core.text import normalize

        value = normalize(value or "").strip()
        if not value:
            return queryset
        rows = self._full_only(queryset).select_related(None).values_list("pk", "skills")
        ids = [pk for pk, skills in rows if value in (skills or [])]
        return queryset.filter(pk__in=ids)

    def filter_day(self, queryset, name, value):  # type: ignore[no-untyped-def]
        rows = self._full_only(queryset).select_related(None).values_list("pk", "available_days")
        ids = [pk for pk, days in rows if value in (days or [])]
        return queryset.filter(pk__in=ids)
