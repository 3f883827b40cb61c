from rest_framework import serializers

from .models import USER_CREATED_KINDS, Kind, Unit


class UnitSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), allow_null=True)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parent"].queryset = Unit.objects.restrict(request.user, "view")

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
