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


class UnitRenameForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="نام", max_length=150)
