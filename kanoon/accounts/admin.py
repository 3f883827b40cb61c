from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, User


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    raw_id_fields = ["unit", "created_by"]
    extra = 0


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("کانون", {"fields": ("mobile",)}))
    list_display = ["username", "first_name", "last_name", "mobile", "is_active"]
    search_fields = ["username", "first_name", "last_name", "mobile"]
    inlines = [AssignmentInline]
