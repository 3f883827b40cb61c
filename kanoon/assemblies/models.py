"""Health Assemblies (مجامع سلامت): four levels, seats, meetings, problems and policies.

The levels follow the territory: a neighborhood assembly (held by a center) belongs to its
county's assembly, which belongs to its province's assembly, which belongs to the national
assembly; above it stands the Supreme Council of Health and Food Security. Problems move up
(referral) and policies move down (delivery); every step is kept.
"""

from __future__ import annotations

from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kanoon.core import jalali, scope
from kanoon.core.models import ScopedModel, TimeStampedModel
from kanoon.core.scope import ScopedManager
from kanoon.core.text import normalize
from kanoon.geo.models import Kind

# Seats and meetings live in the shared `meetings` app (tables kept); re-exported for old imports.
from kanoon.meetings.kinds import BodyKind
from kanoon.meetings.models import (  # noqa: F401
    CONTENT_RULES,
    EDITORS,
    AgendaItem,
    Attendance,
    Body,
    Invitation,
    Meeting,
    MeetingStatus,
    Resolution,
    ResolutionStatus,
    Seat,
    SeatTerm,
)


class Level(models.TextChoices):
    NEIGHBORHOOD = "neighborhood", "محله"
    COUNTY = "county", "شهرستان"
    PROVINCE = "province", "استان"
    NATIONAL = "national", "ملی"


LEVEL_UNIT_KINDS: dict[str, set[str]] = {
    Level.NEIGHBORHOOD: {Kind.NEIGHBORHOOD, Kind.VILLAGE},
    Level.COUNTY: {Kind.COUNTY},
    Level.PROVINCE: {Kind.PROVINCE},
    Level.NATIONAL: {Kind.COUNTRY},
}
PARENT_LEVEL: dict[str, str | None] = {
    Level.NEIGHBORHOOD: Level.COUNTY,
    Level.COUNTY: Level.PROVINCE,
    Level.PROVINCE: Level.NATIONAL,
    Level.NATIONAL: None,
}
LEVEL_UNIT_KIND = {Level.COUNTY: Kind.COUNTY, Level.PROVINCE: Kind.PROVINCE, Level.NATIONAL: Kind.COUNTRY}
POLICY_LEVELS = {Level.NATIONAL, Level.PROVINCE, Level.COUNTY}
# Days an assembly may hold a referred problem before it is overdue (override per assembly).
DEFAULT_TIME_LIMIT_DAYS = {Level.NEIGHBORHOOD: 30, Level.COUNTY: 45, Level.PROVINCE: 60, Level.NATIONAL: 90}
SUPREME_COUNCIL = "شورای عالی سلامت و امنیت غذایی"


def default_time_limit(level: str) -> int:
    overrides = getattr(settings, "KANOON_ASSEMBLY_TIME_LIMIT_DAYS", {}) or {}
    return int(overrides.get(level, DEFAULT_TIME_LIMIT_DAYS[level]))


def _any_path(field: str, paths: list[str]) -> Q:
    return reduce(lambda a, b: a | b, (Q(**{f"{field}__startswith": p}) for p in paths))


