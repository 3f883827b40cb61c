import django_filters

from .models import DataValue, Indicator


class IndicatorFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact")

    class Meta:
        model = Indicator
        fields = ["code", "is_active", "direction"]


class DataValueFilter(django_filters.FilterSet):
    element = django_filters.CharFilter(field_name="element__code")
    within = django_filters.NumberFilter(method="filter_within", label="زیرمجموعهٔ واحد")

    class Meta:
        model = DataValue
        fields = ["element", "unit", "period", "approved"]

    def filter_within(self, queryset, name, value):
        from kanoon.geo.models import Unit

        unit = Unit.objects.filter(pk=value).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=unit.path)
