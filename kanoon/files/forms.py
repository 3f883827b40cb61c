from __future__ import annotations

from django import forms

from .models import Kind


class UploadForm(forms.Form):
    file = forms.FileField(
        label="فایل",
        error_messages={
            "required": "فایلی انتخاب نشده است.",
            "empty": "فایل خالی است.",
            "invalid": "فایل خوانده نشد.",
        },
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )
    kind = forms.ChoiceField(
        label="نوع", choices=(), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    label = forms.CharField(
        label="عنوان (اختیاری)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, kinds: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]
        self.fields["file"].max_length = None


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label="دلیل حذف",
        max_length=500,
        error_messages={"required": "دلیل حذف پیوست را بنویسید."},
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
