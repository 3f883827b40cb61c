"""API serializers. Dates are accepted in Jalali (either digit set) or ISO and answered in both."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kanoon.centers.models import Center, Person
from kanoon.core import jalali
from kanoon.core.relations import ScopedPrimaryKeyRelatedField
from kanoon.core.serializers import FlexibleDateField, JalaliField
from kanoon.geo.models import Unit

from . import selectors
from .models import (
    Assembly,
    Level,
    Meeting,
    Policy,
    PolicyDelivery,
    Problem,
    ProblemSource,
    ProblemStep,
    Topic,
)

# ---- assemblies ---------------------------------------------------------------------------


class AssemblySerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    unit_name = serializers.CharField(source="unit.title", read_only=True)
    center = ScopedPrimaryKeyRelatedField(queryset=Center.objects.all(), required=False, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    seat_count = serializers.IntegerField(read_only=True, default=None)
    filled_count = serializers.IntegerField(read_only=True, default=None)
    open_problems = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Assembly
        fields = [
            "id",
            "level",
            "level_label",
            "name",
            "unit",
            "unit_name",
            "center",
            "parent",
            "quorum_percent",
            "time_limit_days",
            "is_active",
            "seat_count",
            "filled_count",
            "open_problems",
        ]
        read_only_fields = ["is_active"]
        extra_kwargs = {"name": {"required": False}, "time_limit_days": {"required": False}}
        validators: list = []  # uniqueness is checked by the model (conditional constraints)

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if attrs.get("level") == Level.NEIGHBORHOOD:
            if not attrs.get("center"):
                raise serializers.ValidationError(
                    {"center": "مجمع محله را یک کانون برگزار می‌کند؛ کانون را مشخص کنید."}
                )
            attrs["unit"] = attrs["center"].unit
        elif not attrs.get("unit"):
            raise serializers.ValidationError({"unit": "واحد مجمع را مشخص کنید."})
        return attrs


class AssemblyUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assembly
        fields = ["name", "quorum_percent", "time_limit_days", "is_active"]


# Seats and meetings: kanoon.meetings.serializers.


# ---- problems ------------------------------------------------------------------------------


class StepSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SerializerMethodField()
    at_jalali = serializers.SerializerMethodField()

    class Meta:
        model = ProblemStep
        fields = [
            "id",
            "action",
            "action_label",
            "from_assembly",
            "to_assembly",
            "actor",
            "at",
            "at_jalali",
            "note",
        ]

    def get_actor(self, step: ProblemStep) -> str | None:
        return step.actor.display_name if step.actor else None

    def get_at_jalali(self, step: ProblemStep) -> str:
        return jalali.format_datetime(step.at, persian_digits=False)


class ProblemSerializer(serializers.ModelSerializer):
    assembly = ScopedPrimaryKeyRelatedField(queryset=Assembly.objects.all())
    assembly_name = serializers.CharField(source="assembly.name", read_only=True)
    assembly_level = serializers.CharField(source="assembly.level", read_only=True)
    origin = serializers.PrimaryKeyRelatedField(read_only=True)
    origin_name = serializers.CharField(source="origin.name", read_only=True)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False)
    source = serializers.ChoiceField(choices=ProblemSource.choices, required=False)
    source_meeting = ScopedPrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), required=False, allow_null=True
    )
    submitted_by = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_date_jalali = JalaliField(source="due_date")
    is_overdue = serializers.BooleanField(read_only=True)
    trail = StepSerializer(source="steps", many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "assembly",
            "assembly_name",
            "assembly_level",
            "origin",
            "origin_name",
            "title",
            "description",
            "topic",
            "affected_population",
            "evidence",
            "source",
            "source_meeting",
            "submitted_by",
            "status",
            "status_label",
            "arrived_on",
            "due_date",
            "due_date_jalali",
            "is_overdue",
            "score",
            "resolution_actions",
            "outcome",
            "closed_on",
            "trail",
        ]
        read_only_fields = [
            "status",
            "arrived_on",
            "due_date",
            "score",
            "resolution_actions",
            "outcome",
            "closed_on",
        ]


class ProblemUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["title", "description", "topic", "affected_population", "evidence"]


class ReferSerializer(serializers.Serializer):
    justification = serializers.CharField()


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    guidance = serializers.CharField()


class ResolveSerializer(serializers.Serializer):
    actions = serializers.CharField()
    outcome = serializers.CharField()
    resolved_on = FlexibleDateField(required=False, allow_null=True)


class ScoreSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.IntegerField(), allow_empty=False)


class VoteSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    period = serializers.CharField(required=False, allow_blank=True, default="")


# ---- policies ------------------------------------------------------------------------------


class DeliverySerializer(serializers.ModelSerializer):
    assembly = serializers.PrimaryKeyRelatedField(read_only=True)
    assembly_name = serializers.CharField(source="assembly.name", read_only=True)
    acknowledged = serializers.SerializerMethodField()

    class Meta:
        model = PolicyDelivery
        fields = ["id", "assembly", "assembly_name", "acknowledged", "acknowledged_at", "adaptation"]

    def get_acknowledged(self, delivery: PolicyDelivery) -> bool:
        return delivery.acknowledged_at is not None


class PolicySerializer(serializers.ModelSerializer):
    issuer = ScopedPrimaryKeyRelatedField(queryset=Assembly.objects.all())
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    issuer_level = serializers.CharField(source="issuer.level", read_only=True)
    approved_on = FlexibleDateField(required=False)
    approved_on_jalali = JalaliField(source="approved_on")
    coverage = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = [
            "id",
            "issuer",
            "issuer_name",
            "issuer_level",
            "title",
            "body",
            "number",
            "approved_on",
            "approved_on_jalali",
            "issued_at",
            "is_active",
            "coverage",
        ]
        read_only_fields = ["issued_at", "is_active"]

    @extend_schema_field(
        {
            "type": "object",
            "description": "Counted over the deliveries within the caller's scope only.",
            "properties": {
                "delivered": {"type": "integer"},
                "acknowledged": {"type": "integer"},
                "percent": {"type": "number"},
                "missing": {
                    "type": "array",
                    "description": "Only on a single policy: assemblies in scope that have not acknowledged.",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                    },
                },
            },
        }
    )
    def get_coverage(self, policy: Policy) -> dict:
        if hasattr(policy, "delivered"):  # annotated through the scope by selectors.policy_list
            total, done = policy.delivered, policy.acknowledged
            missing = None
        else:
            request = self.context.get("request")
            cov = selectors.policy_coverage(policy, request.user if request else None)
            total, done = cov.total, cov.acknowledged
            missing = [{"id": a.pk, "name": a.name} for a in cov.missing]
        data = {
            "delivered": total,
            "acknowledged": done,
            "percent": round(100 * done / total, 1) if total else 0.0,
        }
        if missing is not None:
            data["missing"] = missing
        return data


class AcknowledgeSerializer(serializers.Serializer):
    assembly = serializers.IntegerField(required=False)
    adaptation = serializers.CharField(required=False, allow_blank=True, default="")
