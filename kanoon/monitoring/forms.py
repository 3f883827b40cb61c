from __future__ import annotations

from django import forms
from django.db import models

from kanoon.core.fields import input_number, localize_number_fields
from kanoon.core.text import to_latin_digits

from .models import DataSet, DataValue


class DataEntryForm(forms.Form):
    """One field per element of the data set; values accept Persian or Latin digits."""

    def __init__(
        self, *args, data_set: DataSet, values: dict[int, DataValue], locked: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.members = list(data_set.members.select_related("element"))
        for member in self.members:
            element = member.element
            current = values.get(element.pk)
            attrs = {"class": "form-control text-start", "dir": "ltr", "inputmode": "decimal"}
            if element.minimum is not None:
                attrs["data-min"] = str(element.minimum)
            if element.maximum is not None:
                attrs["data-max"] = str(element.maximum)
            self.fields[f"e_{element.pk}"] = forms.CharField(
                label=element.name,
                required=False,
                disabled=locked,
                initial=_plain(current.value) if current else "",
                help_text=element.description,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"e_{element.pk}"].member = member

    def raw_values(self) -> dict[int, str]:
        return {
            m.element_id: to_latin_digits(self.cleaned_data.get(f"e_{m.element_id}") or "")
            for m in self.members
        }

    def missing_required(self) -> dict[str, list[str]]:
        """{element code: [message]} for each required element left empty (checked with the
        values' own errors, so a submit shows every problem at once)."""
        raw = self.raw_values()
        return {
            m.element.code: ["این مقدار الزامی است."]
            for m in self.members
            if m.required and not str(raw.get(m.element_id) or "").strip()
        }

    def add_element_errors(self, errors: dict[str, list[str]]) -> None:
        by_code = {m.element.code: f"e_{m.element_id}" for m in self.members}
        for code, messages in errors.items():
            field = by_code.get(code)
            for message in messages:
                self.add_error(field, message)


def _plain(value) -> str:
    """A saved number as written back into its input: Persian digits, «٫» (core.fields)."""
    return input_number(value.normalize()) or ""


class UnapproveForm(forms.Form):
    reason = forms.CharField(
        label="دلیل لغو تأیید",
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=1000,
    )


class DhisImportForm(forms.Form):
    file = forms.FileField(label="فایل dataValueSets (JSON)")
    dry_run = forms.BooleanField(label="فقط بررسی، بدون ذخیره", required=False)


class _DefinitionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize_number_fields(self)  # numbers in either digit set
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


class DataElementForm(_DefinitionForm):
    class Meta:
        from .models import DataElement

        model = DataElement
        fields = [
            "code",
            "name",
            "description",
            "value_type",
            "minimum",
            "maximum",
            "time_aggregation",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "code": forms.TextInput(attrs={"dir": "ltr"}),
        }


class IndicatorForm(_DefinitionForm):
    class Meta:
        from .models import Indicator

        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "unit_of_measure",
            "numerator",
            "denominator",
            "factor",
            "decimals",
            "direction",
            "position",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "code": forms.TextInput(attrs={"dir": "ltr"}),
            "numerator": forms.TextInput(
                attrs={"dir": "ltr", "placeholder": "E:TRAINING_SESSIONS یا S:active_centers"}
            ),
            "denominator": forms.TextInput(attrs={"dir": "ltr"}),
        }


# ---- setup pages: data sets, targets, implementers ------------------------------------------
# Plain forms: they only collect input; the services validate and save (errors come back
# through `kanoon.core.forms.add_errors`).


