import django_filters

from kanoon.core.filters import IdFilter

from .models import Kind, Unit
from .selectors import unit_search_ranked


class UnitFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id", label="شناسهٔ واحد بالادست")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="نوع")
    q = django_filters.CharFilter(method="search", label="جستجوی نام")
    within = IdFilter(method="filter_within", label="زیرمجموعهٔ واحد")

    class Meta:
        model = Unit
        fields = ["parent", "kind", "q", "within"]

    def search(self, queryset, name, value):
        return unit_search_ranked(queryset, value)  # best matches first, not the path order

    def filter_within(self, queryset, name, value):
        unit = Unit.objects.filter(pk=value).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(path__startswith=unit.path)
