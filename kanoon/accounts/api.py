from django.contrib.auth import authenticate
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from kanoon.core.api import ErrorSerializer, ScopedViewSetMixin
from kanoon.core.collation import persian

from . import services
from .models import RoleAssignment, User
from .selectors import can_manage
from .serializers import (
    AssignmentSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserCreateSerializer,
    UserSerializer,
)

LOCKED = "به دلیل تلاش‌های ناموفق پیاپی، ورود موقتاً قفل شده است. کمی بعد دوباره تلاش کنید."


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: TokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    summary="دریافت توکن با نام کاربری (یا شمارهٔ همراه) و گذرواژه",
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def obtain_token(request):
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    django_request = request._request
    user = authenticate(
        django_request,
        username=serializer.validated_data["username"],
        password=serializer.validated_data["password"],
    )
    if getattr(django_request, "axes_locked_out", False):
        return Response({"code": "locked", "message": LOCKED}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if user is None:
        return Response(
            {
                "code": "invalid",
                "message": "نام کاربری یا گذرواژه نادرست است.",
                "errors": {"non_field_errors": ["نام کاربری یا گذرواژه نادرست است."]},
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


@extend_schema(responses=UserSerializer, summary="کاربر فعلی و نقش‌هایش")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    user = User.objects.prefetch_related("assignments__unit").get(pk=request.user.pk)
    return Response(UserSerializer(user).data)


class UserViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Users whose role assignments lie within the caller's scope (user managers only)."""

    queryset = User.objects.prefetch_related(
        Prefetch("assignments", queryset=RoleAssignment.objects.select_related("unit"))
    ).order_by(persian("username"), "pk")
    serializer_class = UserSerializer
    filterset_fields = ["is_active"]

    def get_serializer_class(self):
        return UserCreateSerializer if self.action == "create" else UserSerializer

    def get_object(self):
        """Visible (else 404); a change needs the user to be manageable (else 403)."""
        user = super().get_object()
        if self.action in ("update", "partial_update") and not can_manage(self.request.user, user):
            raise exceptions.PermissionDenied(services.NOT_MANAGEABLE)
        return user

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer, 400: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = UserCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **serializer.validated_data)
        return Response(
            UserSerializer(user, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def perform_update(self, serializer):
        services.user_update(actor=self.request.user, user=serializer.instance, **serializer.validated_data)


class AssignmentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Role assignments within the caller's scope. Revoking deactivates; nothing is deleted."""

    queryset = RoleAssignment.objects.select_related("unit", "user")
    serializer_class = AssignmentSerializer
    filterset_fields = ["user", "role", "unit", "is_active"]
    object_actions = {"revoke": "change"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.assignment_grant(
            actor=self.request.user, user=data["user"], role=data["role"], unit=data["unit"]
        )

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        assignment = self.get_object()
        if not can_manage(request.user, assignment.user):
            raise exceptions.PermissionDenied(services.NOT_MANAGEABLE)
        services.assignment_revoke(actor=request.user, assignment=assignment)
        return Response(AssignmentSerializer(assignment, context=self.get_serializer_context()).data)
