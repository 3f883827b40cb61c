"""Shared DRF fields: dates accepted in Jalali (either digit set) or ISO, and returned in both."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kanoon.core import jalali


class FlexibleDateField(serializers.DateField):
    """Accepts '1403/05/12', '۱۴۰۳/۰۵/۱۲' or '2024-08-02'; answers ISO."""

    default_error_messages = {"invalid": "تاریخ نامعتبر است؛ به شکل ۱۴۰۳/۰۵/۱۲ یا 2024-08-02 بنویسید."}

    def to_internal_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, dt.date):
            return value
        try:
            return jalali.parse_date(str(value))
        except jalali.JalaliError as exc:
            raise serializers.ValidationError(str(exc))


@extend_schema_field(serializers.CharField(allow_null=True, read_only=True))
class JalaliField(serializers.ReadOnlyField):
    """The Jalali form (Latin digits, 1403/05/12) of a date attribute: JalaliField(source="birth_date")."""

    def to_representation(self, value):  # type: ignore[no-untyped-def]
        return jalali.format_date(value, persian_digits=False) if value else None
