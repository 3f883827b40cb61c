"""Monitoring and evaluation: data elements, data sets, indicators, targets, quarterly reports
with bottom-up approval, the reported values and their live roll-up.

Periods are stored as codes: a Jalali quarter "1403Q2" or a Jalali year "1403" (see
`periods`). Values are reported per quarter; years are computed from quarters.

Roll-up: every approved `DataValue` is added, in the same transaction as its approval, to one
`Aggregate` row per (element, quarter, unit) for each non-leaf unit on its path (itself when it is
not a village or neighborhood, and every ancestor). So the value of any unit is one indexed row,
and a newly approved value is visible in every ancestor the moment the approval commits.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from kanoon.core import scope
from kanoon.core.formats import number
from kanoon.core.models import ScopedModel, TimeStampedModel
from kanoon.core.text import normalize

from . import periods

# Units that never have children: their value is their own reported value.
LEAF_KINDS = frozenset({"village", "neighborhood"})
# Who approves: a role held strictly above the reporting unit (county approves its units,
# province its counties, the national admin the provinces).
APPROVER_ROLES = frozenset(
    {scope.COUNTY_EXPERT, scope.PROVINCE_EXPERT, scope.NATIONAL_ADMIN, scope.WELFARE_EXPERT}
)
REPORTER_ROLES = scope.FIELD_ROLES | {scope.CENTER_SECRETARY}

code_validator = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9_]{1,49}$", "کد باید با حرف لاتین شروع شود و فقط حرف لاتین، رقم و _ داشته باشد."
)
period_validator = RegexValidator(r"^\d{3,4}(Q[1-4])?$", "دوره را به شکل 1403Q2 یا 1403 وارد کنید.")
quarter_validator = RegexValidator(r"^\d{3,4}Q[1-4]$", "دوره را به شکل 1403Q2 (فصل) وارد کنید.")


class ValueType(models.TextChoices):
    INTEGER = "integer", "عدد صحیح"
    NUMBER = "number", "عدد اعشاری"


class TimeAggregation(models.TextChoices):
    SUM = "sum", "جمع فصل‌ها"
    LAST = "last", "آخرین فصل (موجودی)"


class DataElement(TimeStampedModel):
    """A number reported by hand each quarter (DHIS2 "data element"), e.g. trainings held.

    `minimum`/`maximum` are validation rules applied on entry. `time_aggregation` says how a
    year is made of its quarters: summed (events) or the last quarter's value (stocks).
    """

    code = models.CharField("کد", max_length=50, unique=True, validators=[code_validator])
    name = models.CharField("نام", max_length=200)
    description = models.TextField("توضیح", blank=True, default="")
    value_type = models.CharField(
        "نوع مقدار", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    minimum = models.DecimalField(
        "کمینه", max_digits=18, decimal_places=4, null=True, blank=True, default=Decimal(0)
    )
    maximum = models.DecimalField("بیشینه", max_digits=18, decimal_places=4, null=True, blank=True)
    time_aggregation = models.CharField(
        "تجمیع در سال", max_length=10, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "عنصر داده"
        verbose_name_plural = "عناصر داده"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = normalize(self.name)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": "بیشینه نمی‌تواند از کمینه کمتر باشد."})

    def check_value(self, value: Decimal | None, *, required: bool) -> str | None:
        """The Persian error for this value under the element's rules, or None."""
        if value is None:
            return "این مقدار الزامی است." if required else None
        if self.value_type == ValueType.INTEGER and value != value.to_integral_value():
            return "این مقدار باید عدد صحیح باشد."
        if self.minimum is not None and value < self.minimum:
            return f"مقدار نمی‌تواند کمتر از {number(self.minimum)} باشد."
        if self.maximum is not None and value > self.maximum:
            return f"مقدار نمی‌تواند بیشتر از {number(self.maximum)} باشد."
        return None


