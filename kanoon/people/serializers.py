"""People API serializers. A viewer who sees a person only through a link in their scope gets
the card (`CARD_FIELDS`); every other key is absent, not null. Sensitive fields go through
`kanoon.audit` (absent without the role, audited when shown)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from kanoon.audit.serializers import SensitiveFieldsMixin
from kanoon.core.fields import MobileField
from kanoon.core.serializers import FlexibleDateField, JalaliField
from kanoon.core.validators import normalize_national_code, validate_national_code
from kanoon.geo.models import Unit

from .models import DayPart, Gender, Person, Weekday
from .selectors import CARD_FIELDS


class PersonSerializer(SensitiveFieldsMixin, serializers.ModelSerializer):
    national_code = serializers.CharField(max_length=20)
    mobile = MobileField(required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_date = FlexibleDateField(required=False, allow_null=True)
    birth_date_jalali = JalaliField(source="birth_date")
    consent_on = FlexibleDateField(required=False, allow_null=True)
    unit = serializers.PrimaryKeyRelatedField(
        source="registered_unit",
        queryset=Unit.objects.none(),
        required=False,
        help_text="واحد ثبت (پیش‌فرض: واحد نقش شما)",
    )
    unit_name = serializers.CharField(source="registered_unit.name", read_only=True)
    skills = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=30,
        help_text="مهارت‌ها (برچسب)",
    )
    available_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices),
        required=False,
        max_length=7,
        help_text="روزهای آمادگی داوطلبی: sat, sun, mon, tue, wed, thu, fri",
    )
    available_parts = serializers.ListField(
        child=serializers.ChoiceField(choices=DayPart.choices),
        required=False,
        max_length=3,
        help_text="بخش‌های روز: morning, afternoon, evening",
    )
    record = serializers.SerializerMethodField(
        help_text="full: پروندهٔ کامل؛ card: فقط کارت (کد ملی، نام، جنسیت) چون فرد را فقط از راه "
        "عضویتی در محدودهٔ خود می‌بینید"
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "record",
            "national_code",
            "first_name",
            "last_name",
            "gender",
            "birth_date",
            "birth_date_jalali",
            "mobile",
            "education",
            "occupation",
            "skills",
            "available_days",
            "available_parts",
            "availability_note",
            "has_disability",
            "disability",
            "consent_on",
            "unit",
            "unit_name",
        ]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["unit"].queryset = (
            Unit.objects.restrict(request.user, "view") if request is not None else Unit.objects.none()
        )
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["national_code"].read_only = True

    def validate_national_code(self, value: str) -> str:
        code = normalize_national_code(value)
        try:
            validate_national_code(code)
        except Exception as exc:  # django ValidationError → DRF
            raise serializers.ValidationError(list(getattr(exc, "messages", [str(exc)])))
        return code

    def _is_full(self, instance: Person) -> bool:
        full = self.context.get("full_ids")
        return full is not None and instance.pk in full

    def get_record(self, instance: Person) -> str:
        return "full" if self._is_full(instance) else "card"

    def to_representation(self, instance: Person) -> dict:
        if not self._is_full(instance):
            # The card: no other field is even read (so no sensitive view is recorded).
            return {
                "id": instance.pk,
                "record": "card",
                **{name: getattr(instance, name) for name in CARD_FIELDS if name != "id"},
            }
        return super().to_representation(instance)


class FacetRowSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    detail = serializers.CharField()
    status = serializers.CharField()
    start = FlexibleDateField(allow_null=True)
    start_jalali = JalaliField(source="start")
    end = FlexibleDateField(allow_null=True)
    end_jalali = JalaliField(source="end")


class FacetSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="centers.memberships, centers.offices, meetings.seats, ...")
    title = serializers.CharField()
    rows = FacetRowSerializer(many=True)


class PersonSerializerExtension(OpenApiSerializerExtension):
    """OpenAPI: only the card's keys are always present (a card-tier answer has no others)."""

    target_class = PersonSerializer
    match_subclasses = True
    priority = 1

    def map_serializer(self, auto_schema, direction):  # type: ignore[no-untyped-def]
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response" and "required" in schema:
            schema["required"] = [n for n in schema["required"] if n in CARD_FIELDS or n == "record"]
        return schema
