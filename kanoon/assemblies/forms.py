"""Forms of the assemblies pages. Dates are Jalali (either digit set); times are HH:MM."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kanoon.centers.models import Center, Person
from kanoon.core import jalali
from kanoon.core.forms import BootstrapFormMixin, JalaliDateField
from kanoon.core.text import to_latin_digits
from kanoon.core.validators import normalize_national_code
from kanoon.geo.models import Unit

from .models import (
    Assembly,
    Level,
    ProblemSource,
    ResolutionStatus,
    SeatKind,
    Topic,
)


class DigitsIntegerField(forms.IntegerField):
    """An integer typed in Persian, Arabic-Indic or Latin digits (with or without separators)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            value = to_latin_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


class AssemblyCreateForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label="سطح", choices=Level.choices)
    center = forms.ModelChoiceField(
        label="کانون برگزارکننده (برای مجمع محله)", queryset=Center.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label="واحد (شهرستان، استان یا کشور)",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    name = forms.CharField(label="نام (خالی: خودکار)", max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = (
            Center.objects.restrict(user, "view")
            .filter(assemblies__isnull=True)
            .select_related("unit")
            .order_by("name")
        )
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view").filter(
            kind__in=["county", "province", "country"]
        )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("level") == Level.NEIGHBORHOOD:
            if not data.get("center"):
                self.add_error("center", "کانون برگزارکننده را انتخاب کنید.")
            else:
                data["unit"] = data["center"].unit
        elif not data.get("unit"):
            self.add_error("unit", "واحد را از جستجو انتخاب کنید.")
        return data


class AssemblySettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Assembly
        fields = ["name", "quorum_percent", "time_limit_days"]


class SeatForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="عنوان کرسی", choices=SeatKind.choices)
    title = forms.CharField(label="توضیح", max_length=150, required=False)


class PersonByCodeField(forms.CharField):
    """A national code that must belong to a person the user can see."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("label", "کد ملی فرد")
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)
        self.people = Person.objects.none()

    def clean(self, value):  # type: ignore[no-untyped-def]
        value = super().clean(value)
        if not value:
            return None
        code = normalize_national_code(to_latin_digits(value))
        person = self.people.filter(national_code=code).first()
        if person is None:
            raise forms.ValidationError(
                "فردی با این کد ملی در محدودهٔ شما ثبت نشده است؛ ابتدا او را در کانون ثبت کنید."
            )
        return person


class SeatAssignForm(BootstrapFormMixin, forms.Form):
    person = PersonByCodeField()
    start_date = JalaliDateField(label="آغاز دوره")
    end_date = JalaliDateField(label="پایان دوره", required=False)

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["person"].people = Person.objects.restrict(user, "view")
        self.fields["person"].widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})


class TermEndForm(BootstrapFormMixin, forms.Form):
    ended_on = JalaliDateField(label="تاریخ پایان")
    reason = forms.CharField(label="دلیل", max_length=200, required=False)


class MeetingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="عنوان", max_length=200)
    date = JalaliDateField(label="تاریخ")
    time = forms.CharField(
        label="ساعت", max_length=5, widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "۱۷:۰۰"})
    )
    place = forms.CharField(label="مکان", max_length=250, required=False)
    online_link = forms.URLField(label="پیوند جلسهٔ برخط", required=False, assume_scheme="https")
    agenda = forms.CharField(
        label="دستور جلسه (هر بند در یک سطر)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    quorum_percent = DigitsIntegerField(label="حد نصاب (درصد)", min_value=1, max_value=100)

    def clean_time(self) -> dt.time:
        text = to_latin_digits(self.cleaned_data["time"]).strip()
        try:
            return dt.datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise forms.ValidationError("ساعت را به شکل ۱۷:۳۰ وارد کنید.")

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("date") and data.get("time"):
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]))
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", "مکان جلسه یا پیوند جلسهٔ برخط را وارد کنید.")
        return data

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class MinutesForm(BootstrapFormMixin, forms.Form):
    minutes = forms.CharField(label="متن صورت‌جلسه", widget=forms.Textarea(attrs={"rows": 8}))


class ResolutionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="متن مصوبه", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="مسئول اجرا", max_length=200)
    due_date = JalaliDateField(label="مهلت اجرا")


class ResolutionStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label="وضعیت", choices=ResolutionStatus.choices)
    note = forms.CharField(label="توضیح", max_length=300, required=False)


class ProblemForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="عنوان مسئله", max_length=250)
    description = forms.CharField(label="شرح", widget=forms.Textarea(attrs={"rows": 4}))
    topic = forms.ChoiceField(label="موضوع", choices=Topic.choices)
    affected_population = DigitsIntegerField(label="جمعیت درگیر (نفر)", min_value=0, required=False)
    evidence = forms.CharField(
        label="شواهد (آمار، گزارش، مشاهده)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.ChoiceField(label="منبع", choices=ProblemSource.choices)
    source_meeting = forms.ModelChoiceField(
        label="جلسه‌ای که مسئله در آن مطرح شد", queryset=None, required=False
    )
    submitted_by = PersonByCodeField(label="کد ملی عضو پیشنهاددهنده", required=False)

    def __init__(self, *args, assembly=None, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from .models import Meeting

        self.fields["source_meeting"].queryset = (
            Meeting.objects.filter(assembly=assembly).order_by("-starts_at")
            if assembly
            else Meeting.objects.none()
        )
        self.fields["submitted_by"].people = Person.objects.restrict(user, "view")
        self.fields["submitted_by"].widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})


class ReferForm(BootstrapFormMixin, forms.Form):
    justification = forms.CharField(label="دلیل ارجاع", widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label="یادداشت", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(BootstrapFormMixin, forms.Form):
    guidance = forms.CharField(
        label="راهنمایی برای مجمع ارجاع‌دهنده", widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(BootstrapFormMixin, forms.Form):
    actions = forms.CharField(label="اقدامات انجام‌شده", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label="نتیجه", widget=forms.Textarea(attrs={"rows": 2}))
    resolved_on = JalaliDateField(label="تاریخ حل", required=False)


class PolicyForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="عنوان سیاست", max_length=250)
    number = forms.CharField(label="شمارهٔ ابلاغ", max_length=50, required=False)
    approved_on = JalaliDateField(label="تاریخ تصویب", initial=jalali.today)
    body = forms.CharField(label="متن سیاست", widget=forms.Textarea(attrs={"rows": 8}))


class AcknowledgeForm(BootstrapFormMixin, forms.Form):
    adaptation = forms.CharField(
        label="تطبیق محلی (چگونه در این سطح اجرا می‌شود)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CriterionForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="نام معیار", max_length=100)
    weight = forms.IntegerField(label="وزن", min_value=0, max_value=10, initial=1)
    inverse = forms.BooleanField(label="معکوس (مقدار بیشتر = اولویت کمتر، مانند هزینه)", required=False)
