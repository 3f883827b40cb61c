from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Attachment, Kind


class AttachmentSerializer(serializers.ModelSerializer):
    content_type = serializers.SerializerMethodField(help_text="app_label.model of the parent record")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "uid",
            "content_type",
            "object_id",
            "kind",
            "kind_label",
            "label",
            "original_name",
            "size",
            "mime",
            "sha256",
            "download_url",
            "thumbnail_url",
            "uploaded_by",
            "uploaded_at",
            "is_active",
            "removed_reason",
            "removed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_content_type(self, obj: Attachment) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @extend_schema_field(OpenApiTypes.STR)
    def get_download_url(self, obj: Attachment) -> str:
        return reverse("attachment-download", args=[obj.pk])

    @extend_schema_field({"type": ["string", "null"]})
    def get_thumbnail_url(self, obj: Attachment) -> str | None:
        return reverse("attachment-thumbnail", args=[obj.pk]) if obj.thumbnail else None

    @extend_schema_field({"type": ["string", "null"]})
    def get_uploaded_by(self, obj: Attachment) -> str | None:
        user = obj.uploaded_by
        return getattr(user, "display_name", None) or (user.get_username() if user else None)


class AttachmentUploadSerializer(serializers.Serializer):
    content_type = serializers.CharField(
        max_length=100, help_text="app_label.model, e.g. organizations.organization"
    )
    object_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.OTHER)
    label = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField(allow_empty_file=False, use_url=False)


class AttachmentRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="دلیل حذف (الزامی)")
