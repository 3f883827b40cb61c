"""/api/v1/notifications/ (the caller's own) and /api/v1/notification-preferences/."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from . import selectors, services
from .kinds import kinds
from .models import Notification
from .serializers import NotificationSerializer, PreferenceSerializer


@extend_schema_view(
    list=extend_schema(
        summary="اعلان‌های کاربر (فقط اعلان‌های خود او)",
        parameters=[OpenApiParameter("unread", bool, description="فقط خوانده‌نشده‌ها")],
    ),
    retrieve=extend_schema(summary="یک اعلان کاربر"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications; `unread=true` filters; `read/` marks one, `read-all/` all."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread") in {"1", "true"}
        return selectors.inbox(self.request.user, unread=unread)

    @extend_schema(request=None, responses=NotificationSerializer, summary="خوانده شد")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):  # type: ignore[no-untyped-def]
        notification = self.get_object()
        services.notification_mark_read(user=request.user, notification=notification)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarked", {"marked": drf_serializers.IntegerField()}),
        summary="همه خوانده شد",
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):  # type: ignore[no-untyped-def]
        return Response({"marked": services.notification_mark_read(user=request.user)})

    @extend_schema(
        responses=inline_serializer("NotificationsUnread", {"unread": drf_serializers.IntegerField()}),
        summary="شمار اعلان‌های خوانده‌نشده",
    )
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):  # type: ignore[no-untyped-def]
        return Response({"unread": selectors.unread_count(request.user)})


@extend_schema_view(
    list=extend_schema(summary="مجراهای اعلان کاربر برای هر نوع اعلان"),
    retrieve=extend_schema(summary="مجراهای یک نوع اعلان"),
    update=extend_schema(summary="تنظیم مجراهای یک نوع اعلان"),
    partial_update=extend_schema(summary="تنظیم بخشی از مجراهای یک نوع اعلان"),
)
class PreferenceViewSet(viewsets.ViewSet):
    """The caller's own channel preferences, one row per registered kind (in-app is always on)."""

    serializer_class = PreferenceSerializer
    lookup_field = "kind"
    lookup_value_regex = "[a-z0-9_]+"

    def _choice(self, request, kind: str):  # type: ignore[no-untyped-def]
        if kind not in kinds:
            raise NotFound("این نوع اعلان شناخته نیست.")
        return services.effective_preferences([request.user.pk], kind)[request.user.pk]

    @extend_schema(responses=PreferenceSerializer(many=True))
    def list(self, request):  # type: ignore[no-untyped-def]
        return Response(PreferenceSerializer(selectors.preferences(request.user), many=True).data)

    @extend_schema(responses=PreferenceSerializer)
    def retrieve(self, request, kind: str | None = None):  # type: ignore[no-untyped-def]
        return Response(PreferenceSerializer(self._choice(request, kind or "")).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def update(self, request, kind: str | None = None, partial: bool = False):  # type: ignore[no-untyped-def]
        current = self._choice(request, kind or "")
        body = PreferenceSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        values = {f: body.validated_data.get(f, getattr(current, f)) for f in ("sms", "email", "digest")}
        services.preference_set(user=request.user, kind=current.kind, **values)
        return Response(PreferenceSerializer(self._choice(request, current.kind)).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def partial_update(self, request, kind: str | None = None):  # type: ignore[no-untyped-def]
        return self.update(request, kind=kind, partial=True)
