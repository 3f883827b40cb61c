"""Forms of the centers pages. Dates are Jalali (JalaliDateField), digits either set."""

from __future__ import annotations

from django import forms

from kanoon.accounts.models import User
from kanoon.core import scope
from kanoon.core.collation import persian
from kanoon.core.forms import BirthDateField, BootstrapFormMixin, JalaliDateField, PersianDigitsCharField
from kanoon.core.validators import normalize_national_code, validate_national_code
from kanoon.geo.models import Unit

from .models import (
    CENTER_UNIT_KINDS,
    Center,
    CenterKind,
    CenterStatus,
    Education,
    Gender,
    GroupTopic,
    MembershipKind,
    Person,
    VenueKind,
)


class CenterForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="نام کانون", max_length=200)
    unit = forms.ModelChoiceField(
        label="محله یا روستا", queryset=Unit.objects.none(), widget=forms.HiddenInput, required=True
    )
    kind = forms.ChoiceField(label="نوع کانون", choices=CenterKind.choices, initial=CenterKind.NEIGHBORHOOD)
    founded_on = JalaliDateField(label="تاریخ تشکیل", required=False)
    venue_kind = forms.ChoiceField(
        label="نوع محل استقرار", choices=[("", "—"), *VenueKind.choices], required=False
    )
    venue_name = forms.CharField(label="نام محل استقرار", max_length=200, required=False)
    address = forms.CharField(label="نشانی", max_length=500, required=False)
    phone = PersianDigitsCharField(label="تلفن", max_length=20, required=False)
    latitude = forms.DecimalField(label="عرض جغرافیایی", max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label="طول جغرافیایی", max_digits=9, decimal_places=6, required=False)
    opening_date = JalaliDateField(label="تاریخ افتتاحیه", required=False)
    logo = forms.ImageField(label="نشان (لوگو)", required=False)
    public_description = forms.CharField(
        label="معرفی و فعالیت‌های عمومی", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    how_to_join = forms.CharField(
        label="چگونه عضو شویم", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    is_public = forms.BooleanField(label="نمایش در صفحهٔ عمومی", required=False, initial=True)
    facilitators = forms.ModelMultipleChoiceField(
        label="تسهیلگران",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, user, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators_for(user)
        self.fields["facilitators"].label_from_instance = lambda u: u.display_name
        self.fields["unit"].queryset = Unit.objects.restrict(user, "view").filter(kind__in=CENTER_UNIT_KINDS)
        self.fields["unit"].error_messages["invalid_choice"] = "محله یا روستایی در محدودهٔ شما انتخاب کنید."
        self.fields["unit"].error_messages["required"] = "محله یا روستا را انتخاب کنید."

    @classmethod
    def initial_from(cls, center: Center) -> dict:
        skip = {"logo", "facilitators", "unit"}
        data = {name: getattr(center, name) for name in cls.base_fields if name not in skip}
        return data | {
            "unit": center.unit_id,
            "facilitators": list(center.facilitators.values_list("pk", flat=True)),
        }


def facilitators_for(user):  # type: ignore[no-untyped-def]
    """Users holding an active facilitator role within the user's scope."""
    from django.db.models import Q

    qs = User.objects.filter(
        is_active=True, assignments__role=scope.FACILITATOR, assignments__is_active=True
    ).order_by(persian("last_name"), persian("first_name"), "username")
    paths = scope.scope_paths(user, Center, "view")
    if paths is None:
        return qs.distinct()
    if not paths:
        return qs.none()
    q = Q()
    for p in paths:
        q |= Q(assignments__unit__path__startswith=p)
    return qs.filter(q).distinct()


class CenterStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label="وضعیت تازه")
    on = JalaliDateField(label="تاریخ", required=False)
    reason = forms.CharField(label="دلیل", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, center: Center, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, CenterStatus(s).label) for s in center.allowed_statuses()]


class NationalCodeField(PersianDigitsCharField):
    def clean(self, value):  # type: ignore[no-untyped-def]
        value = normalize_national_code(super().clean(value) or "")
        validate_national_code(value)
        return value


class PersonFieldsMixin(forms.Form):
    first_name = forms.CharField(label="نام", max_length=100, required=False)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100, required=False)
    gender = forms.ChoiceField(label="جنسیت", choices=[("", "—"), *Gender.choices], required=False)
    birth_date = BirthDateField(label="تاریخ تولد", required=False)
    mobile = PersianDigitsCharField(label="شماره همراه", max_length=20, required=False)


