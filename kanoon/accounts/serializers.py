from rest_framework import serializers

from kanoon.geo.models import Unit

from .models import RoleAssignment, User
from .roles import Role


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="نام کاربری یا شمارهٔ همراه")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class AssignmentSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    unit_name = serializers.CharField(source="unit.title", read_only=True)
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "role_label", "unit", "unit_name", "is_active", "created_at"]
        read_only_fields = ["is_active", "created_at"]
        validators = []  # the service re-activates a revoked assignment instead of refusing it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["user"].queryset = User.objects.restrict(request.user, "view") | User.objects.filter(
                pk=request.user.pk
            )
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")


class UserSerializer(serializers.ModelSerializer):
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "mobile", "email", "is_active", "assignments"]
        read_only_fields = ["username"]

    def get_assignments(self, user: User) -> list[dict]:
        return [
            {
                "id": a.pk,
                "role": a.role,
                "role_label": a.get_role_display(),
                "unit": a.unit_id,
                "unit_name": a.unit.title,
            }
            for a in user.assignments.all()
            if a.is_active
        ]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    first_name = serializers.CharField(required=False, allow_blank=True, default="")
    last_name = serializers.CharField(required=False, allow_blank=True, default="")
    mobile = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")
