"""Neighborhood Health Centers (کانون سلامت محله): centers, people, memberships, thematic groups,
elections and office holders, and the 4-phase / 12-strategy establishment tracker. People
(`Person`) live in `kanoon.people`; a membership makes a person visible to the center's scope
(registered in `centers/people.py`).

Scoping: a center hangs on the unit it serves (`unit__path`); everything that belongs to a
center (memberships, groups, elections, establishment records) reaches the unit through the
center.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kanoon.core import jalali, scope
from kanoon.core.models import ScopedModel, TimeStampedModel
from kanoon.core.ranges import check_founding_date
from kanoon.core.scope import ScopedManager
from kanoon.core.text import is_blank_text, normalize, search_key
from kanoon.people.models import DISABILITY_ROLES, Education, Gender, Person  # noqa: F401 (re-exported)

# Who may write what. A center secretary (held at the center's neighborhood or village) runs
# the center's own records: members, groups, elections and establishment progress.
CENTER_WRITERS = scope.FIELD_ROLES | {scope.CENTER_SECRETARY}


# --------------------------------------------------------------------------------------
# Centers
# --------------------------------------------------------------------------------------


class CenterKind(models.TextChoices):
    NEIGHBORHOOD = "neighborhood", "کانون سلامت محله"
    SPORTS = "sports", "کانون ورزش"
    AGRICULTURE = "agriculture", "کانون کشاورزی"
    OTHER = "other", "کانون اختصاصی دیگر"


class VenueKind(models.TextChoices):
    MOSQUE = "mosque", "مسجد یا مکان مذهبی"
    SCHOOL = "school", "مدرسه"
    HEALTH_HOUSE = "health_house", "خانهٔ بهداشت یا پایگاه سلامت"
    MUNICIPAL = "municipal", "ساختمان شهرداری یا فرهنگسرا"
    OTHER = "other", "سایر"


class CenterStatus(models.TextChoices):
    PROPOSED = "proposed", "پیشنهادی"
    ESTABLISHING = "establishing", "در حال راه‌اندازی"
    ACTIVE = "active", "فعال"
    SUSPENDED = "suspended", "تعلیق‌شده"
    CLOSED = "closed", "بسته‌شده"


# The allowed moves between statuses. A closed center keeps all its records and may reopen
# only through a new "establishing" step taken by staff.
TRANSITIONS: dict[str, set[str]] = {
    CenterStatus.PROPOSED: {CenterStatus.ESTABLISHING, CenterStatus.CLOSED},
    CenterStatus.ESTABLISHING: {CenterStatus.ACTIVE, CenterStatus.SUSPENDED, CenterStatus.CLOSED},
    CenterStatus.ACTIVE: {CenterStatus.SUSPENDED, CenterStatus.CLOSED},
    CenterStatus.SUSPENDED: {CenterStatus.ACTIVE, CenterStatus.ESTABLISHING, CenterStatus.CLOSED},
    CenterStatus.CLOSED: {CenterStatus.ESTABLISHING},
}

CENTER_UNIT_KINDS = {"neighborhood", "village"}


def logo_path(instance: Center, filename: str) -> str:
    return f"centers/logos/{instance.unit_id}/{filename}"


class Center(ScopedModel):
    """A Neighborhood Health Center (کانون سلامت محله), or a specialized local center, serving
    one neighborhood or village.

    Its `status` moves along `TRANSITIONS`; every move is a `CenterStatusChange` (dated, with a
    reason and the user). `phase`, `progress` and `last_progress_on` are kept up to date from
    its `CenterAction` records by `services.establishment_refresh` (so lists need no joins).
    Centers are never deleted: they are closed.
    """

    name = models.CharField("نام کانون", max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    unit = models.ForeignKey(
        "geo.Unit", verbose_name="محله یا روستا", on_delete=models.PROTECT, related_name="centers"
    )
    kind = models.CharField(
        "نوع کانون", max_length=20, choices=CenterKind.choices, default=CenterKind.NEIGHBORHOOD
    )
    status = models.CharField(
        "وضعیت", max_length=20, choices=CenterStatus.choices, default=CenterStatus.PROPOSED, db_index=True
    )
    status_changed_on = models.DateField("تاریخ آخرین تغییر وضعیت", null=True, blank=True)
    founded_on = models.DateField("تاریخ تشکیل", null=True, blank=True, db_index=True)
    venue_kind = models.CharField(
        "نوع محل استقرار", max_length=20, choices=VenueKind.choices, blank=True, default=""
    )
    venue_name = models.CharField("نام محل استقرار", max_length=200, blank=True, default="")
    address = models.CharField("نشانی", max_length=500, blank=True, default="")
    latitude = models.DecimalField("عرض جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("طول جغرافیایی", max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField("تلفن", max_length=20, blank=True, default="")
    logo = models.ImageField("نشان (لوگو)", upload_to=logo_path, blank=True)
    opening_date = models.DateField("تاریخ افتتاحیه", null=True, blank=True)
    public_description = models.TextField("معرفی و فعالیت‌های عمومی", blank=True, default="")
    how_to_join = models.TextField("چگونه عضو شویم", blank=True, default="")
    is_public = models.BooleanField("نمایش در صفحهٔ عمومی", default=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="تسهیلگران", blank=True, related_name="facilitated_centers"
    )
    phase = models.PositiveSmallIntegerField("مرحلهٔ استقرار", default=1, db_index=True)
    progress = models.PositiveSmallIntegerField("درصد پیشرفت استقرار", default=0)
    last_progress_on = models.DateField("آخرین پیشرفت", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["name_key", "created_at", "updated_at"])

    objects = ScopedManager()
    scope_path_field = "unit__path"
    scope_rules = {"add": scope.FIELD_ROLES, "change": CENTER_WRITERS, "delete": scope.STAFF_ROLES}

    class Meta:
        verbose_name = "کانون سلامت"
        verbose_name_plural = "کانون‌های سلامت"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="centers_center_unique_name_in_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["status", "last_progress_on"]),
            models.Index(fields=["name", "id"], name="centers_center_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = normalize(self.name)
        if is_blank_text(self.name):
            raise ValidationError({"name": "نام کانون را وارد کنید."})
        for name, label in (("founded_on", "تاریخ تشکیل"), ("opening_date", "تاریخ افتتاحیه")):
            try:
                check_founding_date(getattr(self, name), label)
            except ValidationError as exc:
                raise ValidationError({name: exc.messages})
        if self.unit_id and self.unit.kind not in CENTER_UNIT_KINDS:
            raise ValidationError(
                {"unit": "کانون سلامت در یک محله یا روستا تشکیل می‌شود؛ محله یا روستا را انتخاب کنید."}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"latitude": "برای نقطهٔ نقشه هر دو مختصات را وارد کنید."})
        if self.unit_id and self.name:
            clash = Center.objects.filter(unit_id=self.unit_id, name=self.name).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": f"کانونی به نام «{self.name}» در این محل از قبل ثبت شده است."})

    def save(self, *args, **kwargs) -> None:
        self.name = normalize(self.name)
        self.name_key = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == CenterStatus.CLOSED

    def allowed_statuses(self) -> list[str]:
        return [s for s in CenterStatus.values if s in TRANSITIONS.get(self.status, set())]

    def is_stalled(self, days: int, today: dt.date | None = None) -> bool:
        if self.status in (CenterStatus.CLOSED, CenterStatus.SUSPENDED):
            return False
        since = (
            self.last_progress_on or self.founded_on or (self.created_at.date() if self.created_at else None)
        )
        return since is not None and since < (today or jalali.today()) - dt.timedelta(days=days)


class CenterStatusChange(models.Model):
    """One move of a center from one status to another: when, why and by whom."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        "از وضعیت", max_length=20, choices=CenterStatus.choices, blank=True, default=""
    )
    to_status = models.CharField("به وضعیت", max_length=20, choices=CenterStatus.choices)
    changed_on = models.DateField("تاریخ")
    reason = models.TextField("دلیل", blank=True, default="")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_field = "center__unit__path"

    class Meta:
        verbose_name = "تغییر وضعیت کانون"
        verbose_name_plural = "تغییرات وضعیت کانون"
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


