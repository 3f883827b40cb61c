"""Technical admin. The establishment catalog (phases, strategies, actions) is edited here by the
national admin; every other record is managed through the pages and the API."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Center,
    CenterStatusChange,
    EstablishmentAction,
    MemberImport,
    Membership,
    Phase,
    Strategy,
    ThematicGroup,
)


class NoDeleteMixin:
    """Nothing is hard-deleted: centers close, memberships end, catalog actions are deactivated."""

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ActionInline(admin.TabularInline):
    model = EstablishmentAction
    extra = 0
    fields = ["code", "title", "order", "auto_rule", "is_active"]


@admin.register(Phase)
class PhaseAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["number", "title"]


@admin.register(Strategy)
class StrategyAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["number", "title", "phase"]
    list_filter = ["phase"]
    inlines = [ActionInline]


@admin.register(EstablishmentAction)
class EstablishmentActionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "strategy", "auto_rule", "is_active"]
    list_filter = ["strategy__phase", "is_active", "auto_rule"]
    list_editable = ["is_active"]
    search_fields = ["code", "title"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        from .tasks import refresh_progress

        refresh_progress.delay()


class StatusChangeInline(admin.TabularInline):
    model = CenterStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_on", "reason", "changed_by"]


@admin.register(Center)
class CenterAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "kind", "status", "phase", "progress", "last_progress_on"]
    list_filter = ["status", "kind", "phase"]
    search_fields = ["name"]
    raw_id_fields = ["unit", "created_by"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["status", "status_changed_on", "phase", "progress", "last_progress_on"]
    inlines = [StatusChangeInline]


@admin.register(Membership)
class MembershipAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["person", "center", "kind", "status", "joined_on"]
    list_filter = ["status", "kind", "source"]
    raw_id_fields = ["person", "center", "decided_by"]


@admin.register(ThematicGroup)
class ThematicGroupAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "center", "topic", "is_active"]
    raw_id_fields = ["center", "head", "members"]


@admin.register(MemberImport)
class MemberImportAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = [
        "original_name",
        "center",
        "status",
        "total_rows",
        "created_memberships",
        "rejected_rows",
        "created_at",
    ]
    raw_id_fields = ["center", "created_by"]
