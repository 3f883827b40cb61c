"""API serializers of bodies, seats and meetings. Dates are accepted in Jalali (either digit
set) or ISO and answered in both; ids are looked up through the caller's scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kanoon.core import jalali
from kanoon.core.relations import ScopedPrimaryKeyRelatedField
from kanoon.core.serializers import FlexibleDateField, JalaliField
from kanoon.geo.models import Unit
from kanoon.organizations.models import Organization
from kanoon.people.models import Person

from . import selectors
from .kinds import BodyKind
from .models import Body, Meeting, Resolution, ResolutionStatus, Seat, SeatTerm


def _assembly_id(body: Body | None) -> int | None:
    assembly = getattr(body, "assembly", None) if body is not None else None
    return assembly.pk if assembly is not None else None


class AssemblyAliasField(ScopedPrimaryKeyRelatedField):
    """The health assembly whose body this is: answered on reads (null for other bodies), and
    accepted on writes instead of `body` (the assemblies API's clients name the assembly)."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        from django.apps import apps

        model = apps.get_model("assemblies", "Assembly")
        super().__init__(queryset=model.objects.all(), required=False, allow_null=True, **kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False

    def get_attribute(self, instance):  # type: ignore[no-untyped-def]
        return getattr(instance.body, "assembly", None) if instance.body_id else None


class AssemblyAliasMixin:
    """`body` owns the record; `assembly` may name a health assembly instead of it."""

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        assembly = attrs.pop("assembly", None)
        if attrs.get("body") is None:
            if assembly is None:
                raise serializers.ValidationError({"body": ["نهاد را مشخص کنید."]})
            attrs["body"] = assembly.body
        elif assembly is not None and assembly.body_id != attrs["body"].pk:
            raise serializers.ValidationError({"assembly": ["این مجمع با نهاد انتخاب‌شده یکی نیست."]})
        return super().validate(attrs)  # type: ignore[misc]


# ---- bodies --------------------------------------------------------------------------------


class BodySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    unit_name = serializers.CharField(source="unit.title", read_only=True)
    assembly = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()
    seat_count = serializers.IntegerField(read_only=True, default=None)
    filled_count = serializers.IntegerField(read_only=True, default=None)
    upcoming_meetings = serializers.IntegerField(read_only=True, default=None)
    open_resolutions = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Body
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "description",
            "unit",
            "unit_name",
            "quorum_percent",
            "quorum_count",
            "is_active",
            "assembly",
            "groups",
            "seat_count",
            "filled_count",
            "upcoming_meetings",
            "open_resolutions",
        ]
        read_only_fields = ["is_active"]
        extra_kwargs = {"quorum_percent": {"required": False}, "description": {"required": False}}

    @extend_schema_field(
        {"type": ["integer", "null"], "description": "The health assembly, if the body is one."}
    )
    def get_assembly(self, body: Body) -> int | None:
        return _assembly_id(body)

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
            },
        }
    )
    def get_groups(self, body: Body) -> list[dict]:
        return [{"code": code, "label": label} for code, label in body.spec.groups]


class BodyUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["name", "description", "quorum_percent", "quorum_count", "is_active"]


# ---- seats ---------------------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    organization_name = serializers.SerializerMethodField()
    start_date = FlexibleDateField()
    end_date = FlexibleDateField(required=False, allow_null=True)
    start_date_jalali = JalaliField(source="start_date")
    end_date_jalali = JalaliField(source="end_date")

    class Meta:
        model = SeatTerm
        fields = [
            "id",
            "seat",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "start_date",
            "end_date",
            "start_date_jalali",
            "end_date_jalali",
            "ended_on",
            "end_reason",
        ]
        read_only_fields = ["seat", "ended_on", "end_reason"]

    def get_organization_name(self, term: SeatTerm) -> str | None:
        return term.organization.name if term.organization_id else None