# --------------------------------------------------------------------------------------
# People and membership
# --------------------------------------------------------------------------------------


class MembershipKind(models.TextChoices):
    MEMBER = "member", "عضو"
    VOLUNTEER = "volunteer", "داوطلب"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "در انتظار پذیرش"
    ACTIVE = "active", "فعال"
    LEFT = "left", "خارج‌شده"
    DECLINED = "declined", "ردشده"


class MembershipSource(models.TextChoices):
    STAFF = "staff", "ثبت کارشناس یا دبیر"
    PUBLIC = "public", "ثبت‌نام عمومی"
    IMPORT = "import", "ورود از فایل"


class Membership(TimeStampedModel):
    """A person's membership of a center: kind (member, volunteer), status (pending, active,
    left, declined), joined and left dates. One open (pending or active) membership per person
    and center; leaving keeps the record."""

    center = models.ForeignKey(
        Center, verbose_name="کانون", on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name="فرد", on_delete=models.PROTECT, related_name="memberships"
    )
    kind = models.CharField(
        "نوع عضویت", max_length=20, choices=MembershipKind.choices, default=MembershipKind.MEMBER
    )
    status = models.CharField(
        "وضعیت",
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        db_index=True,
    )
    joined_on = models.DateField("تاریخ عضویت", null=True, blank=True)
    left_on = models.DateField("تاریخ خروج", null=True, blank=True)
    source = models.CharField(
        "شیوهٔ ثبت", max_length=10, choices=MembershipSource.choices, default=MembershipSource.STAFF
    )
    note = models.CharField("یادداشت", max_length=500, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    objects = ScopedManager()
    scope_path_field = "center__unit__path"
    scope_rules = {"add": CENTER_WRITERS, "change": CENTER_WRITERS}

    class Meta:
        verbose_name = "عضویت"
        verbose_name_plural = "عضویت‌ها"
        ordering = ["-joined_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "person"],
                condition=Q(status__in=["pending", "active"]),
                name="centers_membership_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["center", "status"]), models.Index(fields=["status", "joined_on"])]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.center_id}"

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "تاریخ خروج نمی‌تواند پیش از تاریخ عضویت باشد."})
        if (
            self.status in (MembershipStatus.PENDING, MembershipStatus.ACTIVE)
            and self.center_id
            and self.person_id
        ):
            clash = Membership.objects.filter(
                center_id=self.center_id, person_id=self.person_id, status__in=["pending", "active"]
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"person": "این فرد از قبل عضو این کانون است (یا درخواستش در انتظار است)."}
                )


