"""API plumbing shared by every app: the error schema and scoped viewsets.

Errors always answer JSON ``{"code": "...", "message": "<Persian>", "errors": {...}}``
(see `kanoon.core.drf`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions, mixins, serializers, viewsets

from . import scope
from .drf import MESSAGES, Conflict, Pagination, exception_handler

__all__ = ["MESSAGES", "Conflict", "Pagination", "exception_handler", "ErrorSerializer", "ScopedViewSetMixin"]


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(required=False)


ACTION_FOR_METHOD = {"update": "change", "partial_update": "change", "destroy": "delete"}


class ScopedViewSetMixin:
    """Everything a viewset shows comes through `restrict(user, "view")`.

    Object writes check the action on the object (403 when visible but not allowed); creation
    checks the target unit with `check_create(serializer)`.
    """

    queryset: Any

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = super().get_queryset()  # type: ignore[misc]
        return qs.restrict(self.request.user, "view")

    def get_object(self):  # type: ignore[no-untyped-def]
        obj = super().get_object()  # type: ignore[misc]
        action = ACTION_FOR_METHOD.get(self.action)
        extra = getattr(self, "object_actions", {}).get(self.action)
        needed = extra or action
        if needed and not scope.can(self.request.user, needed, obj):
            raise exceptions.PermissionDenied(MESSAGES["permission_denied"])
        return obj

    def scope_path_of_new(self, serializer: serializers.Serializer) -> str:
        """The unit path a new object will hang on; apps override for indirect models."""
        unit = serializer.validated_data.get("unit")
        if unit is None:
            raise exceptions.ValidationError({"unit": ["واحد را مشخص کنید."]})
        return unit.path

    def check_create(self, serializer: serializers.Serializer) -> None:
        model = self.get_queryset().model
        path = self.scope_path_of_new(serializer)
        if not scope.path_in_scope(self.request.user, model, "add", path):
            raise exceptions.PermissionDenied(MESSAGES["permission_denied"])

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            self.check_create(serializer)
            serializer.save()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """CRUD without hard delete: records are deactivated by services, never deleted by users."""
