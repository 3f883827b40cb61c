"""Filter pieces shared by every app's filtersets."""

from django import forms
from django_filters import NumberFilter

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    default_error_messages = {"invalid": "شناسه باید یک عدد صحیح باشد."}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(NumberFilter):
    """A record id: a positive 64-bit integer, or a Persian 400 (same answer on every database)."""

    field_class = IdField
