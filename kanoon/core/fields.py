"""Shared DRF fields for Iranian identifiers and names: normalized before any length check, so
'+98 912 345 6789' is a valid mobile (stored 09123456789) and not "at most 11 characters"."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from .text import clean_name
from .validators import normalize_mobile, normalize_national_code, validate_mobile, validate_national_code


class MobileField(serializers.CharField):
    """An Iranian mobile in any spelling normalize_mobile reads; answers 09xxxxxxxxx."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        value = super().to_internal_value(data)
        if not value:
            return value
        try:
            validate_mobile(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages)
        return normalize_mobile(value)


class NationalCodeField(serializers.CharField):
    """A national code typed with ASCII, Persian or Arabic-Indic digits; answers ASCII."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        value = super().to_internal_value(data)
        try:
            validate_national_code(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages)
        return normalize_national_code(value)


class NameField(serializers.CharField):
    """A name: normalized, and only invisible marks (ZWNJ, RLM, NBSP...) count as blank."""

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        value = clean_name(super().to_internal_value(data))
        if not value and not self.allow_blank:
            self.fail("blank")
        return value
