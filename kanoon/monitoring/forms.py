from __future__ import annotations

from django import forms

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

    def add_element_errors(self, errors: dict[str, list[str]]) -> None:
        by_code = {m.element.code: f"e_{m.element_id}" for m in self.members}
        for code, messages in errors.items():
            field = by_code.get(code)
            for message in messages:
                self.add_error(field, message)


def _plain(value) -> str:
    text = format(value.normalize(), "f")
    return text


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