class DataSetForm(forms.Form):
    code = forms.CharField(label="کد", max_length=50, widget=forms.TextInput(attrs={"dir": "ltr"}))
    name = forms.CharField(label="نام", max_length=200)
    description = forms.CharField(label="توضیح", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit_kinds = forms.MultipleChoiceField(
        label="سطح گزارش‌دهی (چه واحدهایی این فرم را پر می‌کنند)",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "سطح گزارش‌دهی را انتخاب کنید."},
    )
    due_days = forms.IntegerField(
        label="مهلت ارسال (روز پس از پایان فصل)", min_value=0, max_value=365, initial=15
    )
    elements = forms.ModelMultipleChoiceField(
        label="عناصر داده",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="قواعد کمینه و بیشینه از تعریف هر عنصر می‌آید.",
        error_messages={"required": "دست‌کم یک عنصر داده برای فرم انتخاب کنید."},
    )
    required = forms.ModelMultipleChoiceField(
        label="عناصر الزامی",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="گزارش بدون این مقادیر ارسال نمی‌شود.",
    )
    is_active = forms.BooleanField(label="فعال", required=False, initial=True)

    def __init__(self, *args, instance=None, **kwargs):
        from kanoon.geo.models import Kind

        from .models import DataElement

        if instance is not None:
            members = list(instance.members.all())
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "name": instance.name,
                    "description": instance.description,
                    "unit_kinds": instance.unit_kinds,
                    "due_days": instance.due_days,
                    "elements": [m.element_id for m in members],
                    "required": [m.element_id for m in members if m.required],
                    "is_active": instance.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        keep = [m.element_id for m in instance.members.all()] if instance is not None else []
        elements = DataElement.objects.filter(models.Q(is_active=True) | models.Q(pk__in=keep))
        self.fields["unit_kinds"].choices = Kind.choices
        self.fields["elements"].queryset = elements
        self.fields["required"].queryset = elements
        _style(self)

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class _UnitPickForm(forms.Form):
    """A form with a unit chosen through includes/unit_picker.html, limited to where the user
    may `action` the model."""

    unit = forms.ModelChoiceField(
        label="واحد",
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": "واحد را از جستجو انتخاب کنید.",
            "invalid_choice": "واحد را از جستجو و از محدودهٔ خودتان انتخاب کنید.",
        },
    )

    def __init__(self, *args, user, model, action, **kwargs):
        from kanoon.core import scope
        from kanoon.geo.models import Unit

        super().__init__(*args, **kwargs)
        paths = scope.scope_paths(user, model, action)
        units = Unit.objects.filter(is_active=True)
        if paths is not None:
            q = models.Q(pk__in=[])
            for path in paths:
                q |= models.Q(path__startswith=path)
            units = units.filter(q)
        self.fields["unit"].queryset = units
        _style(self)

    def picked_label(self) -> str:
        """The chosen unit's title for the picker (the hidden input only holds its id)."""
        value = self["unit"].value()
        if hasattr(value, "title"):
            return value.title
        try:
            unit = self.fields["unit"].queryset.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            unit = None
        return unit.title if unit is not None else ""


def _style(form: forms.Form) -> None:
    localize_number_fields(form)  # numbers in either digit set
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        widget.attrs.setdefault("class", css)


class TargetForm(_UnitPickForm):
    indicator = forms.ModelChoiceField(label="شاخص", queryset=None, empty_label="— شاخص —")
    period = forms.CharField(
        label="دوره",
        max_length=20,
        help_text="فصل به شکل ۱۴۰۳Q۲ یا سال به شکل ۱۴۰۳ (رقم فارسی یا لاتین).",
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "۱۴۰۳Q۲"}),
    )
    value = forms.CharField(
        label="مقدار هدف",
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "decimal"}),
    )

    field_order = ["indicator", "period", "value", "unit"]

    def __init__(self, *args, user, instance=None, **kwargs):
        from .models import Indicator, Target

        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "indicator": instance.indicator_id,
                    "unit": instance.unit,
                    "period": instance.period,
                    "value": _plain(instance.value),
                },
            )
        super().__init__(*args, user=user, model=Target, action="change" if instance else "add", **kwargs)
        keep = [instance.indicator_id] if instance is not None else []
        self.fields["indicator"].queryset = Indicator.objects.filter(
            models.Q(is_active=True) | models.Q(pk__in=keep)
        )


class ImplementerForm(_UnitPickForm):
    name = forms.CharField(label="نام", max_length=200)
    kind = forms.ChoiceField(label="نوع", choices=())
    is_active = forms.BooleanField(label="فعال", required=False, initial=True)

    field_order = ["name", "kind", "is_active", "unit"]

    def __init__(self, *args, user, instance=None, **kwargs):
        from kanoon.organizations.models import IMPLEMENTER_KINDS, Organization

        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "kind": instance.kind,
                    "unit": instance.unit,
                    "is_active": instance.is_active,
                },
            )
        super().__init__(
            *args, user=user, model=Organization, action="change" if instance else "add", **kwargs
        )
        # an implementer is usually a university's social deputy or a Welfare office; an
        # organization of another kind (flagged from the registry) keeps its own kind
        kinds = [k for k in Organization.Kind if k in IMPLEMENTER_KINDS or (instance and k == instance.kind)]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["unit"].label = "حوزهٔ کار (استان یا شهرستان)"
