from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "original_name",
        "kind",
        "mime",
        "size",
        "content_type",
        "object_id",
        "uploaded_at",
        "is_active",
    ]
    list_filter = ["kind", "mime", "is_active"]
    search_fields = ["original_name", "label", "sha256"]
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