class Assembly(ScopedModel):
    """A health assembly (مجمع سلامت) at one level, hanging on its unit.

    A neighborhood assembly is held by a center (its unit is the center's neighborhood or
    village); the others sit on a county, a province or the country. `parent` is always the
    assembly of the next level up the territory (set by the services, never chosen by hand).
    Quorum: more than `quorum_percent` percent of the filled seats present (default: half).

    Its seats and meetings belong to its `body` (`meetings.Body`, kind "health_assembly"), which
    `save()` creates and keeps in step with the assembly's unit, name, quorum and active flag.
    """

    level = models.CharField("سطح", max_length=20, choices=Level.choices, db_index=True)
    unit = models.ForeignKey(
        "geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="assemblies"
    )
    center = models.ForeignKey(
        "centers.Center",
        verbose_name="کانون برگزارکننده",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assemblies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="مجمع بالادست",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("نام", max_length=200)
    quorum_percent = models.PositiveSmallIntegerField(
        "حد نصاب (درصد)",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="جلسه وقتی رسمی است که بیش از این درصد از اعضای دارای کرسی حاضر باشند.",
    )
    time_limit_days = models.PositiveSmallIntegerField(
        "مهلت رسیدگی به ارجاع (روز)", validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    is_active = models.BooleanField("فعال", default=True)
    body = models.OneToOneField(
        "meetings.Body",
        verbose_name="نهاد",
        on_delete=models.PROTECT,
        related_name="assembly",
        blank=True,
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    scope_path_field = "unit__path"
    scope_rules = {"add": scope.FIELD_ROLES, "change": EDITORS, "delete": scope.STAFF_ROLES}

    class Meta:
        verbose_name = "مجمع سلامت"
        verbose_name_plural = "مجامع سلامت"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(center__isnull=False),
                name="assemblies_one_assembly_per_center",
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=~Q(level="neighborhood"), name="assemblies_one_assembly_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def seats(self):  # type: ignore[no-untyped-def]
        """The seats of the assembly's body."""
        return self.body.seats

    @property
    def meetings(self):  # type: ignore[no-untyped-def]
        """The meetings of the assembly's body."""
        return self.body.meetings

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        """Create the body on first save; mirror unit, name, quorum and active flag into it."""
        body = self.body if self.body_id else Body(kind=BodyKind.HEALTH_ASSEMBLY)
        wanted = {
            "unit_id": self.unit_id,
            "name": self.name,
            "quorum_percent": self.quorum_percent,
            "is_active": self.is_active,
        }
        if body.pk is None or any(getattr(body, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(body, key, value)
            body.save()
        self.body = body
        super().save(*args, **kwargs)

    @property
    def level_rank(self) -> int:
        return list(Level.values).index(self.level)

    @property
    def can_issue_policies(self) -> bool:
        return self.level in POLICY_LEVELS

    def clean(self) -> None:
        self.name = normalize(self.name)
        if self.unit_id and self.unit.kind not in LEVEL_UNIT_KINDS.get(self.level, set()):
            raise ValidationError(
                {"unit": f"مجمع {self.get_level_display()} نمی‌تواند روی {self.unit.title} باشد."}
            )
        if self.level == Level.NEIGHBORHOOD:
            if self.center_id is None:
                raise ValidationError({"center": "مجمع سلامت محله را یک کانون سلامت محله برگزار می‌کند."})
            if self.unit_id and self.center.unit_id != self.unit_id:
                raise ValidationError({"center": "کانون باید در همین محله یا روستا باشد."})
        elif self.center_id is not None:
            raise ValidationError({"center": "فقط مجمع محله کانون برگزارکننده دارد."})
        if self.level != Level.NEIGHBORHOOD and self.unit_id:
            clash = Assembly.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"unit": f"برای {self.unit.title} از قبل مجمع سلامت ثبت شده است."})
        if self.center_id:
            clash = Assembly.objects.filter(center_id=self.center_id).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"center": "این کانون از قبل مجمع سلامت دارد."})


class SeatGroup(models.TextChoices):
    PEOPLE = "people", "نمایندگان مردمی"
    GOVERNMENT = "government", "نمایندگان دستگاه‌های دولتی"
    TRUSTEES = "trustees", "نمایندگان معتمدین و مراکز علمی"


class SeatKind(models.TextChoices):
    CENTER_SECRETARY = "center_secretary", "دبیر کانون سلامت محله"
    THEMATIC_GROUP_HEAD = "thematic_group_head", "مسئول گروه موضوعی"
    BOARD_HEAD = "board_head", "رئیس هیئت محلی"
    NGO = "ngo", "نمایندهٔ سمن"
    SPECIALIZED_CENTER = "specialized_center", "نمایندهٔ کانون اختصاصی (ورزش، کشاورزی…)"
    DONOR = "donor", "نمایندهٔ خیرین"
    BASIJ = "basij", "نمایندهٔ بسیج"
    EDUCATION = "education", "نمایندهٔ آموزش و پرورش"
    WELFARE = "welfare", "نمایندهٔ بهزیستی"
    LABOUR = "labour", "نمایندهٔ تعاون، کار و رفاه اجتماعی"
    HEALTH = "health", "نمایندهٔ بهداشت و درمان"
    POLICE = "police", "نمایندهٔ نیروی انتظامی"
    ENVIRONMENT = "environment", "نمایندهٔ محیط زیست"
    MUNICIPALITY = "municipality", "نمایندهٔ شهرداری"
    VILLAGE_ADMIN = "village_admin", "نمایندهٔ دهیاری"
    CLERGY = "clergy", "روحانی"
    LOCAL_TRUSTEE = "local_trustee", "معتمد محلی"
    PROFESSOR = "professor", "استاد دانشگاه"


SEAT_GROUP_OF: dict[str, str] = {
    **dict.fromkeys(
        [
            "center_secretary",
            "thematic_group_head",
            "board_head",
            "ngo",
            "specialized_center",
            "donor",
            "basij",
        ],
        SeatGroup.PEOPLE,
    ),
    **dict.fromkeys(
        [
            "education",
            "welfare",
            "labour",
            "health",
            "police",
            "environment",
            "municipality",
            "village_admin",
        ],
        SeatGroup.GOVERNMENT,
    ),
    **dict.fromkeys(["clergy", "local_trustee", "professor"], SeatGroup.TRUSTEES),
}


def validate_seat(seat) -> None:  # type: ignore[no-untyped-def]
    """A health assembly's seat rules beyond its catalog (registered with `meetings.kinds`)."""
    if seat.kind == SeatKind.VILLAGE_ADMIN and seat.body.unit.kind == Kind.NEIGHBORHOOD:
        raise ValidationError({"kind": "کرسی دهیاری برای مجمع روستا است، نه محلهٔ شهری."})


class Topic(models.TextChoices):
    ENVIRONMENT = "environment", "بهداشت محیط"
    NUTRITION = "nutrition", "تغذیه و امنیت غذایی"
    MENTAL = "mental", "سلامت روان"
    ADDICTION = "addiction", "اعتیاد و آسیب‌های اجتماعی"
    CHRONIC = "chronic", "بیماری‌های غیرواگیر"
    COMMUNICABLE = "communicable", "بیماری‌های واگیر"
    MOTHER_CHILD = "mother_child", "سلامت مادر و کودک"
    ELDERLY = "elderly", "سالمندان"
    LIFESTYLE = "lifestyle", "شیوهٔ زندگی و تحرک"
    SAFETY = "safety", "ایمنی و حوادث"
    ACCESS = "access", "دسترسی به خدمات"
    OTHER = "other", "سایر"


class ProblemSource(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", "نیازسنجی"
    MEETING = "meeting", "جلسهٔ مجمع"
    MEMBER = "member", "پیشنهاد عضو"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "در دست بررسی"
    REFERRED = "referred", "ارجاع‌شده، در انتظار تصمیم"
    ACCEPTED = "accepted", "پذیرفته‌شده"
    RETURNED = "returned", "بازگشت با راهنمایی"
    RESOLVED = "resolved", "حل‌شده"
    SENT_TO_COUNCIL = "sent_to_council", "ارسال به شورای عالی سلامت و امنیت غذایی"


ACTIVE_STATUSES = {ProblemStatus.OPEN, ProblemStatus.REFERRED, ProblemStatus.ACCEPTED, ProblemStatus.RETURNED}
CLOSED_STATUSES = {ProblemStatus.RESOLVED, ProblemStatus.SENT_TO_COUNCIL}


class Problem(ScopedModel):
    """A local health problem registered by an assembly and carried up until it is solved.

    `origin` is the assembly that registered it; `assembly` is where it sits now. The origin's
    users always see it (scope covers both), but only the holder's users act on it.
    `due_date` is set when it arrives by referral or return (the holder's time limit).
    """

    origin = models.ForeignKey(
        Assembly, verbose_name="مجمع ثبت‌کننده", on_delete=models.PROTECT, related_name="originated_problems"
    )
    assembly = models.ForeignKey(
        Assembly, verbose_name="مجمع فعلی", on_delete=models.PROTECT, related_name="problems"
    )
    title = models.CharField("عنوان", max_length=250)
    description = models.TextField("شرح")
    topic = models.CharField("موضوع", max_length=20, choices=Topic.choices, default=Topic.OTHER)
    affected_population = models.PositiveIntegerField("جمعیت درگیر (نفر)", null=True, blank=True)
    evidence = models.TextField("شواهد", blank=True, default="")
    source = models.CharField(
        "منبع", max_length=20, choices=ProblemSource.choices, default=ProblemSource.MEMBER
    )
    source_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="جلسه",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    submitted_by = models.ForeignKey(
        "people.Person",
        verbose_name="پیشنهاددهنده",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "وضعیت", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    arrived_on = models.DateField("تاریخ رسیدن به این سطح", default=jalali.today)
    due_date = models.DateField("مهلت رسیدگی", null=True, blank=True, db_index=True)
    score = models.DecimalField("امتیاز اولویت", max_digits=5, decimal_places=1, null=True, blank=True)
    resolution_actions = models.TextField("اقدامات انجام‌شده", blank=True, default="")
    outcome = models.TextField("نتیجه", blank=True, default="")
    closed_on = models.DateField("تاریخ بسته‌شدن", null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "overdue_notified_on"])

    scope_path_field = "assembly__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        verbose_name = "مسئله"
        verbose_name_plural = "مسائل"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def scope_filter(paths: list[str]) -> Q:
        """Where it sits now, or where it came from: the origin always follows its problem."""
        return _any_path("assembly__unit__path", paths) | _any_path("origin__unit__path", paths)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.due_date is not None and self.due_date < jalali.today()

    def clean(self) -> None:
        self.title = normalize(self.title)
        if not self.title:
            raise ValidationError({"title": "عنوان مسئله را وارد کنید."})
        if not (self.description or "").strip():
            raise ValidationError({"description": "شرح مسئله را وارد کنید."})


class StepAction(models.TextChoices):
    REGISTERED = "registered", "ثبت"
    REFERRED = "referred", "ارجاع به سطح بالاتر"
    ACCEPTED = "accepted", "پذیرش"
    RETURNED = "returned", "بازگشت با راهنمایی"
    RESOLVED = "resolved", "حل در همین سطح"
    SENT_TO_COUNCIL = "sent_to_council", "ارسال به شورای عالی سلامت و امنیت غذایی"


class ProblemStep(models.Model):
    """One step of a problem's trail: who did what, when, from where to where, and why."""

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField("اقدام", max_length=20, choices=StepAction.choices)
    from_assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("زمان", default=timezone.now)
    note = models.TextField("توضیح", blank=True, default="")

    class Meta:
        verbose_name = "گام پیگیری مسئله"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {jalali.format_datetime(self.at)}"


class Criterion(models.Model):
    """A criterion of an assembly's scoring matrix; `inverse` means a high value lowers priority
    (cost). Each assembly starts with the default five and can change weights or add its own."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField("معیار", max_length=100)
    weight = models.PositiveSmallIntegerField(
        "وزن", default=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    inverse = models.BooleanField("معکوس (مقدار بیشتر = اولویت کمتر)", default=False)
    order = models.PositiveSmallIntegerField(default=1)
    is_active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "معیار اولویت‌بندی"
        ordering = ["assembly_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "key"], name="assemblies_unique_criterion")
        ]

    def __str__(self) -> str:
        return self.name


DEFAULT_CRITERIA = [
    # key, name, weight, inverse
    ("magnitude", "بزرگی مشکل (شیوع)", 3, False),
    ("severity", "شدت مشکل", 3, False),
    ("concern", "حساسیت و نگرانی جامعه", 2, False),
    ("feasibility", "امکان‌پذیری مداخله", 2, False),
    ("cost", "هزینهٔ مداخله", 1, True),
]
SCORE_MIN, SCORE_MAX = 1, 5


class ProblemScore(models.Model):
    """The value (1–5) a problem got on one criterion of its holder's matrix."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["problem", "criterion"], name="assemblies_one_score")]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class ProblemVote(models.Model):
    """A seat holder's vote for a problem in an assembly's prioritization for one quarter."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="votes")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("دوره", max_length=7, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "assembly", "person", "period"], name="assemblies_one_vote"
            )
        ]

    def __str__(self) -> str:
        return f"رأی {self.person_id} به {self.problem_id} ({self.period})"


class Policy(TimeStampedModel):
    """A policy approved by a national, province or county assembly and delivered to every
    assembly below it; each acknowledges it and records its local adaptation."""

    issuer = models.ForeignKey(
        Assembly, verbose_name="مجمع تصویب‌کننده", on_delete=models.PROTECT, related_name="issued_policies"
    )
    title = models.CharField("عنوان", max_length=250)
    body = models.TextField("متن سیاست")
    number = models.CharField("شمارهٔ ابلاغ", max_length=50, blank=True, default="")
    approved_on = models.DateField("تاریخ تصویب", default=jalali.today)
    issued_at = models.DateTimeField("زمان ابلاغ", default=timezone.now)
    is_active = models.BooleanField("معتبر", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    objects = ScopedManager()
    scope_path_field = "issuer__unit__path"
    scope_rules = {"add": scope.STAFF_ROLES, "change": scope.STAFF_ROLES, "delete": scope.STAFF_ROLES}

    class Meta:
        verbose_name = "سیاست ابلاغی"
        verbose_name_plural = "سیاست‌های ابلاغی"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def scope_filter(paths: list[str]) -> Q:
        """Issued within the scope, or delivered to an assembly within it."""
        delivered = PolicyDelivery.objects.filter(_any_path("assembly__unit__path", paths)).values(
            "policy_id"
        )
        return _any_path("issuer__unit__path", paths) | Q(pk__in=delivered)

    def clean(self) -> None:
        self.title = normalize(self.title)
        if not self.title:
            raise ValidationError({"title": "عنوان سیاست را وارد کنید."})
        if not (self.body or "").strip():
            raise ValidationError({"body": "متن سیاست را وارد کنید."})
        if self.issuer_id and self.issuer.level not in POLICY_LEVELS:
            raise ValidationError({"issuer": "سیاست را مجمع ملی، استان یا شهرستان تصویب و ابلاغ می‌کند."})


class PolicyDelivery(models.Model):
    """A policy as received by one assembly below the issuer: acknowledged or still missing."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="deliveries")
    assembly = models.ForeignKey(Assembly, on_delete=models.PROTECT, related_name="policy_deliveries")
    delivered_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField("زمان وصول", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adaptation = models.TextField("تطبیق محلی", blank=True, default="")
    history = HistoricalRecords()

    objects = ScopedManager()
    scope_path_field = "assembly__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        verbose_name = "ابلاغ سیاست"
        ordering = ["assembly__unit__path"]
        constraints = [models.UniqueConstraint(fields=["policy", "assembly"], name="assemblies_one_delivery")]

    def __str__(self) -> str:
        return f"{self.policy_id} → {self.assembly_id}"


class NotificationKind(models.TextChoices):
    """The assemblies' notification kinds (registered with `kanoon.notifications` in ready())."""

    INVITATION = "invitation", "دعوت به جلسه"
    REFERRAL = "referral", "ارجاع مسئله"
    PROBLEM_STEP = "problem_step", "پیگیری مسئله"
    OVERDUE = "overdue", "تأخیر در رسیدگی"
    POLICY = "policy", "سیاست جدید"
