from rest_framework import serializers

from kanoon.core.relations import ScopedPrimaryKeyRelatedField

from .models import USER_CREATED_KINDS, Kind, Unit


class UnitSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True)
    has_children = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "code",
            "parent",
            "path",
            "depth",
            "is_active",
            "has_children",
        ]
        read_only_fields = ["path", "depth", "code", "is_active"]

    def get_has_children(self, unit: Unit) -> bool:
        return unit.depth < 5 or unit.kind in {Kind.CITY, Kind.ZONE}

    def validate_parent(self, value: Unit | None) -> Unit:
        if value is None:
            raise serializers.ValidationError("واحد بالادست را مشخص کنید.")
        return value

    def validate_kind(self, value: str) -> str:
        if value not in USER_CREATED_KINDS:
            raise serializers.ValidationError(
                "فقط منطقهٔ شهرداری و محله را می‌توان ساخت؛ بقیه از تقسیمات رسمی می‌آیند."
            )
        return value


class UnitUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["name", "is_active"]
