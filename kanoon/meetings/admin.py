"""Technical admin for bodies, seats and meetings (the product pages live under /meetings/)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, Meeting, Resolution, Seat, SeatTerm


class NoDeleteMixin:
    """Records are deactivated, ended or cancelled by the services, never deleted."""

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Body)
class BodyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit", "quorum_percent", "quorum_count", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]


class TermInline(admin.TabularInline):
    can_delete = False  # ended by the services, never deleted
    model = SeatTerm
    extra = 0
    raw_id_fields = ["person", "organization"]


@admin.register(Seat)
class SeatAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "group", "is_active"]
    list_filter = ["group", "kind", "is_active"]
    raw_id_fields = ["body"]
    inlines = [TermInline]


class ResolutionInline(admin.TabularInline):
    can_delete = False  # its status changes, it is never deleted
    model = Resolution
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "body", "starts_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["body", "created_by"]
    inlines = [ResolutionInline]
