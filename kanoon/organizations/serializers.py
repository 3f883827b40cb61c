from __future__ import annotations

from django.core.validators import EmailValidator, URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kanoon.geo.models import Unit

from .models import Kind, Organization, Sector


@extend_schema_field({"type": "string", "enum": Kind.values, "description": "نوع سازمان"})
class KindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Kind.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": ["", *Sector.values], "description": "بخش دستگاه دولتی"})
class SectorField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Sector.choices, allow_blank=True, **kwargs)


class OrganizationSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), help_text="شناسهٔ واحد محل کار")
    unit_title = serializers.CharField(source="unit.title", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    national_id = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="شناسهٔ ملی ۱۱ رقمی (رقم فارسی هم پذیرفته است)",
    )
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    kind = KindField(required=False)
    sector = SectorField(required=False)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "kind",
            "kind_label",
            "sector",
            "sector_label",
            "name",
            "unit",
            "unit_title",
            "national_id",
            "phone",
            "mobile",
            "email",
            "address",
            "website",
            "is_active",
            "is_implementer",
            "created_at",
            "updated_at",
        ]
        # an implementer is flagged through monitoring's implementer pages
        read_only_fields = ["is_implementer", "created_at", "updated_at"]
        validators = []  # uniqueness is checked by the services, with Persian messages per field

    def validate_email(self, value: str) -> str:
        value = value.strip()
        if value:
            try:
                EmailValidator()(value)
            except Exception:
                raise serializers.ValidationError("رایانامه معتبر نیست.")
        return value

    def validate_website(self, value: str) -> str:
        value = value.strip()
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except Exception:
                raise serializers.ValidationError("نشانی وبگاه معتبر نیست (مانند https://example.org).")
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")