class SeatSerializer(AssemblyAliasMixin, serializers.ModelSerializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.all(), required=False)
    assembly = AssemblyAliasField()
    group = serializers.CharField(max_length=20, required=False, allow_blank=True)
    kind = serializers.CharField(max_length=30, required=False, allow_blank=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    group_label = serializers.CharField(source="get_group_display", read_only=True)
    holder = serializers.SerializerMethodField()
    is_vacant = serializers.SerializerMethodField()

    class Meta:
        model = Seat
        fields = [
            "id",
            "body",
            "assembly",
            "group",
            "group_label",
            "kind",
            "kind_label",
            "title",
            "is_active",
            "holder",
            "is_vacant",
        ]
        read_only_fields = ["is_active"]

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        attrs = super().validate(attrs)
        spec = attrs["body"].spec
        if spec.seat_kinds and attrs.get("kind", "") not in spec.kind_labels:
            raise serializers.ValidationError({"kind": ["عنوان کرسی برای این نهاد نامعتبر است."]})
        if not spec.seat_kinds and attrs.get("group", "") not in spec.group_labels:
            raise serializers.ValidationError({"group": ["گروه را از گروه‌های این نهاد انتخاب کنید."]})
        return attrs

    def _current(self, seat: Seat) -> SeatTerm | None:
        now = getattr(seat, "now", None)
        if now is None:
            now = [t for t in seat.terms.all() if t.is_current()]
        return now[0] if now else None

    @extend_schema_field(TermSerializer(allow_null=True))
    def get_holder(self, seat: Seat):  # type: ignore[no-untyped-def]
        term = self._current(seat)
        return TermSerializer(term).data if term else None

    def get_is_vacant(self, seat: Seat) -> bool:
        return self._current(seat) is None


class SeatUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seat
        fields = ["title", "is_active"]


class SeatAssignSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    organization = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    start_date = FlexibleDateField()
    end_date = FlexibleDateField(required=False, allow_null=True)


class TermEndSerializer(serializers.Serializer):
    ended_on = FlexibleDateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


# ---- meetings ------------------------------------------------------------------------------


class ResolutionSerializer(serializers.ModelSerializer):
    due_date = FlexibleDateField()
    due_date_jalali = JalaliField(source="due_date")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "number",
            "text",
            "owner",
            "due_date",
            "due_date_jalali",
            "status",
            "status_label",
            "status_note",
            "is_overdue",
        ]
        read_only_fields = ["number", "status", "status_note"]


class ResolutionStatusSerializer(serializers.Serializer):
    resolution = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=ResolutionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class MeetingSerializer(AssemblyAliasMixin, serializers.ModelSerializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.all(), required=False)
    body_name = serializers.CharField(source="body.name", read_only=True)
    assembly = AssemblyAliasField()
    assembly_name = serializers.SerializerMethodField()
    starts_at_jalali = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    online_link = serializers.CharField(max_length=200, required=False, allow_blank=True)
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=250), required=False, write_only=True
    )
    agenda_items = serializers.SerializerMethodField()
    resolutions = ResolutionSerializer(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()
    record_past = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="ثبت جلسه‌ای که برگزار شده (زمان گذشته)؛ بی آن، زمان گذشته پذیرفته نمی‌شود.",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name",
            "assembly",
            "assembly_name",
            "title",
            "starts_at",
            "starts_at_jalali",
            "place",
            "online_link",
            "status",
            "status_label",
            "quorum_percent",
            "quorum_count",
            "agenda",
            "agenda_items",
            "minutes",
            "invitations_sent_at",
            "resolutions",
            "quorum",
            "record_past",
        ]
        read_only_fields = ["status", "minutes", "invitations_sent_at"]
        extra_kwargs = {"quorum_percent": {"required": False}, "quorum_count": {"required": False}}

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        attrs = super().validate(attrs)
        if self.instance is None and attrs.get("starts_at") is not None:
            from .services import schedule_time_problem

            problem = schedule_time_problem(attrs["starts_at"], attrs.get("record_past", False))
            if problem:
                raise serializers.ValidationError(problem)
        return attrs

    def get_assembly_name(self, meeting: Meeting) -> str | None:
        assembly = getattr(meeting.body, "assembly", None)
        return assembly.name if assembly is not None else None

    def get_starts_at_jalali(self, meeting: Meeting) -> str:
        return jalali.format_datetime(meeting.starts_at, persian_digits=False)

    def get_agenda_items(self, meeting: Meeting) -> list[str]:
        return [item.title for item in meeting.agenda.all() if item.removed_at is None]

    @extend_schema_field(
        {
            "type": ["object", "null"],
            "description": "Only on a single meeting (null in lists).",
            "properties": {
                **{k: {"type": "integer"} for k in ("members", "present", "required")},
                "met": {"type": "boolean"},
            },
        }
    )
    def get_quorum(self, meeting: Meeting) -> dict | None:
        if not self.context.get("with_quorum"):
            return None
        q = selectors.meeting_quorum(meeting)
        return {"members": q.members, "present": q.present, "required": q.required, "met": q.met}


class MeetingUpdateSerializer(serializers.ModelSerializer):
    online_link = serializers.CharField(max_length=200, required=False, allow_blank=True)
    agenda = serializers.ListField(child=serializers.CharField(max_length=250), required=False)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "place", "online_link", "quorum_percent", "quorum_count", "agenda"]


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=True
    )


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
