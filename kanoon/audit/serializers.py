"""API side of sensitive attributes, and the read-audit log's serializer.

    class PersonSerializer(SensitiveFieldsMixin, serializers.ModelSerializer): ...

For a user without the right role at the object's unit, every serializer field that reads a
registered sensitive attribute (by its source: `disability`, `disability.x`,
`get_disability_display`) is left out of the answer — the key is absent, not null. When one is
included, the view is written to the read-audit log: one row per object per request; a list
writes one row per object shown, in one bulk insert.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from . import sensitive
from .models import ReadAudit
from .services import record

_DISPLAY = re.compile(r"^get_(\w+)_display$")


def _attribute(field: serializers.Field) -> str:
    base = (field.source or field.field_name or "").split(".")[0]
    match = _DISPLAY.match(base)
    return match.group(1) if match else base


class SensitiveListMixin:
    """Collects the objects its children showed and records them in one bulk insert."""

    def to_representation(self, data):  # type: ignore[no-untyped-def]
        self._audit_pending: list = []
        try:
            result = super().to_representation(data)  # type: ignore[misc]
            record(self.context.get("request"), self._audit_pending)  # type: ignore[attr-defined]
        finally:
            del self._audit_pending
        return result


_list_classes: dict[type, type] = {}


def _sensitive_list_class(base: type) -> type:
    if base not in _list_classes:
        _list_classes[base] = type(f"Sensitive{base.__name__}", (SensitiveListMixin, base), {})
    return _list_classes[base]


class SensitiveFieldsMixin:
    """Drops sensitive fields the user may not see; records the ones shown."""

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        serializer = super().many_init(*args, **kwargs)  # type: ignore[misc]
        if not isinstance(serializer, SensitiveListMixin):
            serializer.__class__ = _sensitive_list_class(type(serializer))
        return serializer

    def sensitive_field_names(self, instance: Any) -> dict[str, str]:
        """{serializer field name: sensitive attribute it reads} for this instance's model."""
        registered = sensitive.fields_of(instance)
        if not registered:
            return {}
        return {
            name: _attribute(field)
            for name, field in self.fields.items()  # type: ignore[attr-defined]
            if _attribute(field) in registered
        }

    def to_representation(self, instance):  # type: ignore[no-untyped-def]
        data = super().to_representation(instance)  # type: ignore[misc]
        names = self.sensitive_field_names(instance)
        if not names:
            return data
        request = self.context.get("request")  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        visible = set(sensitive.visible_fields(user, instance, set(names.values())))
        for name, attribute in names.items():
            if attribute not in visible:
                data.pop(name, None)
        shown = sorted(a for n, a in names.items() if a in visible and n in data)
        if shown:
            pending = self._audit_list()
            if pending is not None:
                pending.append((instance, shown))
            else:
                record(request, [(instance, shown)])
        return data

    def _audit_list(self) -> list | None:
        node = getattr(self, "parent", None)
        while node is not None:
            pending = getattr(node, "_audit_pending", None)
            if pending is not None:
                return pending
            node = getattr(node, "parent", None)
        return None


class SensitiveFieldsExtension(OpenApiSerializerExtension):
    """OpenAPI: a sensitive field may be absent from an answer, so it is never `required`."""

    target_class = SensitiveFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):  # type: ignore[no-untyped-def]
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        model = getattr(getattr(self.target, "Meta", None), "model", None)
        registered = sensitive.fields_of(model) if model is not None else {}
        if registered and "required" in schema:
            fields = self.target.fields
            hidden = {name for name, field in fields.items() if _attribute(field) in registered}
            schema["required"] = [name for name in schema["required"] if name not in hidden]
            if not schema["required"]:
                del schema["required"]
        return schema


class ReadAuditSerializer(serializers.ModelSerializer):
    user_name = serializers.SerializerMethodField(help_text="نام کاربر، یا «—» اگر حذف شده باشد")
    model = serializers.CharField(source="content_type.model", read_only=True, help_text="نام فنی مدل")
    app = serializers.CharField(source="content_type.app_label", read_only=True)
    model_label = serializers.CharField(read_only=True, help_text="نام فارسی مدل")
    fields = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="فیلدهای دیده‌شده")

    class Meta:
        model = ReadAudit
        fields = [
            "id",
            "at",
            "user",
            "user_name",
            "app",
            "model",
            "model_label",
            "object_id",
            "fields",
            "source",
            "path",
            "ip",
        ]
        read_only_fields = fields

    def get_user_name(self, row: ReadAudit) -> str:
        return row.user.display_name if row.user is not None else "—"
