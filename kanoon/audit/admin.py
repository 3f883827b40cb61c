from django.contrib import admin

from .models import ReadAudit


@admin.register(ReadAudit)
class ReadAuditAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the application and never edited."""

    list_display = ["at", "user", "content_type", "object_id", "source", "ip"]
    list_filter = ["content_type"]
    search_fields = ["object_id", "source", "user__username"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
