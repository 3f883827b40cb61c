from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "sector", "unit", "national_id", "is_active", "is_implementer"]
    list_filter = ["kind", "sector", "is_active", "is_implementer"]
    search_fields = ["name", "national_id"]
    raw_id_fields = ["unit"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
