"""API serializers. Dates are accepted in Jalali (either digit set) or ISO and returned in both."""

from __future__ import annotations

from rest_framework import serializers

from kanoon.accounts.models import User
from kanoon.core.relations import ScopedPrimaryKeyRelatedField
from kanoon.core.serializers import FlexibleDateField, JalaliField
from kanoon.core.validators import normalize_national_code, validate_national_code
from kanoon.geo.models import Unit

from .models import (
    CENTER_UNIT_KINDS,
    Candidate,
    Center,
    CenterAction,
    CenterStatus,
    CenterStatusChange,
    Election,
    EstablishmentAction,
    Gender,
    Membership,
    Office,
    OfficeHolder,
    Person,
    ThematicGroup,
)


def scoped_units(request) -> object:  # type: ignore[no-untyped-def]
    return Unit.objects.restrict(request.user, "view") if request else Unit.objects.none()


# ---- centers --------------------------------------------------------------------------


class CenterSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status = serializers.ChoiceField(choices=CenterStatus.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    opening_date = FlexibleDateField(required=False, allow_null=True)
    opening_date_jalali = JalaliField(source="opening_date")
    founded_on = FlexibleDateField(required=False, allow_null=True)
    founded_on_jalali = JalaliField(source="founded_on")
    last_progress_on_jalali = JalaliField(source="last_progress_on")
    facilitators = serializers.PrimaryKeyRelatedField(
        many=True, queryset=User.objects.none(), required=False, help_text="شناسهٔ کاربران تسهیلگر"
    )

    class Meta:
        model = Center
        fields = [
            "id",
            "name",
            "unit",
            "unit_name",
            "status",
            "status_label",
            "kind",
            "kind_label",
            "venue_kind",
            "venue_name",
            "address",
            "latitude",
            "longitude",
            "phone",
            "opening_date",
            "opening_date_jalali",
            "founded_on",
            "founded_on_jalali",
            "public_description",
            "how_to_join",
            "is_public",
            "phase",
            "progress",
            "last_progress_on",
            "last_progress_on_jalali",
            "status_changed_on",
            "facilitators",
        ]
        read_only_fields = ["phase", "progress", "last_progress_on", "status_changed_on"]
        validators: list = []  # uniqueness is checked by the model, with a Persian message per field

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["unit"].queryset = scoped_units(request)
        if request is not None:
            from .forms import facilitators_for

            self.fields["facilitators"].child_relation.queryset = facilitators_for(request.user)

    def validate_unit(self, unit: Unit) -> Unit:
        if unit.kind not in CENTER_UNIT_KINDS:
            raise serializers.ValidationError(
                "کانون سلامت در یک محله یا روستا تشکیل می‌شود؛ محله یا روستا را انتخاب کنید."
            )
        return unit


class CenterStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CenterStatus.choices)
    on = FlexibleDateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_on_jalali = JalaliField(source="changed_on")
    changed_by = serializers.CharField(source="changed_by.display_name", default=None, read_only=True)

    class Meta:
        model = CenterStatusChange
        fields = ["from_status", "to_status", "changed_on", "changed_on_jalali", "reason", "changed_by"]


# ---- people ---------------------------------------------------------------------------


# ---- memberships ----------------------------------------------------------------------


PERSON_WRITE_FIELDS = ("first_name", "last_name", "gender", "birth_date", "mobile")


