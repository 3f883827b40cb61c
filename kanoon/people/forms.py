"""The person form: the record's own fields, skills (tags) and volunteer availability."""

from __future__ import annotations

from django import forms

from kanoon.core.forms import BirthDateField, BootstrapFormMixin, JalaliDateField, PersianDigitsCharField

from .models import DayPart, Education, Gender, Weekday


class PersonForm(BootstrapFormMixin, forms.Form):
    first_name = forms.CharField(label="نام", max_length=100)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100)
    gender = forms.ChoiceField(label="جنسیت", choices=Gender.choices)
    birth_date = BirthDateField(label="تاریخ تولد", required=False)
    mobile = PersianDigitsCharField(label="شماره همراه", max_length=20, required=False)
    education = forms.ChoiceField(label="تحصیلات", choices=[("", "—"), *Education.choices], required=False)
    occupation = forms.CharField(label="شغل", max_length=150, required=False)
    skills = forms.CharField(
        label="مهارت‌ها",
        required=False,
        max_length=2000,
        help_text="با ویرگول جدا کنید؛ از فهرست پیشنهادی یا هر مهارت دیگر.",
        widget=forms.TextInput(attrs={"list": "skill-catalog"}),
    )
    available_days = forms.MultipleChoiceField(
        label="روزهای آمادگی داوطلبی",
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_parts = forms.MultipleChoiceField(
        label="ساعت‌های آمادگی",
        choices=DayPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_note = forms.CharField(
        label="توضیح آمادگی (مثلاً «پنجشنبه‌ها از ۹ تا ۱۲»)", max_length=300, required=False
    )
    consent_on = JalaliDateField(label="تاریخ رضایت به استفاده از داده‌ها", required=False)
    has_disability = forms.BooleanField(label="دارای معلولیت", required=False)
    disability = forms.CharField(label="نوع معلولیت", max_length=300, required=False)

    def __init__(self, *args, show_disability: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in ("available_days", "available_parts"):
            self.fields[name].widget.attrs.pop("class", None)
        if not show_disability:
            del self.fields["has_disability"]
            del self.fields["disability"]

    def cleaned_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["skills"] = [
            s.strip() for s in (data.get("skills") or "").replace("،", ",").split(",") if s.strip()
        ]
        data["mobile"] = data.get("mobile") or ""
        return data
