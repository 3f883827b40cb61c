"""Form fields that take Jalali dates and either digit set."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms.renderers import DjangoTemplates

from . import jalali
from .fields import PersianDigitsInput, localize_number_fields
from .text import clean_name, to_latin_digits


class JalaliDateInput(forms.TextInput):
    """Text input wired to the self-hosted Jalali date picker (data-jdp)."""

    def __init__(self, attrs: dict | None = None) -> None:
        base = {
            "data-jdp": "",
            "autocomplete": "off",
            "placeholder": "۱۴۰۳/۰۱/۱۵",
            "dir": "ltr",
            "class": "form-control",
        }
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, dt.date):
            return jalali.format_date(value)  # Persian digits; the field reads either set
        return value


class JalaliDateField(forms.DateField):
    """A Jalali (or ISO) date whose Jalali year lies in [min_year, max_year] (default
    jalali.MIN_YEAR..MAX_YEAR; a field narrows it, e.g. founding dates)."""

    widget = JalaliDateInput
    default_error_messages = {"invalid": "تاریخ نامعتبر است."}

    def __init__(self, *args, min_year: int | None = None, max_year: int | None = None, **kwargs):  # type: ignore[no-untyped-def]
        self.min_year = min_year
        self.max_year = max_year
        super().__init__(*args, **kwargs)

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return jalali.parse_date(value, min_year=self.min_year, max_year=self.max_year)
        except jalali.JalaliError as exc:
            raise forms.ValidationError(str(exc), code="invalid")


class BirthDateField(JalaliDateField):
    """A birth date: the date picker opens thirty years back (data-jdp-years-ago, read by
    static/kanoon/kanoon.js) rather than at today."""

    def widget_attrs(self, widget):  # type: ignore[no-untyped-def]
        return {**super().widget_attrs(widget), "data-jdp-years-ago": "30"}


class NameField(forms.CharField):
    """A name: stored normalized (`text.clean_name`); only invisible marks (ZWNJ, RLM, NBSP...)
    and spaces count as empty, so a required NameField refuses them."""

    def to_python(self, value):  # type: ignore[no-untyped-def]
        return clean_name(super().to_python(value))


class PersianDigitsCharField(forms.CharField):
    """A CharField that stores Latin digits whatever the user typed, and shows Persian ones."""

    widget = PersianDigitsInput

    def to_python(self, value):  # type: ignore[no-untyped-def]
        value = super().to_python(value)
        return to_latin_digits(value) if value else value


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget; number fields take either digit set
    (`core.fields.localize_number_fields`)."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        localize_number_fields(self)  # type: ignore[arg-type]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


def add_errors(form: forms.Form, exc) -> None:  # type: ignore[no-untyped-def]
    """Put a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


class BoundField(forms.BoundField):
    """A field with errors is marked for every form of the site: Bootstrap's `is-invalid` on the
    widget (Django already adds aria-invalid and aria-describedby="<id>_error"; the templates give
    the error text that id). `static/kanoon/forms.js` moves focus to the first marked field."""

    def build_widget_attrs(self, attrs, widget=None):  # type: ignore[no-untyped-def]
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden:
            css = attrs.get("class", widget.attrs.get("class", ""))
            if "is-invalid" not in css.split():
                attrs["class"] = f"{css} is-invalid".strip()
        return attrs


class Renderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's default renderer with the marking BoundField."""

    bound_field_class = BoundField
