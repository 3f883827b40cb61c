from rest_framework import serializers

from kanoon.core import scope
from kanoon.core.validators import is_valid_mobile, normalize_mobile
from kanoon.geo.models import Unit

from .models import RoleAssignment, User
from .roles import Role
from .selectors import visible_users
from .services import MOBILE_INVALID


def clean_mobile(value: str | None) -> str:
    """Any spelling (+98, 0098, Persian or Arabic digits, spaces) → 09xxxxxxxxx, or a Persian error."""
    if not value:
        return ""
    if not is_valid_mobile(value):
        raise serializers.ValidationError(MOBILE_INVALID)
    return normalize_mobile(value)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="نام کاربری یا شمارهٔ همراه")
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
            self.fields["user"].queryset = visible_users(request.user) | User.objects.filter(
                pk=request.user.pk
            )
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")


class UserSerializer(serializers.ModelSerializer):
    mobile = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "mobile", "email", "is_active", "assignments"]
        read_only_fields = ["username"]

    def validate_mobile(self, value: str | None) -> str:
        return clean_mobile(value)

    def get_assignments(self, user: User) -> list[dict]:
        """Active roles; to anyone but the user themself, only those within the viewer's scope."""
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        paths = None
        if viewer is not None and viewer.pk != user.pk:
            paths = scope.scope_paths(viewer, RoleAssignment, "view")
        return [
            {
                "id": a.pk,
                "role": a.role,
                "role_label": a.get_role_display(),
                "unit": a.unit_id,
                "unit_name": a.unit.title,
            }
            for a in user.assignments.all()
            if a.is_active and (paths is None or any(a.unit.path.startswith(p) for p in paths))
        ]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    first_name = serializers.CharField(required=False, allow_blank=True, default="")
    last_name = serializers.CharField(required=False, allow_blank=True, default="")
    mobile = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = Unit.objects.restrict(request.user, "view")
