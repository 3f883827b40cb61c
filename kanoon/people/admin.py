from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["national_code", "first_name", "last_name", "gender", "registered_unit"]
    search_fields = ["national_code", "name_key"]
    raw_id_fields = ["registered_unit", "created_by"]
    exclude = ["has_disability", "disability"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