class MemberAddForm(BootstrapFormMixin, PersonFieldsMixin):
    """Add a member by national code; the person's fields are needed only for a new person."""

    national_code = NationalCodeField(label="کد ملی", max_length=14)
    kind = forms.ChoiceField(label="نوع عضویت", choices=MembershipKind.choices)
    joined_on = JalaliDateField(label="تاریخ عضویت", required=False)
    education = forms.ChoiceField(label="تحصیلات", choices=[("", "—"), *Education.choices], required=False)
    occupation = forms.CharField(label="شغل", max_length=150, required=False)
    skills = forms.CharField(label="مهارت‌ها (با ویرگول جدا کنید)", required=False)

    field_order = [
        "national_code",
        "first_name",
        "last_name",
        "gender",
        "birth_date",
        "mobile",
        "kind",
        "joined_on",
    ]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        self.known_person: Person | None = None

    def clean(self):  # type: ignore[no-untyped-def]
        """Name and gender may be left out only for a person the user can already see; for any
        other code they are required, whether or not the code is on file elsewhere (the form
        must not tell the two apart)."""
        data = super().clean()
        code = data.get("national_code")
        if code:
            self.known_person = (
                Person.objects.restrict(self.user, "view").filter(national_code=code).first()
                if self.user is not None
                else None
            )
            if self.known_person is None:
                for name in ("first_name", "last_name", "gender"):
                    if not data.get(name):
                        self.add_error(name, "این مورد لازم است.")
        return data

    def person_fields(self) -> dict:
        d = self.cleaned_data
        skills = [s.strip() for s in (d.get("skills") or "").replace("،", ",").split(",") if s.strip()]
        return {
            "first_name": d["first_name"],
            "last_name": d["last_name"],
            "gender": d["gender"],
            "birth_date": d.get("birth_date"),
            "mobile": d.get("mobile") or "",
            "education": d.get("education") or "",
            "occupation": d.get("occupation") or "",
            "skills": skills,
        }