# --------------------------------------------------------------------------------------
# Thematic groups
# --------------------------------------------------------------------------------------


class GroupTopic(models.TextChoices):
    NUTRITION = "nutrition", "تغذیه سالم"
    ACTIVITY = "activity", "فعالیت بدنی و ورزش"
    MENTAL = "mental", "سلامت روان"
    ELDERLY = "elderly", "سالمندی"
    CHILDREN = "children", "کودکان و نوجوانان"
    WOMEN = "women", "سلامت زنان و خانواده"
    ENVIRONMENT = "environment", "محیط زیست و بهداشت محیط"
    SOCIAL_HARMS = "social_harms", "پیشگیری از آسیب‌های اجتماعی"
    DISEASES = "diseases", "بیماری‌های واگیر و غیرواگیر"
    DISASTERS = "disasters", "آمادگی در بلایا"
    OTHER = "other", "سایر"


class ThematicGroup(TimeStampedModel):
    """A thematic group (گروه موضوعی) formed by members of a center around a topic, with a head
    and members (people who are members of the center). Closed groups stay on record."""

    center = models.ForeignKey(Center, verbose_name="کانون", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("نام گروه", max_length=200)
    topic = models.CharField("موضوع", max_length=20, choices=GroupTopic.choices, default=GroupTopic.OTHER)
    head = models.ForeignKey(
        Person, verbose_name="مسئول گروه", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(Person, verbose_name="اعضا", blank=True, related_name="thematic_groups")
    formed_on = models.DateField("تاریخ تشکیل", null=True, blank=True)
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    objects = ScopedManager()
    scope_path_field = "center__unit__path"
    scope_rules = {"add": CENTER_WRITERS, "change": CENTER_WRITERS}

    class Meta:
        verbose_name = "گروه موضوعی"
        verbose_name_plural = "گروه‌های موضوعی"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="centers_group_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = normalize(self.name)
        if is_blank_text(self.name):
            raise ValidationError({"name": "نام گروه را وارد کنید."})
        if self.center_id and self.name:
            if (
                ThematicGroup.objects.filter(center_id=self.center_id, name=self.name)
                .exclude(pk=self.pk)
                .exists()
            ):
                raise ValidationError({"name": "گروهی با این نام در این کانون هست."})


# --------------------------------------------------------------------------------------
# Elections and office holders
# --------------------------------------------------------------------------------------


class Office(models.TextChoices):
    SECRETARY = "secretary", "دبیر"
    DEPUTY = "deputy", "جانشین"


class Election(TimeStampedModel):
    """An election of the center's secretary (دبیر) and deputy (جانشین) for a term: the date,
    the number of voters, the observers, the candidates with their votes. Recording the result
    (`services.election_record`) ends the previous office holders' terms and starts the
    winners', so a center always has at most one current secretary and one current deputy."""

    center = models.ForeignKey(
        Center, verbose_name="کانون", on_delete=models.PROTECT, related_name="elections"
    )
    held_on = models.DateField("تاریخ برگزاری")
    term_months = models.PositiveSmallIntegerField("مدت دوره (ماه)", default=24)
    voters = models.PositiveIntegerField("تعداد رأی‌دهندگان", default=0)
    observers = models.CharField("ناظران", max_length=500, blank=True, default="")
    note = models.TextField("یادداشت", blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scope_path_field = "center__unit__path"
    scope_rules = {"add": CENTER_WRITERS, "change": CENTER_WRITERS}

    class Meta:
        verbose_name = "انتخابات"
        verbose_name_plural = "انتخابات"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"انتخابات {jalali.format_date(self.held_on)}"

    @property
    def term_ends_on(self) -> dt.date:
        import jdatetime

        j = jdatetime.date.fromgregorian(date=self.held_on)
        months = j.month - 1 + self.term_months
        year, month = j.year + months // 12, months % 12 + 1
        day = min(j.day, 29 if month == 12 else (30 if month > 6 else 31))
        return jdatetime.date(year, month, day).togregorian()


class Candidate(models.Model):
    """A candidate of an election for one office, with the votes received."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, verbose_name="نامزد", on_delete=models.PROTECT, related_name="+")
    office = models.CharField("سمت", max_length=10, choices=Office.choices)
    votes = models.PositiveIntegerField("آرا", default=0)
    elected = models.BooleanField("برگزیده", default=False)

    class Meta:
        verbose_name = "نامزد"
        verbose_name_plural = "نامزدها"
        ordering = ["office", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "office", "person"], name="centers_candidate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_office_display()})"


class OfficeHolder(models.Model):
    """Who held the secretary or deputy office of a center and when. `ended_on` is empty for
    the current holder; the database allows one current holder per center and office."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="office_holders")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="offices")
    office = models.CharField("سمت", max_length=10, choices=Office.choices)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="holders"
    )
    started_on = models.DateField("آغاز")
    ended_on = models.DateField("پایان", null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "center__unit__path"

    class Meta:
        verbose_name = "صاحب سمت"
        verbose_name_plural = "صاحبان سمت"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "office"],
                condition=Q(ended_on__isnull=True),
                name="centers_one_current_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}: {self.person}"


# --------------------------------------------------------------------------------------
# Establishment tracker: 4 phases, 12 strategies, their actions
# --------------------------------------------------------------------------------------


class AutoRule(models.TextChoices):
    NONE = "", "—"
    MEMBERS_REGISTERED = "members_registered", "ثبت نخستین اعضا"
    IDENTITY = "identity", "ثبت نشان و محل کانون"
    OPENING = "opening", "برگزاری افتتاحیه"
    SECRETARY_ELECTED = "secretary_elected", "انتخاب دبیر و جانشین"
    GROUP_FORMED = "group_formed", "تشکیل نخستین گروه موضوعی"
    FIRST_ASSEMBLY = "first_assembly", "نخستین نشست مجمع سلامت محله"
    ACTION_PLAN = "action_plan", "تصویب برنامهٔ اقدام"


class Phase(models.Model):
    """One of the 4 phases of the facilitation model (مدل تسهیلگری)."""

    number = models.PositiveSmallIntegerField("شماره", unique=True)
    title = models.CharField("عنوان", max_length=200)

    class Meta:
        verbose_name = "مرحلهٔ استقرار"
        verbose_name_plural = "مراحل استقرار"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"مرحلهٔ {self.number}: {self.title}"


class Strategy(models.Model):
    """One of the 12 strategies (راهبرد), within a phase."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="strategies")
    number = models.PositiveSmallIntegerField("شماره", unique=True)
    title = models.CharField("عنوان", max_length=200)
    description = models.TextField("شرح", blank=True, default="")

    class Meta:
        verbose_name = "راهبرد"
        verbose_name_plural = "راهبردها"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"راهبرد {self.number}: {self.title}"


class EstablishmentAction(models.Model):
    """An action of a strategy, as catalogued by the national admin. `auto_rule` names a fact
    the platform sees (a secretary elected, the opening held...) that completes it by itself.
    Deactivated actions no longer count towards progress."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="actions")
    code = models.CharField("کد", max_length=10, unique=True)
    title = models.CharField("عنوان", max_length=300)
    order = models.PositiveSmallIntegerField("ترتیب", default=0)
    auto_rule = models.CharField(
        "تکمیل خودکار", max_length=30, choices=AutoRule.choices, blank=True, default=""
    )
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "اقدام استقرار"
        verbose_name_plural = "اقدامات استقرار"
        ordering = ["strategy__number", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CenterAction(models.Model):
    """An establishment action marked done for a center: date, note, who. Its evidence files are
    `kanoon.files` attachments (registered in `CentersConfig.ready()`).
    `automatic` when the platform completed it from a fact."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="actions_done")
    action = models.ForeignKey(EstablishmentAction, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField("تاریخ انجام")
    note = models.TextField("یادداشت", blank=True, default="")
    automatic = models.BooleanField("خودکار", default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scope_path_field = "center__unit__path"
    scope_rules = {"add": CENTER_WRITERS, "change": CENTER_WRITERS}

    class Meta:
        verbose_name = "اقدام انجام‌شده"
        verbose_name_plural = "اقدامات انجام‌شده"
        constraints = [models.UniqueConstraint(fields=["center", "action"], name="centers_action_once")]

    def __str__(self) -> str:
        return f"{self.action} @ {self.center_id}"


def evidence_path(instance: models.Model, filename: str) -> str:
    """Where the old `ActionEvidence` kept its files under MEDIA_ROOT. The model is gone (its rows
    moved to `kanoon.files` attachments in `evidence_to_attachments`); migration 0001 names this."""
    return f"centers/evidence/{instance.center_action.center_id}/{filename}"


# --------------------------------------------------------------------------------------
# Member import
# --------------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "در صف"
    RUNNING = "running", "در حال اجرا"
    DONE = "done", "پایان‌یافته"
    FAILED = "failed", "ناموفق"


def import_path(instance: MemberImport, filename: str) -> str:
    return f"centers/imports/{instance.center_id}/{filename}"


class MemberImport(models.Model):
    """One upload of members (.xlsx or .csv) for a center: progress, counts, and the file of
    rejected rows with the reason per row. Runs as a background task for large files."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="imports")
    file = models.FileField("فایل", upload_to=import_path)
    original_name = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_people = models.PositiveIntegerField(default=0)
    linked_people = models.PositiveIntegerField(default=0)
    created_memberships = models.PositiveIntegerField(default=0)
    rejected_rows = models.PositiveIntegerField(default=0)
    rejected_file = models.FileField(upload_to=import_path, blank=True)
    error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()
    scope_path_field = "center__unit__path"
    scope_rules = {"add": CENTER_WRITERS, "change": CENTER_WRITERS}

    class Meta:
        verbose_name = "ورود اعضا از فایل"
        verbose_name_plural = "ورود اعضا از فایل"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


# --------------------------------------------------------------------------------------
# Roll-ups (see `rollups`)
# --------------------------------------------------------------------------------------


class RollupCount(models.Model):
    """One count over a non-leaf unit's whole subtree: `key` names the fact (centers by status
    and phase, members by status, gender, birth year, joining quarter; assembly meetings and
    problem steps...), `quarter` the Jalali quarter it belongs to ("" when it has none). Kept
    current by `rollups.apply` inside the transaction of every write that changes a fact, so a
    dashboard reads a few indexed rows; `kanoon repair_rollups` rebuilds them from raw rows."""

    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    quarter = models.CharField(max_length=7, blank=True, default="")
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "شمار تجمیعی"
        verbose_name_plural = "شمارهای تجمیعی"
        constraints = [
            models.UniqueConstraint(fields=["unit", "key", "quarter"], name="centers_rollup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.key}/{self.quarter}={self.count}"