class MembershipSerializer(serializers.ModelSerializer):
    center = serializers.PrimaryKeyRelatedField(queryset=Center.objects.none())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False)
    national_code = serializers.CharField(
        write_only=True,
        required=False,
        help_text="به جای person: کد ملی فرد؛ اگر فرد را در محدودهٔ خود نمی‌بینید، نام و نام خانوادگی و جنسیت هم لازم است",
    )
    first_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)
    gender = serializers.ChoiceField(choices=Gender.choices, write_only=True, required=False)
    birth_date = FlexibleDateField(write_only=True, required=False, allow_null=True)
    mobile = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    joined_on = FlexibleDateField(required=False, allow_null=True)
    joined_on_jalali = JalaliField(source="joined_on")
    left_on = FlexibleDateField(read_only=True, allow_null=True)
    left_on_jalali = JalaliField(source="left_on")

    class Meta:
        model = Membership
        fields = [
            "id",
            "center",
            "person",
            "national_code",
            "first_name",
            "last_name",
            "gender",
            "birth_date",
            "mobile",
            "person_name",
            "kind",
            "status",
            "joined_on",
            "joined_on_jalali",
            "left_on",
            "left_on_jalali",
            "source",
            "note",
        ]
        read_only_fields = ["status", "source"]
        validators: list = []  # one open membership per person: checked by the model

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["center"].queryset = Center.objects.restrict(request.user, "view")
            self.fields["person"].queryset = Person.objects.restrict(request.user, "view")
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("center", "person", "national_code", "joined_on", *PERSON_WRITE_FIELDS):
                self.fields[name].read_only = True

    def validate(self, attrs: dict) -> dict:
        """By national code: a person the caller already sees is linked as is; for any other code
        the name, family name and gender are required — the same whether the code is new or on
        file elsewhere, so no answer tells which (`services.member_register` then links or creates,
        never overwriting a known record)."""
        supplied = {k: attrs.pop(k) for k in PERSON_WRITE_FIELDS if k in attrs}
        if self.instance is None:
            code = attrs.pop("national_code", None)
            if attrs.get("person") is None:
                if not code:
                    raise serializers.ValidationError(
                        {"person": "فرد را با شناسه (person) یا کد ملی مشخص کنید."}
                    )
                code = normalize_national_code(code)
                try:
                    validate_national_code(code)
                except Exception as exc:  # django ValidationError → DRF
                    raise serializers.ValidationError(
                        {"national_code": list(getattr(exc, "messages", [str(exc)]))}
                    )
                request = self.context.get("request")
                user = getattr(request, "user", None)
                known = Person.objects.restrict(user, "view").filter(national_code=code).first()
                if known is not None:
                    attrs["person"] = known
                else:
                    missing = {
                        k: "این مورد لازم است."
                        for k in ("first_name", "last_name", "gender")
                        if not supplied.get(k)
                    }
                    if missing:
                        raise serializers.ValidationError(missing)
                    attrs["new_person"] = {"national_code": code, **supplied}
        return attrs

    def to_representation(self, instance: Membership) -> dict:
        data = super().to_representation(instance)
        shown = self.context.get("person_name_shown")
        if shown is not None:
            data["person_name"] = shown
        return data


class MembershipDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MembershipLeaveSerializer(serializers.Serializer):
    on = FlexibleDateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# ---- groups ---------------------------------------------------------------------------


class GroupSerializer(serializers.ModelSerializer):
    center = serializers.PrimaryKeyRelatedField(queryset=Center.objects.none())
    head = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    members = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), many=True, required=False)
    topic_label = serializers.CharField(source="get_topic_display", read_only=True)
    formed_on = FlexibleDateField(required=False, allow_null=True)
    formed_on_jalali = JalaliField(source="formed_on")

    class Meta:
        model = ThematicGroup
        fields = [
            "id",
            "center",
            "name",
            "topic",
            "topic_label",
            "head",
            "members",
            "formed_on",
            "formed_on_jalali",
            "is_active",
        ]
        validators: list = []

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["center"].queryset = Center.objects.restrict(request.user, "view")
            people = Person.objects.restrict(request.user, "view")
            self.fields["head"].queryset = people
            self.fields["members"].child_relation.queryset = people
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["center"].read_only = True


# ---- elections ------------------------------------------------------------------------


class CandidateSerializer(serializers.ModelSerializer):
    # Looked up through the caller's scope (an out-of-scope id is "not found", never named);
    # the service then accepts only active members of the center.
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    office = serializers.ChoiceField(choices=Office.choices)

    class Meta:
        model = Candidate
        fields = ["person", "person_name", "office", "votes", "elected"]
        read_only_fields = ["elected"]


class ElectionSerializer(serializers.ModelSerializer):
    center = serializers.PrimaryKeyRelatedField(queryset=Center.objects.none())
    held_on = FlexibleDateField()
    held_on_jalali = JalaliField(source="held_on")
    candidates = CandidateSerializer(many=True)
    secretary = serializers.SerializerMethodField()
    deputy = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "center",
            "held_on",
            "held_on_jalali",
            "term_months",
            "voters",
            "observers",
            "note",
            "candidates",
            "secretary",
            "deputy",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["center"].queryset = Center.objects.restrict(request.user, "view")

    def _winner(self, election: Election, office: str) -> int | None:
        return next(
            (c.person_id for c in election.candidates.all() if c.office == office and c.elected), None
        )

    def get_secretary(self, election: Election) -> int | None:
        return self._winner(election, Office.SECRETARY)

    def get_deputy(self, election: Election) -> int | None:
        return self._winner(election, Office.DEPUTY)


class OfficeHolderSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    started_on_jalali = JalaliField(source="started_on")
    ended_on_jalali = JalaliField(source="ended_on")

    class Meta:
        model = OfficeHolder
        fields = [
            "office",
            "person",
            "person_name",
            "started_on",
            "started_on_jalali",
            "ended_on",
            "ended_on_jalali",
            "election",
        ]


# ---- establishment --------------------------------------------------------------------


class ActionDoneSerializer(serializers.Serializer):
    action = serializers.SlugRelatedField(
        slug_field="code", queryset=EstablishmentAction.objects.filter(is_active=True)
    )
    done_on = FlexibleDateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CenterActionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="action.code")
    done_on_jalali = JalaliField(source="done_on")

    class Meta:
        model = CenterAction
        fields = ["code", "done_on", "done_on_jalali", "note", "automatic"]
