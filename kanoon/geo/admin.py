from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import USER_CREATED_KINDS, ImportRun, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "path", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        """Official divisions change only through `kanoon import_divisions`."""
        if obj is not None and obj.kind not in USER_CREATED_KINDS:
            return ["kind", "name", "code", "parent", "path", "depth", "is_active"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # units are deactivated (see services.unit_update), never deleted


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "seconds", "created", "updated", "unchanged"]
