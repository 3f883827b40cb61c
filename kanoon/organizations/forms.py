from __future__ import annotations

from django import forms
from django.db import models

from kanoon.core import scope
from kanoon.geo.models import Unit

from .models import Kind, Organization, Sector


class OrganizationForm(forms.Form):
    name = forms.CharField(label="نام", max_length=200)
    kind = forms.ChoiceField(label="نوع", choices=Kind.choices)
    sector = forms.ChoiceField(
        label="بخش (فقط برای دستگاه دولتی)", choices=[("", "—"), *Sector.choices], required=False
    )
    national_id = forms.CharField(
        label="شناسهٔ ملی",
        max_length=30,
        required=False,
        help_text="۱۱ رقم؛ رقم فارسی یا انگلیسی.",
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="تلفن", max_length=30, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    mobile = forms.CharField(
        label="تلفن همراه", max_length=20, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    email = forms.EmailField(label="رایانامه", required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    website = forms.URLField(
        label="وبگاه", required=False, assume_scheme="https", widget=forms.URLInput(attrs={"dir": "ltr"})
    )
    address = forms.CharField(
        label="نشانی", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.ModelChoiceField(
        label="محدودهٔ کار (استان، شهرستان، شهر…)",
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": "واحد را از جستجو انتخاب کنید.",
            "invalid_choice": "واحد را از جستجو و از محدودهٔ خودتان انتخاب کنید.",
        },
    )

    def __init__(self, *args, user, instance: Organization | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    f: getattr(instance, f)
                    for f in (
                        "name",
                        "kind",
                        "sector",
                        "national_id",
                        "phone",
                        "mobile",
                        "email",
                        "website",
                        "address",
                        "unit",
                    )
                },
            )
        super().__init__(*args, **kwargs)
        paths = scope.scope_paths(user, Organization, "change" if instance else "add")
        units = Unit.objects.filter(is_active=True)
        if paths is not None:
            q = models.Q(pk__in=[])
            for path in paths:
                q |= models.Q(path__startswith=path)
            units = units.filter(q)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )

    def picked_label(self) -> str:
        value = self["unit"].value()
        if hasattr(value, "title"):
            return value.title
        try:
            unit = self.fields["unit"].queryset.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            unit = None
        return unit.title if unit is not None else ""
