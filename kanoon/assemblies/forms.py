"""Forms of the assemblies pages. Dates are Jalali (either digit set); times are HH:MM."""

from __future__ import annotations

from django import forms

from kanoon.centers.models import Center, Person
from kanoon.core import jalali
from kanoon.core.collation import persian
from kanoon.core.forms import BootstrapFormMixin, JalaliDateField
from kanoon.geo.models import Unit
from kanoon.meetings.forms import (  # noqa: F401 (the assemblies pages use the shared forms)
    DigitsIntegerField,
    MeetingForm,
    MinutesForm,
    PersonByCodeField,
    ResolutionForm,
    ResolutionStatusForm,
    SeatAssignForm,
    TermEndForm,
)

from .models import (
    Assembly,
    Level,
    ProblemSource,
    SeatKind,
    Topic,
)


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
            .order_by(persian("name"), "pk")
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
            Meeting.objects.filter(body_id=assembly.body_id).order_by("-starts_at")
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
