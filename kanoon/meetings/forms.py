"""Forms of the bodies and meetings pages (also used by the health assemblies' pages). Dates are
Jalali (either digit set); times are HH:MM."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kanoon.core.collation import persian
from kanoon.core.forms import BootstrapFormMixin, JalaliDateField
from kanoon.core.text import to_latin_digits
from kanoon.core.validators import normalize_national_code
from kanoon.geo.models import Unit
from kanoon.people.models import Person

from .kinds import body_kinds
from .models import Body, ResolutionStatus


class DigitsIntegerField(forms.IntegerField):
    """An integer typed in Persian, Arabic-Indic or Latin digits (with or without separators)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, str):
            value = to_latin_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


class BodyForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="نوع", choices=())
    unit = forms.ModelChoiceField(label="واحد", queryset=Unit.objects.none(), widget=forms.HiddenInput)
    name = forms.CharField(label="نام", max_length=200)
    description = forms.CharField(
        label="شرح و وظایف", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quorum_percent = DigitsIntegerField(
        label="حد نصاب (درصد، پیش‌فرض: بیش از نیمی از اعضا)", min_value=1, max_value=100, required=False
    )
    quorum_count = DigitsIntegerField(
        label="حد نصاب (تعداد ثابت، اختیاری)", min_value=1, max_value=500, required=False
    )

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = body_kinds.creatable()
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view")


class BodySettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "description", "quorum_percent", "quorum_count"]


class SeatForm(BootstrapFormMixin, forms.Form):
    """A seat of a catalog kind (health assemblies) or a member place in a group."""

    kind = forms.ChoiceField(label="عنوان کرسی", choices=(), required=False)
    group = forms.ChoiceField(label="گروه", choices=(), required=False)
    title = forms.CharField(label="توضیح", max_length=150, required=False)

    def __init__(self, *args, body=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        spec = body.spec
        if spec.seat_kinds:
            self.fields["kind"].choices = spec.seat_kinds
            self.fields["kind"].required = True
            del self.fields["group"]
        else:
            self.fields["group"].choices = spec.groups
            self.fields["group"].required = True
            del self.fields["kind"]


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
    organization = forms.ModelChoiceField(
        label="به نمایندگی از (سازمان، اختیاری)", queryset=None, required=False
    )
    start_date = JalaliDateField(label="آغاز دوره")
    end_date = JalaliDateField(label="پایان دوره", required=False)

    def __init__(self, *args, user=None, unit=None, **kwargs):  # type: ignore[no-untyped-def]
        from kanoon.organizations.models import Organization
        from kanoon.organizations.selectors import organizations_around

        super().__init__(*args, **kwargs)
        self.fields["person"].people = Person.objects.restrict(user, "view")
        self.fields["person"].widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})
        self.fields["organization"].queryset = (
            organizations_around(user, unit).order_by(persian("name"), "pk")
            if unit is not None
            else Organization.objects.none()
        )


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
    record_past = forms.BooleanField(
        label="ثبت جلسهٔ برگزارشده",
        required=False,
        help_text="فقط برای ثبت جلسه‌ای که پیش‌تر برگزار شده است؛ جلسهٔ تازه زمانی در آینده دارد.",
    )

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
            from .services import schedule_time_problem

            problems = schedule_time_problem(data["starts_at"], data.get("record_past", False))
            for name, message in problems.items():
                self.add_error("date" if name == "starts_at" else name, message)
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
