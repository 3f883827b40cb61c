"""Bodies and their meetings (نهادها و جلسه‌ها): one mechanism for every group that meets.

A `Body` is a health assembly, a cross-sector working group, a council, a committee or a
standing expert meeting, hanging on a `geo.Unit` (scoped by the unit's path like every
`ScopedModel`). It has seats (or member places) in groups, held by people in terms; it meets;
a meeting has an agenda, invitations, attendance, a quorum, minutes and resolutions whose
execution is followed up.

The seat, term, meeting, agenda, invitation, attendance and resolution tables came here from
`assemblies` with their rows and history: they keep their old table names (`assemblies_*`).
A health assembly (`assemblies.Assembly`) is one body (`Assembly.body`, reverse `body.assembly`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kanoon.core import jalali, scope
from kanoon.core.models import ScopedModel, TimeStampedModel
from kanoon.core.scope import ScopedManager
from kanoon.core.text import normalize

from .kinds import BodyKind, body_kinds

# Who may work on a body's records (a center secretary runs a neighborhood assembly).
EDITORS = scope.FIELD_ROLES | {scope.CENTER_SECRETARY}
CONTENT_RULES = {"add": EDITORS, "change": EDITORS, "delete": scope.STAFF_ROLES}
DEFAULT_QUORUM_PERCENT = 50


class Body(ScopedModel):
    """A body that meets, on one unit.

    Quorum: more than `quorum_percent` percent of the members holding a seat on the meeting day
    (default 50: more than half), or, when `quorum_count` is set, at least that many of them.
    Bodies are deactivated, never deleted.
    """

    kind = models.CharField("نوع", max_length=20, choices=BodyKind.choices, db_index=True)
    unit = models.ForeignKey("geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField("نام", max_length=200)
    description = models.TextField("شرح و وظایف", blank=True, default="")
    quorum_percent = models.PositiveSmallIntegerField(
        "حد نصاب (درصد)",
        default=DEFAULT_QUORUM_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="جلسه وقتی رسمی است که بیش از این درصد از اعضا حاضر باشند.",
    )
    quorum_count = models.PositiveSmallIntegerField(
        "حد نصاب (تعداد ثابت)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text="اگر پر شود، حضور دست‌کم این تعداد از اعضا کافی است (به‌جای درصد).",
    )
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    scope_path_field = "unit__path"
    scope_rules = {"add": scope.FIELD_ROLES, "change": EDITORS, "delete": scope.STAFF_ROLES}

    class Meta:
        verbose_name = "نهاد"
        verbose_name_plural = "نهادها"
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def spec(self):  # type: ignore[no-untyped-def]
        return body_kinds.get(self.kind)

    @property
    def is_managed(self) -> bool:
        """Created and configured by another app (a health assembly by `assemblies`)."""
        return bool(self.spec.managed_by)

    @property
    def quorum_label(self) -> str:
        if self.quorum_count:
            return f"دست‌کم {jalali.to_persian_digits(self.quorum_count)} نفر"
        return f"بیش از {jalali.to_persian_digits(self.quorum_percent)}٪ اعضا"

    def clean(self) -> None:
        self.name = normalize(self.name)
        self.description = (self.description or "").strip()
        if not self.name:
            raise ValidationError({"name": "نام را وارد کنید."})
        if self.kind not in BodyKind.values:
            raise ValidationError({"kind": "نوع نهاد نامعتبر است."})
        if self.unit_id and not self.is_managed:
            clash = Body.objects.filter(unit_id=self.unit_id, kind=self.kind, name=self.name).exclude(
                pk=self.pk
            )
            if clash.exists():
                raise ValidationError({"name": f"«{self.name}» از قبل در {self.unit.title} ثبت شده است."})


class Seat(TimeStampedModel):
    """A seat (کرسی) or member place of a body, in one of its kind's groups; held by people in
    terms. A seat without a current term is a vacancy. Seats are deactivated, never deleted.

    Kinds with a catalog of seat titles (a health assembly's 18) set `kind` and the group follows
    from it; the others pick a group and describe the place in `title`."""

    body = models.ForeignKey(Body, verbose_name="نهاد", on_delete=models.PROTECT, related_name="seats")
    group = models.CharField("گروه", max_length=20, db_index=True)
    kind = models.CharField("عنوان کرسی", max_length=30, blank=True, default="")
    title = models.CharField(
        "توضیح", max_length=150, blank=True, default="", help_text="مثلاً «گروه سلامت روان»"
    )
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], table_name="assemblies_historicalseat"
    )

    objects = ScopedManager()
    scope_path_field = "body__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        db_table = "assemblies_seat"
        verbose_name = "کرسی"
        verbose_name_plural = "کرسی‌ها"
        ordering = ["body_id", "group", "kind", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def assembly(self) -> Any:
        return _assembly_of(self.body)

    def get_kind_display(self) -> str:
        return self.body.spec.kind_labels.get(self.kind, self.kind) if self.kind else ""

    def get_group_display(self) -> str:
        return self.body.spec.group_labels.get(self.group, self.group)

    @property
    def label(self) -> str:
        base = self.get_kind_display() or self.get_group_display()
        return f"{base} ({self.title})" if self.title else base

    def clean(self) -> None:
        self.title = normalize(self.title)
        if not self.body_id:
            return
        spec = self.body.spec
        if spec.seat_kinds:
            if self.kind not in spec.kind_labels:
                raise ValidationError({"kind": "عنوان کرسی نامعتبر است."})
            self.group = spec.group_of[self.kind]
        else:
            self.kind = ""
            if self.group not in spec.group_labels:
                raise ValidationError({"group": "گروه نامعتبر است."})
        if spec.validate_seat is not None:
            spec.validate_seat(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind and self.body_id:
            self.group = self.body.spec.group_of.get(self.kind, self.group)
        super().save(*args, **kwargs)


class SeatTerm(TimeStampedModel):
    """A person holding a seat from `start_date` to `end_date` (or until `ended_on` if cut short),
    optionally on behalf of an organization."""

    seat = models.ForeignKey(Seat, verbose_name="کرسی", on_delete=models.PROTECT, related_name="terms")
    person = models.ForeignKey(
        "people.Person", verbose_name="فرد", on_delete=models.PROTECT, related_name="seat_terms"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="به نمایندگی از",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seat_terms",
    )
    start_date = models.DateField("آغاز دوره")
    end_date = models.DateField("پایان دوره", null=True, blank=True)
    ended_on = models.DateField("پایان زودهنگام", null=True, blank=True)
    end_reason = models.CharField("دلیل پایان", max_length=200, blank=True, default="")
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], table_name="assemblies_historicalseatterm"
    )

    objects = ScopedManager()
    scope_path_field = "seat__body__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        db_table = "assemblies_seatterm"
        verbose_name = "دورهٔ عضویت"
        verbose_name_plural = "دوره‌های عضویت"
        ordering = ["seat_id", "-start_date"]

    def __str__(self) -> str:
        return f"{self.person} — {self.seat}"

    @property
    def last_day(self) -> dt.date | None:
        days = [d for d in (self.end_date, self.ended_on) if d]
        return min(days) if days else None

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or jalali.today()
        last = self.last_day
        return self.start_date <= on and (last is None or last >= on)

    @staticmethod
    def current_q(on: dt.date, prefix: str = "") -> Q:
        return (
            Q(**{f"{prefix}start_date__lte": on})
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))
            & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on}))
        )

    def clean(self) -> None:
        self.end_reason = normalize(self.end_reason)
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "پایان دوره نمی‌تواند پیش از آغاز آن باشد."})
        if self.ended_on and self.start_date and self.ended_on < self.start_date:
            raise ValidationError({"ended_on": "پایان زودهنگام نمی‌تواند پیش از آغاز دوره باشد."})
        if not (self.seat_id and self.start_date):
            return
        far = dt.date(9999, 12, 31)
        mine_end = self.last_day or far
        for other in SeatTerm.objects.filter(seat_id=self.seat_id).exclude(pk=self.pk):
            other_end = other.last_day or far
            if other.start_date <= mine_end and self.start_date <= other_end:
                raise ValidationError(
                    {
                        "start_date": f"این کرسی در این بازه به {other.person} سپرده شده است؛ ابتدا آن دوره را پایان دهید."
                    }
                )


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "برنامه‌ریزی‌شده"
    HELD = "held", "برگزارشده"
    CANCELLED = "cancelled", "لغوشده"


def _assembly_of(body: Body | None) -> Any:
    """The health assembly a body is, if any (the reverse of `assemblies.Assembly.body`)."""
    if body is None:
        return None
    try:
        return body.assembly  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, AttributeError):
        return None


class Meeting(TimeStampedModel):
    """A session of a body: when, where (a place or an online link), agenda, attendance,
    minutes and resolutions. The quorum rule is copied from the body and can be changed."""

    body = models.ForeignKey(Body, verbose_name="نهاد", on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField("عنوان", max_length=200)
    starts_at = models.DateTimeField("زمان برگزاری", db_index=True)
    place = models.CharField("مکان", max_length=250, blank=True, default="")
    online_link = models.URLField("پیوند جلسهٔ برخط", blank=True, default="")
    status = models.CharField(
        "وضعیت", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    quorum_percent = models.PositiveSmallIntegerField(
        "حد نصاب (درصد)",
        default=DEFAULT_QUORUM_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    quorum_count = models.PositiveSmallIntegerField(
        "حد نصاب (تعداد ثابت)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    minutes = models.TextField("صورت‌جلسه", blank=True, default="")
    minutes_recorded_at = models.DateTimeField("ثبت صورت‌جلسه", null=True, blank=True)
    invitations_sent_at = models.DateTimeField("ارسال دعوت‌نامه‌ها", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], table_name="assemblies_historicalmeeting"
    )

    objects = ScopedManager()
    scope_path_field = "body__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        db_table = "assemblies_meeting"
        verbose_name = "جلسه"
        verbose_name_plural = "جلسه‌ها"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({jalali.format_date(self.starts_at)})"

    @property
    def assembly(self) -> Any:
        """The health assembly that met, if the body is one (a convenience for its pages)."""
        return _assembly_of(self.body) if self.body_id else None

    @assembly.setter
    def assembly(self, value: Any) -> None:
        self.body = value.body

    def clean(self) -> None:
        self.title = normalize(self.title)
        self.place = normalize(self.place)
        if not self.title:
            raise ValidationError({"title": "عنوان جلسه را وارد کنید."})
        if not self.place and not self.online_link:
            raise ValidationError({"place": "مکان جلسه یا پیوند جلسهٔ برخط را وارد کنید."})


class AgendaItemQuerySet(models.QuerySet):
    def current(self) -> AgendaItemQuerySet:
        """The items on the agenda now (removed items stay, with their history)."""
        return self.filter(removed_at__isnull=True)


class AgendaItem(models.Model):
    """One item of a meeting's agenda, possibly about a record of any app (`subject`: a health
    assembly's problem, an organization...).

    Editing the agenda changes items in place and marks dropped ones `removed_at`; nothing is
    deleted, and every version of every item is kept in its history."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    order = models.PositiveSmallIntegerField("ردیف", default=1)
    title = models.CharField("موضوع", max_length=250)
    subject_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    removed_at = models.DateTimeField("حذف از دستور جلسه", null=True, blank=True)
    history = HistoricalRecords(table_name="assemblies_historicalagendaitem")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        db_table = "assemblies_agendaitem"
        verbose_name = "دستور جلسه"
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An invitation sent to a seat holder for a meeting (the SMS is sent after the commit)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    channels = models.CharField(max_length=30, blank=True, default="")

    class Meta:
        db_table = "assemblies_invitation"
        verbose_name = "دعوت‌نامه"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="assemblies_one_invitation")
        ]

    def __str__(self) -> str:
        return f"دعوت {self.person_id} به جلسهٔ {self.meeting_id}"


