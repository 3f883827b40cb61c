from django import forms

from kanoon.core.forms import BootstrapFormMixin

from .models import ALLOWED_CHILDREN, USER_CREATED_KINDS, Kind


class UnitChildForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="نوع")
    name = forms.CharField(label="نام", max_length=150)

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [
            k
            for k in Kind.values
            if k in ALLOWED_CHILDREN.get(parent.kind, set()) and k in USER_CREATED_KINDS
        ]
        self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]


def _active_choice(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class UnitRenameForm(BootstrapFormMixin, forms.Form):
    """A zone or neighborhood's name and whether it is active (empty: unchanged)."""

    name = forms.CharField(label="نام", max_length=150)
    is_active = forms.TypedChoiceField(
        label="وضعیت",
        choices=[("1", "فعال"), ("0", "غیرفعال")],
        coerce=_active_choice,
        empty_value=None,
        required=False,
    )