class PersonForm(BootstrapFormMixin, forms.Form):
    first_name = forms.CharField(label="نام", max_length=100)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100)
    gender = forms.ChoiceField(label="جنسیت", choices=Gender.choices)
    birth_date = BirthDateField(label="تاریخ تولد", required=False)
    mobile = PersianDigitsCharField(label="شماره همراه", max_length=20, required=False)
    education = forms.ChoiceField(label="تحصیلات", choices=[("", "—"), *Education.choices], required=False)
    occupation = forms.CharField(label="شغل", max_length=150, required=False)
    skills = forms.CharField(label="مهارت‌ها (با ویرگول جدا کنید)", required=False)
    consent_on = JalaliDateField(label="تاریخ رضایت به استفاده از داده‌ها", required=False)
    has_disability = forms.BooleanField(label="دارای معلولیت", required=False)
    disability = forms.CharField(label="نوع معلولیت", max_length=300, required=False)

    def __init__(self, *args, show_disability: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
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


class GroupForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="نام گروه", max_length=200)
    topic = forms.ChoiceField(label="موضوع", choices=GroupTopic.choices)
    head = forms.ModelChoiceField(label="مسئول گروه", queryset=Person.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(
        label="اعضا",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    formed_on = JalaliDateField(label="تاریخ تشکیل", required=False)

    def __init__(self, *args, people, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = people
        self.fields["members"].queryset = people
        self.fields["head"].label_from_instance = lambda p: p.full_name
        self.fields["members"].label_from_instance = lambda p: p.full_name


class ElectionForm(BootstrapFormMixin, forms.Form):
    held_on = JalaliDateField(label="تاریخ برگزاری")
    voters = forms.IntegerField(label="تعداد رأی‌دهندگان", min_value=1)
    term_months = forms.IntegerField(label="مدت دوره (ماه)", min_value=1, max_value=120, initial=24)
    observers = forms.CharField(label="ناظران", max_length=500, required=False)
    note = forms.CharField(label="یادداشت", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CandidateForm(BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="نامزد", queryset=Person.objects.none(), required=False)
    office = forms.ChoiceField(label="سمت", choices=[("secretary", "دبیر"), ("deputy", "جانشین")])
    votes = forms.IntegerField(label="آرا", min_value=0, required=False)

    def __init__(self, *args, people=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
            self.fields["person"].label_from_instance = lambda p: p.full_name


class ActionDoneForm(BootstrapFormMixin, forms.Form):
    done_on = JalaliDateField(label="تاریخ انجام")
    note = forms.CharField(label="یادداشت", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    file = forms.FileField(label="مستند (اختیاری)", required=False)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="فایل اعضا (Excel یا CSV)")

    def clean_file(self):  # type: ignore[no-untyped-def]
        """Cheap checks on the bytes, before anything is stored or parsed: the size, what the file
        really is (zip magic, not its name), and for a workbook its zip directory and declared
        dimension (`importer.check_xlsx`). The full scan runs with the import itself."""
        from . import importer

        f = self.cleaned_data["file"]
        if f.size > importer.MAX_FILE_BYTES:
            raise forms.ValidationError("حجم فایل نباید از ۲۰ مگابایت بیشتر باشد.")
        try:
            f.seek(0)
            if importer.sniff(f) == "xlsx":
                importer.check_xlsx(f, deep=False)
            else:
                if f.size > importer.MAX_CSV_BYTES:
                    raise importer.ImportFileError("فایل CSV حداکثر ۱۰ مگابایت می‌تواند باشد.")
                importer.check_csv_head(f.read(64 * 1024))
        except importer.ImportFileError as exc:
            raise forms.ValidationError(str(exc))
        finally:
            f.seek(0)
        return f


class SignupForm(BootstrapFormMixin, forms.Form):
    """The public volunteer sign-up on a center's page."""

    national_code = NationalCodeField(label="کد ملی", max_length=14)
    first_name = forms.CharField(label="نام", max_length=100)
    last_name = forms.CharField(label="نام خانوادگی", max_length=100)
    gender = forms.ChoiceField(label="جنسیت", choices=[("", "—"), *Gender.choices])
    mobile = PersianDigitsCharField(label="شماره همراه", max_length=20)
    birth_date = BirthDateField(label="تاریخ تولد", required=False)
    note = forms.CharField(
        label="در چه زمینه‌ای می‌خواهید کمک کنید؟", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    consent = forms.BooleanField(
        label="با ثبت و استفادهٔ کانون از اطلاعاتم برای کارهای کانون موافقم.",
        error_messages={"required": "برای ثبت‌نام، رضایت لازم است."},
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot

    def clean_mobile(self):  # type: ignore[no-untyped-def]
        from kanoon.core.validators import normalize_mobile, validate_mobile

        value = self.cleaned_data["mobile"]
        validate_mobile(value)
        return normalize_mobile(value)


class FinderForm(BootstrapFormMixin, forms.Form):
    province = forms.ModelChoiceField(
        label="استان", queryset=Unit.objects.none(), required=False, empty_label="همهٔ استان‌ها"
    )
    county = forms.ModelChoiceField(
        label="شهرستان", queryset=Unit.objects.none(), required=False, empty_label="همهٔ شهرستان‌ها"
    )
    q = forms.CharField(label="نام کانون یا محله", required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Unit.objects.filter(kind="province", is_active=True).order_by(
            persian("name"), "pk"
        )
        province_id = self.data.get("province") if self.is_bound else None
        counties = Unit.objects.none()
        if province_id and str(province_id).isdigit():
            province = Unit.objects.filter(pk=province_id, kind="province").first()
            if province:
                counties = Unit.objects.filter(parent=province, kind="county").order_by(persian("name"), "pk")
        self.fields["county"].queryset = counties
