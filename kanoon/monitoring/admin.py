from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    DataElement,
    DataSet,
    DataSetElement,
    DataValue,
    Indicator,
    Report,
    ReportEvent,
    Target,
)


class DataSetElementInline(admin.TabularInline):
    model = DataSetElement
    extra = 1


@admin.register(DataElement)
class DataElementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "value_type", "minimum", "maximum", "time_aggregation", "is_active"]
    search_fields = ["code", "name"]


@admin.register(DataSet)
class DataSetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "due_days", "is_active"]
    inlines = [DataSetElementInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "numerator", "denominator", "factor", "direction", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "unit", "period", "value"]
    raw_id_fields = ["unit"]


# implementers are organizations flagged `is_implementer` (see the organizations admin)


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "reason", "user", "at"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["data_set", "unit", "period", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "data_set", "period"]
    raw_id_fields = ["unit"]
    readonly_fields = ["status", "submitted_at", "submitted_by", "approved_at", "approved_by"]
    inlines = [ReportEventInline]


@admin.register(DataValue)
class DataValueAdmin(SimpleHistoryAdmin):
    """Read-only here: values change through the data-entry form so that locks and roll-ups hold."""

    list_display = ["element", "unit", "period", "value", "approved"]
    list_filter = ["approved", "period"]
    raw_id_fields = ["unit", "report"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
