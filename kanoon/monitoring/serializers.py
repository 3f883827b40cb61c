from __future__ import annotations

from rest_framework import serializers

from kanoon.geo.models import Unit

from .models import DataElement, DataSet, DataSetElement, DataValue, Indicator, Report, Target


class IndicatorSerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "description",
            "unit_of_measure",
            "numerator",
            "denominator",
            "factor",
            "decimals",
            "direction",
            "direction_label",
            "position",
            "is_active",
        ]

    def validate(self, attrs):
        import copy

        from django.core.exceptions import ValidationError

        instance = copy.copy(self.instance) if self.instance else Indicator()
        for key, value in attrs.items():
            setattr(instance, key, value)
        try:
            instance.clean()
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict)
        return attrs


class DataElementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataElement
        fields = [
            "id",
            "code",
            "name",
            "description",
            "value_type",
            "minimum",
            "maximum",
            "time_aggregation",
            "is_active",
        ]

    def validate(self, attrs):
        lo = attrs.get("minimum", getattr(self.instance, "minimum", None))
        hi = attrs.get("maximum", getattr(self.instance, "maximum", None))
        if lo is not None and hi is not None and lo > hi:
            raise serializers.ValidationError({"maximum": "بیشینه نمی‌تواند از کمینه کمتر باشد."})
        return attrs


class DataSetElementSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(slug_field="code", queryset=DataElement.objects.all())

    class Meta:
        model = DataSetElement
        fields = ["element", "required", "position"]


class DataSetSerializer(serializers.ModelSerializer):
    elements = DataSetElementSerializer(source="members", many=True)

    class Meta:
        model = DataSet
        fields = ["id", "code", "name", "description", "unit_kinds", "due_days", "is_active", "elements"]

    def validate_unit_kinds(self, value):
        from kanoon.geo.models import Kind

        if not isinstance(value, list) or not value or any(k not in Kind.values for k in value):
            raise serializers.ValidationError("سطح گزارش‌دهی را از نوع‌های تقسیمات انتخاب کنید.")
        return value

    def _save_members(self, data_set, members):
        DataSetElement.objects.filter(data_set=data_set).delete()
        for position, member in enumerate(members):
            DataSetElement.objects.create(
                data_set=data_set,
                element=member["element"],
                required=member.get("required", True),
                position=member.get("position", position),
            )

    def create(self, validated_data):
        members = validated_data.pop("members", [])
        data_set = DataSet.objects.create(**validated_data)
        self._save_members(data_set, members)
        return data_set

    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        instance.save()
        if members is not None:
            self._save_members(instance, members)
        return instance


class DataValueSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(
        slug_field="code", queryset=DataElement.objects.filter(is_active=True)
    )
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    value = serializers.CharField(help_text="عدد؛ رقم فارسی یا لاتین")
    status = serializers.CharField(source="report.status", read_only=True)

    class Meta:
        model = DataValue
        fields = ["id", "element", "unit", "period", "value", "comment", "approved", "status", "updated_at"]
        read_only_fields = ["approved", "updated_at"]
        validators = []  # a write to an existing (element, unit, period) updates it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        value = instance.value
        data["value"] = format(value.normalize(), "f") if value is not None else None
        return data


class DataValueUpdateSerializer(serializers.Serializer):
    value = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReportActionSerializer(serializers.Serializer):
    data_set = serializers.SlugRelatedField(
        slug_field="code", queryset=DataSet.objects.filter(is_active=True)
    )
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    period = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")


class ReportSerializer(serializers.ModelSerializer):
    data_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Report
        fields = ["id", "data_set", "unit", "period", "status", "status_label", "submitted_at", "approved_at"]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    period = serializers.CharField(
        max_length=20, help_text="فصل (1403Q2) یا سال (1403)؛ رقم فارسی هم پذیرفته است"
    )
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())

    class Meta:
        model = Target
        fields = ["id", "indicator", "unit", "period", "value"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")

    def validate_period(self, value):
        from kanoon.core.jalali import JalaliError

        from . import periods

        try:
            return periods.parse(value).code
        except JalaliError as exc:
            raise serializers.ValidationError(str(exc))

    def validate(self, attrs):
        indicator = attrs.get("indicator", getattr(self.instance, "indicator", None))
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        period = attrs.get("period", getattr(self.instance, "period", None))
        clash = Target.objects.filter(indicator=indicator, unit=unit, period=period)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"period": "برای این شاخص، واحد و دوره از قبل هدف تعیین شده است."}
            )
        return attrs