class Attendance(models.Model):
    """Whether an invited seat holder was present."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    present = models.BooleanField("حاضر", default=False)

    class Meta:
        db_table = "assemblies_attendance"
        verbose_name = "حضور و غیاب"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="assemblies_one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {'حاضر' if self.present else 'غایب'}"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", "در انتظار اقدام"
    IN_PROGRESS = "in_progress", "در حال اجرا"
    DONE = "done", "انجام شد"
    CANCELLED = "cancelled", "منتفی"


OPEN_RESOLUTION_STATUSES = {ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS}


class Resolution(TimeStampedModel):
    """A decision (مصوبه) of a meeting: what, who is responsible, by when, and how it stands."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="جلسه", on_delete=models.PROTECT, related_name="resolutions"
    )
    number = models.PositiveSmallIntegerField("شماره", default=1)
    text = models.TextField("متن مصوبه")
    owner = models.CharField("مسئول اجرا", max_length=200)
    due_date = models.DateField("مهلت اجرا")
    status = models.CharField(
        "وضعیت", max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN
    )
    status_note = models.CharField("توضیح وضعیت", max_length=300, blank=True, default="")
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], table_name="assemblies_historicalresolution"
    )

    objects = ScopedManager()
    scope_path_field = "meeting__body__unit__path"
    scope_rules = CONTENT_RULES

    class Meta:
        db_table = "assemblies_resolution"
        verbose_name = "مصوبه"
        verbose_name_plural = "مصوبات"
        ordering = ["meeting_id", "number"]

    def __str__(self) -> str:
        from kanoon.core.formats import number

        return f"مصوبهٔ {number(self.number)}"

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_RESOLUTION_STATUSES and self.due_date < jalali.today()

    def clean(self) -> None:
        self.text = (self.text or "").strip()
        self.owner = normalize(self.owner)
        if not self.text:
            raise ValidationError({"text": "متن مصوبه را وارد کنید."})
        if not self.owner:
            raise ValidationError({"owner": "مسئول اجرا را مشخص کنید."})
