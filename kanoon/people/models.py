"""People: one record per national code for the whole country (moved here from `centers`).

Scope: a person is visible to a user when the unit where they were registered
(`registered_unit`) is in the user's scope, or when another app links them to a unit in the
user's scope (`people.registry.links`: today a membership of a center in scope). The two are
different tiers (see `people.selectors.full_record_ids`): only a viewer whose scope covers the
registration unit (or the whole country) reads the full record; a viewer who sees the person
only through a link reads the card (national code, name, gender) and the linked rows.

The table keeps its old name (`centers_person`, `centers_historicalperson`): the move was a
state-only migration.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kanoon.core import jalali, scope
from kanoon.core.models import TimeStampedModel
from kanoon.core.scope import ScopedManager
from kanoon.core.text import is_blank_text, normalize, search_key
from kanoon.core.validators import (
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)

# Who may register and change people: field roles and a center secretary.
PERSON_WRITERS = scope.FIELD_ROLES | {scope.CENTER_SECRETARY}
# Disability is sensitive: staff (incl. welfare, for community-based rehabilitation) and the
# center secretary who organizes the members see it — at the person's registration unit.
DISABILITY_ROLES = scope.STAFF_ROLES | {scope.CENTER_SECRETARY}
SENSITIVE_FIELDS = ("has_disability", "disability")

# A small catalog offered as suggestions; any other skill may be typed (tags).
SKILL_CATALOG = (
    "آموزش و تسهیلگری",
    "کمک‌های اولیه",
    "پرستاری و مراقبت",
    "مشاوره",
    "تغذیه و آشپزی",
    "ورزش و مربیگری",
    "هنر و صنایع دستی",
    "رایانه و فضای مجازی",
    "عکاسی و رسانه",
    "حسابداری",
    "حقوقی",
    "رانندگی",
    "ترجمه و زبان",
    "کشاورزی",
    "تعمیرات و فنی",
)


class Gender(models.TextChoices):
    FEMALE = "female", "زن"
    MALE = "male", "مرد"


class Education(models.TextChoices):
    NONE = "none", "بی‌سواد یا کم‌سواد"
    PRIMARY = "primary", "ابتدایی"
    SECONDARY = "secondary", "سیکل"
    DIPLOMA = "diploma", "دیپلم"
    ASSOCIATE = "associate", "کاردانی"
    BACHELOR = "bachelor", "کارشناسی"
    MASTER = "master", "کارشناسی ارشد"
    DOCTORATE = "doctorate", "دکترا"


class Weekday(models.TextChoices):
    """Days of the Iranian week, Saturday first."""

    SAT = "sat", "شنبه"
    SUN = "sun", "یکشنبه"
    MON = "mon", "دوشنبه"
    TUE = "tue", "سه‌شنبه"
    WED = "wed", "چهارشنبه"
    THU = "thu", "پنجشنبه"
    FRI = "fri", "جمعه"


class DayPart(models.TextChoices):
    MORNING = "morning", "صبح"
    AFTERNOON = "afternoon", "عصر"
    EVENING = "evening", "شب"


WEEKDAY_ORDER = {code: i for i, code in enumerate(Weekday.values)}
DAYPART_ORDER = {code: i for i, code in enumerate(DayPart.values)}


class Person(TimeStampedModel):
    """A person, one record for the whole country, keyed by a valid national code (کد ملی).

    The national code is unique country-wide: a second record with the same code is refused,
    and bringing an existing person into a center links the existing record instead of copying
    it. `skills` are tags (suggested from `SKILL_CATALOG`); volunteer availability is structured
    (`available_days`, `available_parts`) plus a free note. `has_disability` and `disability` are
    sensitive (`kanoon.audit.sensitive`, roles `DISABILITY_ROLES` at the registration unit).
    """

    national_code = models.CharField(
        "کد ملی", max_length=10, unique=True, validators=[validate_national_code]
    )
    first_name = models.CharField("نام", max_length=100)
    last_name = models.CharField("نام خانوادگی", max_length=100)
    name_key = models.CharField(max_length=210, db_index=True, editable=False, default="")
    gender = models.CharField("جنسیت", max_length=6, choices=Gender.choices)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    mobile = models.CharField(
        "شمارهٔ همراه", max_length=11, blank=True, default="", validators=[validate_mobile]
    )
    education = models.CharField("تحصیلات", max_length=20, choices=Education.choices, blank=True, default="")
    occupation = models.CharField("شغل", max_length=150, blank=True, default="")
    skills = models.JSONField("مهارت‌ها", default=list, blank=True)
    available_days = models.JSONField("روزهای آمادگی داوطلبی", default=list, blank=True)
    available_parts = models.JSONField("ساعت‌های آمادگی داوطلبی", default=list, blank=True)
    availability_note = models.CharField("توضیح آمادگی داوطلبی", max_length=300, blank=True, default="")
    has_disability = models.BooleanField("دارای معلولیت", default=False)
    disability = models.CharField("نوع معلولیت", max_length=300, blank=True, default="")
    consent_on = models.DateField("تاریخ رضایت به استفاده از داده‌ها", null=True, blank=True)
    registered_unit = models.ForeignKey(
        "geo.Unit", verbose_name="واحد ثبت", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(
        excluded_fields=["name_key", "created_at", "updated_at"], table_name="centers_historicalperson"
    )

    objects = ScopedManager()
    scope_path_field = "registered_unit__path"
    scope_rules = {"add": PERSON_WRITERS, "change": PERSON_WRITERS}

    class Meta:
        db_table = "centers_person"
        verbose_name = "فرد"
        verbose_name_plural = "افراد"
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["registered_unit", "gender"], name="centers_per_registe_56ebc1_idx"),
            models.Index(fields=["last_name", "first_name", "id"], name="centers_person_order"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @staticmethod
    def scope_filter(paths: list[str]) -> Q:
        """Registered in scope, or linked to a unit in scope by another app — one UNION of
        indexed prefix queries (an OR across joins would scan every person)."""
        from django.db.models.expressions import RawSQL

        from .registry import links

        like = " OR ".join(["u.path LIKE %s"] * len(paths))
        params: list = [p + "%" for p in paths]
        parts = [
            f"SELECT p.id FROM {Person._meta.db_table} p JOIN geo_unit u ON u.id = p.registered_unit_id "
            f"WHERE ({like})"
        ]
        for link in links:
            sql, extra = link.person_ids_sql(paths)
            parts.append(sql)
            params = params + list(extra)
        return Q(pk__in=RawSQL(" UNION ".join(parts), params))

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age(self, on: dt.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        on = on or jalali.today()
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    def get_available_days_display(self) -> str:
        labels = dict(Weekday.choices)
        return "، ".join(str(labels[d]) for d in self.available_days or [] if d in labels)

    def get_available_parts_display(self) -> str:
        labels = dict(DayPart.choices)
        return "، ".join(str(labels[d]) for d in self.available_parts or [] if d in labels)

    def clean(self) -> None:
        self.national_code = normalize_national_code(self.national_code)
        self.first_name = normalize(self.first_name)
        self.last_name = normalize(self.last_name)
        self.mobile = normalize_mobile(self.mobile) if self.mobile else ""
        self.availability_note = normalize(self.availability_note or "")
        blank = {}
        if is_blank_text(self.first_name):
            blank["first_name"] = "نام را وارد کنید؛ نام نمی‌تواند فقط نویسه‌های نامرئی یا فاصله باشد."
        if is_blank_text(self.last_name):
            blank["last_name"] = "نام خانوادگی را وارد کنید؛ نمی‌تواند فقط نویسه‌های نامرئی یا فاصله باشد."
        if blank:
            raise ValidationError(blank)
        if self.birth_date and self.birth_date > jalali.today():
            raise ValidationError({"birth_date": "تاریخ تولد نمی‌تواند در آینده باشد."})
        if self.birth_date and self.birth_date < dt.date(1900, 1, 1):
            raise ValidationError({"birth_date": "تاریخ تولد نامعتبر است."})
        if not self.has_disability:
            self.disability = ""
        skills = sorted(
            {normalize(str(s)) for s in (self.skills or []) if not is_blank_text(normalize(str(s)))}
        )
        if len(skills) > 30 or any(len(s) > 100 for s in skills):
            raise ValidationError({"skills": "حداکثر ۳۰ مهارت، هر یک تا ۱۰۰ نویسه."})
        self.skills = skills
        errors = {}
        for name, order, label in (
            ("available_days", WEEKDAY_ORDER, "روز"),
            ("available_parts", DAYPART_ORDER, "بخش روز"),
        ):
            values = getattr(self, name) or []
            if not isinstance(values, list) or any(v not in order for v in values):
                errors[name] = f"{label} نامعتبر است."
            else:
                setattr(self, name, sorted(set(values), key=order.__getitem__))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.national_code = normalize_national_code(self.national_code)
        self.mobile = normalize_mobile(self.mobile) if self.mobile else ""
        self.name_key = search_key(f"{self.first_name} {self.last_name}")
        super().save(*args, **kwargs)
