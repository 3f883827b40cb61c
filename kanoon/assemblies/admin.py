"""Technical admin for the assemblies app (the product pages live under /assemblies/).
Seats and meetings are in the meetings app's admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assembly, Criterion, Policy, PolicyDelivery, Problem, ProblemStep


class NoDeleteMixin:
    """Records are deactivated, ended or withdrawn by the services, never deleted."""

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class CriterionInline(admin.TabularInline):
    can_delete = False  # deactivated or ended by the services, never deleted
    model = Criterion
    extra = 0


@admin.register(Assembly)
class AssemblyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "level", "unit", "parent", "quorum_percent", "time_limit_days", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "center", "parent"]
    readonly_fields = ["parent", "body"]
    inlines = [CriterionInline]


class StepInline(admin.TabularInline):
    model = ProblemStep
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_assembly", "to_assembly", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Problem)
class ProblemAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "origin", "assembly", "status", "due_date", "score"]
    list_filter = ["status", "topic"]
    search_fields = ["title"]
    raw_id_fields = ["origin", "assembly", "source_meeting", "submitted_by", "created_by"]
    readonly_fields = ["origin", "assembly", "status", "score"]
    inlines = [StepInline]


@admin.register(Policy)
class PolicyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "issuer", "approved_on", "is_active"]
    raw_id_fields = ["issuer", "created_by"]


@admin.register(PolicyDelivery)
class PolicyDeliveryAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["policy", "assembly", "acknowledged_at"]
    raw_id_fields = ["policy", "assembly", "acknowledged_by"]