class DataSet(TimeStampedModel):
    """A quarterly data-entry form: which elements, which kinds of unit report it, and by how
    many days after the quarter's end a report counts as on time."""

    code = models.CharField("کد", max_length=50, unique=True, validators=[code_validator])
    name = models.CharField("نام", max_length=200)
    description = models.TextField("توضیح", blank=True, default="")
    unit_kinds = models.JSONField(
        "سطح گزارش‌دهی", default=list, help_text="نوع واحدهایی که این فرم را پر می‌کنند"
    )
    due_days = models.PositiveSmallIntegerField("مهلت ارسال (روز پس از پایان فصل)", default=15)
    elements = models.ManyToManyField(DataElement, through="DataSetElement", related_name="data_sets")
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "فرم گزارش (مجموعهٔ داده)"
        verbose_name_plural = "فرم‌های گزارش"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from kanoon.geo.models import Kind

        self.name = normalize(self.name)
        bad = [k for k in self.unit_kinds or [] if k not in Kind.values]
        if not self.unit_kinds or bad:
            raise ValidationError({"unit_kinds": "سطح گزارش‌دهی را از نوع‌های تقسیمات انتخاب کنید."})

    def reports_at(self, unit) -> bool:
        return unit.kind in (self.unit_kinds or [])


class DataSetElement(models.Model):
    """An element on a data set's form, in order, and whether it must be filled."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="members")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField("الزامی", default=True)
    position = models.PositiveSmallIntegerField("ترتیب", default=0)

    class Meta:
        verbose_name = "عنصر فرم"
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["data_set", "element"], name="monitoring_dse_unique")]

    def __str__(self) -> str:
        return f"{self.data_set_id}:{self.element_id}"


class Direction(models.TextChoices):
    HIGHER = "higher", "بیشتر بهتر است"
    LOWER = "lower", "کمتر بهتر است"


class Indicator(TimeStampedModel):
    """An indicator: (numerator ÷ denominator) × factor, or numerator × factor without one.

    Numerator and denominator are references: ``E:<element code>`` for a reported data element
    or ``S:<source code>`` for a number computed from the platform's own records (see
    `sources`). `direction` says whether higher or lower is better.
    """

    code = models.CharField("کد", max_length=50, unique=True, validators=[code_validator])
    name = models.CharField("نام", max_length=200)
    description = models.TextField("توضیح", blank=True, default="")
    unit_of_measure = models.CharField("واحد اندازه‌گیری", max_length=50, default="عدد")
    numerator = models.CharField("صورت", max_length=60)
    denominator = models.CharField("مخرج", max_length=60, blank=True, default="")
    factor = models.DecimalField("ضریب", max_digits=12, decimal_places=4, default=Decimal(1))
    decimals = models.PositiveSmallIntegerField("رقم اعشار", default=0)
    direction = models.CharField(
        "جهت مطلوب", max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    position = models.PositiveSmallIntegerField("ترتیب", default=0)
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # Definitions are national: only a national admin (a grant at the country) defines them.
    scope_rules = {"define": frozenset({scope.NATIONAL_ADMIN})}

    class Meta:
        verbose_name = "شاخص"
        verbose_name_plural = "شاخص‌ها"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .sources import check_reference

        self.name = normalize(self.name)
        errors = {}
        for field in ("numerator", "denominator"):
            ref = getattr(self, field)
            if field == "denominator" and not ref:
                continue
            problem = check_reference(ref)
            if problem:
                errors[field] = problem
        if self.factor == 0:
            errors["factor"] = "ضریب نمی‌تواند صفر باشد."
        if errors:
            raise ValidationError(errors)

    @property
    def references(self) -> list[str]:
        return [r for r in (self.numerator, self.denominator) if r]


class Target(ScopedModel):
    """The target of an indicator for one unit and period (quarter or year)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("دوره", max_length=8, validators=[period_validator])
    value = models.DecimalField("مقدار هدف", max_digits=18, decimal_places=4)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    scope_rules = {"add": scope.STAFF_ROLES, "change": scope.STAFF_ROLES}

    class Meta:
        verbose_name = "هدف"
        verbose_name_plural = "اهداف"
        ordering = ["indicator", "unit__path", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="monitoring_target_unique")
        ]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    SUBMITTED = "submitted", "ارسال‌شده"
    APPROVED = "approved", "تأییدشده"


