"""Shared fields for Iranian identifiers, names and numbers.

DRF fields for identifiers and names are normalized before any length check, so
'+98 912 345 6789' is a valid mobile (stored 09123456789) and not "at most 11 characters".

Numbers, on pages and in the API, are read in any digit set with either separator
(`formats.parse_number`: «۱۲٬۳۴۵٫۶», «١٢», «12,345.6»). A browser's `type=number` input silently
empties a value typed with Persian digits, so number fields on pages use `NumberInput`, a text
input with a numeric keyboard (`inputmode`) that shows its value with Persian digits.
`localize_number_fields(form)` (called by `core.forms.BootstrapFormMixin`, the base of every form)
gives every Integer/Decimal/Float field that widget and makes its limit messages («at most 10»)
show Persian digits. `install_api_number_fields()` (CoreConfig.ready) makes every
ModelSerializer's number fields read the same inputs.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from . import formats
from .text import clean_name, to_latin_digits
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


# --- numbers --------------------------------------------------------------------------------


def latin_number(value: object) -> object:
    """Typed text of a number in any digit set and separators → canonical Latin text («1234.5»)
    for Django's and DRF's parsers; text that is not a number comes back with Latin digits so the
    field reports it as invalid. Anything not a string is returned as is."""
    if not isinstance(value, str):
        return value
    parsed = formats.parse_number(value)
    if parsed is None:
        return to_latin_digits(value).strip()
    return str(parsed)


def input_number(value: object) -> str | None:
    """A number as written back into an input: Persian digits, «٫» decimals, no grouping, an
    ASCII minus (the input is left to right)."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    parsed = formats.parse_number(value)
    if parsed is None:
        return formats.digits(value)
    if isinstance(parsed, Decimal):
        text = format(parsed, "f")
    else:
        text = str(parsed)
    return formats.digits(text.replace(".", formats.DECIMAL))


class NumberInput(forms.TextInput):
    """A number input that keeps Persian digits: text with a numeric keyboard; the field gets
    Latin text whatever digit set was typed."""

    def __init__(self, attrs: dict | None = None, *, decimal: bool = False) -> None:
        base = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and formats.parse_number(value) is None:
            return formats.digits(value)  # what was typed, shown back with its error
        return input_number(value)

    def value_from_datadict(self, data, files, name):  # type: ignore[no-untyped-def]
        return latin_number(super().value_from_datadict(data, files, name))


_NUMBER_PARAMS = ("limit_value", "max", "show_value", "value", "min")


def persian_error(exc: DjangoValidationError) -> DjangoValidationError:
    """The same error with its numeric parameters (limits, counts) written in Persian digits."""
    errors = []
    for error in exc.error_list:
        params = dict(error.params or {})
        for key in _NUMBER_PARAMS:
            if isinstance(params.get(key), int | float | Decimal) and not isinstance(params[key], bool):
                params[key] = formats.number(params[key])
        errors.append(DjangoValidationError(error.message, code=error.code, params=params or None))
    return DjangoValidationError(errors)


class _PersianMessages:
    """Wraps a validator so that its message shows Persian digits («بیشتر از ۱۰ نباشد»)."""

    def __init__(self, validator) -> None:  # type: ignore[no-untyped-def]
        self.validator = validator

    def __call__(self, value):  # type: ignore[no-untyped-def]
        try:
            self.validator(value)
        except DjangoValidationError as exc:
            raise persian_error(exc)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _PersianMessages) and other.validator == self.validator

    def __hash__(self) -> int:
        return hash(self.validator)


class PersianDigitsInput(forms.TextInput):
    """A text input for digit strings kept with Latin digits (mobile, phone, national code): it
    shows them in Persian digits; the field reads either set back (`core.forms.PersianDigitsCharField`)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"dir": "ltr", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):  # type: ignore[no-untyped-def]
        text = super().format_value(value)
        return formats.digits(text) if text else text


NUMBER_FORM_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def localize_number_field(field: forms.Field) -> None:
    """One number field made Persian-friendly in place (see the module notes)."""
    if not isinstance(field, NUMBER_FORM_FIELDS):
        return
    widget = field.widget
    if not isinstance(widget, NumberInput) and not isinstance(widget, forms.HiddenInput):
        attrs = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
        new = NumberInput(attrs, decimal=isinstance(field, forms.DecimalField | forms.FloatField))
        new.is_required = widget.is_required
        field.widget = new
    field.validators = [
        v if isinstance(v, _PersianMessages) else _PersianMessages(v) for v in field.validators
    ]


def localize_number_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        localize_number_field(field)


class PersianIntegerField(serializers.IntegerField):
    """An integer in any digit set, with or without «٬»/«,» separators."""

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        return super().to_internal_value(latin_number(data))


class PersianDecimalField(serializers.DecimalField):
    """A decimal in any digit set: «۱۲٫۵», «١٢٫٥», «12.5», «۱٬۲۰۰»."""

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        return super().to_internal_value(latin_number(data))


class PersianFloatField(serializers.FloatField):
    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        return super().to_internal_value(latin_number(data))


def install_api_number_fields() -> None:
    """Every ModelSerializer maps the model's number fields to the Persian-reading fields above
    (DRF's documented `serializer_field_mapping`, changed once at start-up)."""
    mapping = serializers.ModelSerializer.serializer_field_mapping
    for model_field in (
        models.IntegerField,
        models.SmallIntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
    ):
        if mapping.get(model_field) is serializers.IntegerField:
            mapping[model_field] = PersianIntegerField
    if mapping.get(models.DecimalField) is serializers.DecimalField:
        mapping[models.DecimalField] = PersianDecimalField
    if mapping.get(models.FloatField) is serializers.FloatField:
        mapping[models.FloatField] = PersianFloatField
