from __future__ import annotations

from rest_framework import serializers

from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    in_app = serializers.SerializerMethodField()
    sms = serializers.BooleanField()
    email = serializers.BooleanField()
    digest = serializers.BooleanField()

    def get_in_app(self, obj) -> bool:  # type: ignore[no-untyped-def]
        return True
