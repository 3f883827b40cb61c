"""API plumbing shared by every app: the error schema and scoped viewsets.

Errors always answer JSON ``{"code": "...", "message": "<Persian>", "errors": {...}}``
(see `kanoon.core.drf`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions, mixins, permissions, serializers, viewsets

from . import scope
from .drf import MESSAGES, Conflict, Pagination, exception_handler

__all__ = [
    "MESSAGES",
    "Conflict",
    "Pagination",
    "exception_handler",
    "ErrorSerializer",
    "ScopedViewSetMixin",
    "AutoSchema",
]


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    errors = serializers.DictField(required=False)


ERROR_DESCRIPTIONS = {
    "400": "ورودی نامعتبر؛ `errors` خطای هر فیلد را می‌گوید.",
    "401": "ابتدا وارد شوید (توکن یا نشست لازم است).",
    "403": "در محدودهٔ کاربر است اما اجازهٔ این کار را ندارد.",
    "404": "پیدا نشد (یا بیرون از محدودهٔ کاربر است).",
    "415": "نوع محتوای بدنهٔ درخواست پشتیبانی نمی‌شود یا خواندنی نیست.",
    "429": "درخواست‌ها بیش از حد است؛ کمی بعد دوباره تلاش کنید.",
}


class AutoSchema(SpectacularAutoSchema):
    """The OpenAPI document describes what the API really answers.

    - Every operation documents the errors it can return, all with the one `Error` envelope
      (`kanoon.core.drf.exception_handler`): 400 when it reads a body or query parameters,
      401/403 when it needs a signed-in user, 404 when it looks up an object in the path (or pages
      a list), 415 when it reads a body (in a media type it cannot parse), 429 when it is throttled. Other codes (409, ...) are declared with `responses=`.
    - Only the `list` action is paginated and filtered; custom actions that answer an array
      (`status-history`, `deliveries`, ...) answer a plain array, without list filters.
    - A read-only field is nullable when its model field (or any relation on its way) is.
    """

    def _is_collection(self) -> bool:
        return getattr(self.view, "action", "list") == "list"

    def _get_paginator(self):  # type: ignore[no-untyped-def]
        return super()._get_paginator() if self._is_collection() else None

    def get_filter_backends(self) -> list[Any]:
        return super().get_filter_backends() if self._is_collection() else []

    def get_operation(self, *args: Any, **kwargs: Any) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        places = {p.get("in") for p in operation.get("parameters", [])}
        codes = []
        if self.method in {"POST", "PUT", "PATCH"} or "query" in places:
            codes.append("400")
        if self._needs_authentication():
            codes += ["401", "403"]
        if "path" in places or (self.method == "GET" and self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if "requestBody" in operation:
            codes.append("415")
        if self.view.get_throttles():
            codes.append("429")
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in codes:
            responses.setdefault(
                code,
                {"content": {"application/json": {"schema": error}}, "description": ERROR_DESCRIPTIONS[code]},
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _needs_authentication(self) -> bool:
        if not self.view.get_authenticators():
            return False
        return not all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())

    def _get_serializer_field_meta(self, field, direction):  # type: ignore[no-untyped-def]
        meta = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and field.read_only and not meta.get("nullable"):
            if field.default is None or _source_is_nullable(field):
                meta["nullable"] = True
        return meta


def _source_is_nullable(field: serializers.Field) -> bool:
    """True when a model serializer's field reads a nullable column or goes through one."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*":
        return False
    for name in field.source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if model_field.is_relation and not model_field.concrete:
            return bool(model_field.one_to_one)  # a missing reverse one-to-one reads as null
        if model_field.null:
            return True
        model = getattr(model_field, "related_model", None)
        if model is None:
            return False
    return False


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