class Report(ScopedModel):
    """One unit's data-entry form for one quarter: draft → submitted → approved (locked).

    Approval is bottom-up: only someone holding an approver role strictly above the unit may
    approve (a county its units, a province its counties). Un-approval needs a reason; every
    step is a `ReportEvent` and the row keeps its full history.
    """

    data_set = models.ForeignKey(
        DataSet, verbose_name="فرم", on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey("geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("فصل", max_length=8, validators=[quarter_validator])
    status = models.CharField(
        "وضعیت", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField("زمان ارسال", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("زمان تأیید", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    scope_rules = {"add": REPORTER_ROLES, "change": REPORTER_ROLES, "approve": APPROVER_ROLES}

    class Meta:
        verbose_name = "گزارش فصلی"
        verbose_name_plural = "گزارش‌های فصلی"
        ordering = ["-period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "unit", "period"], name="monitoring_report_unique")
        ]
        # covers the completeness counts (index-only at the country level)
        indexes = [
            models.Index(
                fields=["data_set", "period", "status", "submitted_at"], name="monitoring_report_tally"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set} / {self.unit} / {self.period}"

    @property
    def quarter(self):
        return periods.parse(self.period)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def due_date(self):
        import datetime as dt

        return self.quarter.end + dt.timedelta(days=self.data_set.due_days)

    @property
    def on_time(self) -> bool:
        from django.utils import timezone

        if self.submitted_at is None:
            return False
        return timezone.localtime(self.submitted_at).date() <= self.due_date


class ReportEvent(models.Model):
    """A step in a report's life: submitted, approved, un-approved (with its reason), imported."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "ارسال"
        APPROVE = "approve", "تأیید"
        UNAPPROVE = "unapprove", "لغو تأیید"
        IMPORT = "import", "ورود از DHIS2"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField("دلیل", blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "رویداد گزارش"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.report_id}"


class DataValue(ScopedModel):
    """One reported number: element × unit × quarter. Locked while its report is approved;
    only approved values count in roll-ups and dashboards."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="values")
    element = models.ForeignKey(
        DataElement, verbose_name="عنصر داده", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("فصل", max_length=8, validators=[quarter_validator])
    value = models.DecimalField("مقدار", max_digits=18, decimal_places=4)
    comment = models.CharField("توضیح", max_length=500, blank=True, default="")
    approved = models.BooleanField(default=False, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at"])
    scope_rules = {"add": REPORTER_ROLES, "change": REPORTER_ROLES, "approve": APPROVER_ROLES}

    class Meta:
        verbose_name = "مقدار داده"
        verbose_name_plural = "مقادیر داده"
        ordering = ["period", "element"]
        constraints = [
            models.UniqueConstraint(fields=["element", "unit", "period"], name="monitoring_datavalue_unique")
        ]
        indexes = [models.Index(fields=["unit", "period", "approved"], name="monitoring_dv_unit_period")]

    def __str__(self) -> str:
        return f"{self.element_id}/{self.unit_id}/{self.period}={self.value}"


class Aggregate(models.Model):
    """The approved total of one element in one quarter over a non-leaf unit's whole subtree
    (itself included). Maintained by `services` inside the approving transaction."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    value = models.DecimalField(max_digits=20, decimal_places=4, default=Decimal(0))

    class Meta:
        verbose_name = "جمع تجمیعی"
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "element"], name="monitoring_aggregate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.element_id}/{self.unit_id}/{self.period}={self.value}"


class ReportTally(models.Model):
    """Reporting status of one data set in one quarter over a non-leaf unit's subtree: how many
    reports were submitted, on time, approved. Maintained with the reports' steps (like
    `Aggregate`), so completeness at any level is one row."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("geo.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    submitted = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)

    class Meta:
        verbose_name = "شمار گزارش‌ها"
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "data_set"], name="monitoring_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id}/{self.unit_id}/{self.period}: {self.submitted}/{self.approved}"


class OverdueNotice(models.Model):
    """That a user was told a data set's quarter is overdue (reporter: their unit's report is
    missing; approver: units in their area are missing). Once per user, data set and quarter,
    so the daily job can run again, or twice, without a second message."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    missing = models.PositiveIntegerField("تعداد واحدهای بی‌گزارش", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "اعلان تأخیر گزارش"
        constraints = [
            models.UniqueConstraint(fields=["data_set", "period", "user"], name="monitoring_overdue_once")
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id}/{self.period}/{self.user_id}"
