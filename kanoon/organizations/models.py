"""One registry of organizations: universities' social deputies, Welfare offices, NGOs,
charities, endowments, hospitals, government agencies by sector, municipalities, village
administrations, companies. Every app that names an organization points here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kanoon.core import scope
from kanoon.core.models import ScopedModel
from kanoon.core.text import normalize, search_key
from kanoon.core.validators import validate_mobile

from .validators import validate_legal_id

NO_NUL = ProhibitNullCharactersValidator(message="نویسهٔ تهی (NUL) پذیرفته نیست.")


class Kind(models.TextChoices):
    UNIVERSITY = "university", "معاونت اجتماعی دانشگاه علوم پزشکی"
    WELFARE = "welfare", "ادارهٔ بهزیستی"
    NGO = "ngo", "سازمان مردم‌نهاد (سمن)"
    CHARITY = "charity", "مؤسسهٔ خیریه"
    ENDOWMENT = "endowment", "موقوفه"
    HOSPITAL = "hospital", "بیمارستان"
    GOVERNMENT = "government", "دستگاه دولتی"
    MUNICIPALITY = "municipality", "شهرداری"
    VILLAGE_ADMIN = "village_admin", "دهیاری"
    COMPANY = "company", "شرکت"
    OTHER = "other", "سایر"


class Sector(models.TextChoices):
    """The sector of a government agency (the seats of a health assembly are by sector)."""

    EDUCATION = "education", "آموزش و پرورش"
    WELFARE = "welfare", "بهزیستی"
    LABOUR = "labour", "تعاون، کار و رفاه اجتماعی"
    HEALTH = "health", "بهداشت و درمان"
    POLICE = "police", "انتظامی"
    ENVIRONMENT = "environment", "حفاظت محیط زیست"
    MUNICIPALITY = "municipality", "شهرداری"
    VILLAGE_ADMIN = "village_admin", "دهیاری"
    INTERIOR = "interior", "استانداری و فرمانداری"
    RELIEF = "relief", "کمیتهٔ امداد"
    SPORTS = "sports", "ورزش و جوانان"
    CULTURE = "culture", "فرهنگ و ارشاد اسلامی"
    AGRICULTURE = "agriculture", "جهاد کشاورزی"
    JUDICIARY = "judiciary", "دادگستری"
    OTHER = "other", "سایر"


# roles that may register and edit organizations (within their subtree)
ORGANIZATION_WRITERS = scope.STAFF_ROLES


# the kinds an implementer of the program usually is
IMPLEMENTER_KINDS = (Kind.UNIVERSITY, Kind.WELFARE, Kind.OTHER)


class Organization(ScopedModel):
    """An organization working in a unit (a province, a county, a city...).

    Never deleted: `is_active=False` retires one. `national_id` is the legal national ID
    (شناسهٔ ملی), 11 ASCII digits with a valid check digit, unique when set.
    """

    Kind = Kind
    Sector = Sector

    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    sector = models.CharField(
        "بخش (برای دستگاه دولتی)", max_length=20, choices=Sector.choices, blank=True, default=""
    )
    name = models.CharField("نام", max_length=200, validators=[NO_NUL])
    name_key = models.CharField(max_length=210, db_index=True, editable=False, default="")
    unit = models.ForeignKey(
        "geo.Unit", verbose_name="محدودهٔ کار", on_delete=models.PROTECT, related_name="+"
    )
    national_id = models.CharField(
        "شناسهٔ ملی", max_length=11, blank=True, default="", validators=[validate_legal_id]
    )
    phone = models.CharField("تلفن", max_length=30, blank=True, default="", validators=[NO_NUL])
    mobile = models.CharField(
        "تلفن همراه", max_length=11, blank=True, default="", validators=[validate_mobile]
    )
    email = models.EmailField("رایانامه", blank=True, default="")
    address = models.TextField("نشانی", max_length=1000, blank=True, default="", validators=[NO_NUL])
    website = models.URLField("وبگاه", blank=True, default="")
    is_active = models.BooleanField("فعال", default=True)
    # an implementer of the program (مجری): its scorecard in monitoring compares the indicators
    # of its unit with that unit's targets
    is_implementer = models.BooleanField("مجری برنامه", default=False)
    history = HistoricalRecords(excluded_fields=["name_key", "created_at", "updated_at"])

    scope_rules = {"add": ORGANIZATION_WRITERS, "change": ORGANIZATION_WRITERS}

    class Meta:
        verbose_name = "سازمان"
        verbose_name_plural = "سازمان‌ها"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="organizations_name_unique_per_unit",
                violation_error_message="سازمانی با این نام در همین محدوده از قبل ثبت شده است.",
            ),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="organizations_national_id_unique",
                violation_error_message="سازمانی با این شناسهٔ ملی از قبل ثبت شده است.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:detail", args=[self.pk])

    def clean(self) -> None:
        self.name = normalize(self.name)
        errors = {}
        if self.kind == Kind.GOVERNMENT and not self.sector:
            errors["sector"] = "بخش دستگاه دولتی را انتخاب کنید."
        if self.kind != Kind.GOVERNMENT and self.sector:
            errors["sector"] = "بخش فقط برای دستگاه‌های دولتی است."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.name_key = search_key(self.name)
        super().save(*args, **kwargs)
