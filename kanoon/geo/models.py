"""The territory: one tree of administrative divisions with a materialized path."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kanoon.core import scope
from kanoon.core.models import TimeStampedModel
from kanoon.core.scope import ScopedManager
from kanoon.core.text import normalize, search_key

SEGMENT = 4  # base-36 characters per tree level: up to 1,679,616 children per parent
ROOT_PATH_LENGTH = SEGMENT
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def encode_segment(number: int) -> str:
    if not 0 < number < 36**SEGMENT:
        raise ValueError("segment out of range")
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = _DIGITS[rem] + out
    return out.rjust(SEGMENT, "0")


def decode_segment(text: str) -> int:
    return int(text, 36)


class Kind(models.TextChoices):
    COUNTRY = "country", "کشور"
    PROVINCE = "province", "استان"
    COUNTY = "county", "شهرستان"
    DISTRICT = "district", "بخش"
    CITY = "city", "شهر"
    RURAL_DISTRICT = "rural_district", "دهستان"
    VILLAGE = "village", "روستا"
    ZONE = "zone", "منطقهٔ شهرداری"
    NEIGHBORHOOD = "neighborhood", "محله"


ALLOWED_CHILDREN: dict[str, set[str]] = {
    Kind.COUNTRY: {Kind.PROVINCE},
    Kind.PROVINCE: {Kind.COUNTY},
    Kind.COUNTY: {Kind.DISTRICT},
    Kind.DISTRICT: {Kind.CITY, Kind.RURAL_DISTRICT},
    Kind.RURAL_DISTRICT: {Kind.VILLAGE},
    Kind.CITY: {Kind.ZONE, Kind.NEIGHBORHOOD},
    Kind.ZONE: {Kind.NEIGHBORHOOD},
    Kind.VILLAGE: set(),
    Kind.NEIGHBORHOOD: set(),
}
USER_CREATED_KINDS = {Kind.ZONE, Kind.NEIGHBORHOOD}
# The word before a unit's name in breadcrumbs and paths (default: the kind's label).
SHORT_KIND_LABELS = {Kind.COUNTRY: "", Kind.ZONE: "منطقه"}
OFFICIAL_KINDS = {k for k in Kind.values if k not in USER_CREATED_KINDS}


class Unit(TimeStampedModel):
    """A division of the country: country, province, county, district, city, rural district,
    village, municipal zone or neighborhood.

    `path` is the concatenation of fixed-width base-36 segments from the root, so "this unit
    and everything below" is one indexed prefix query (`path__startswith`). Official units
    carry their official `code` (unique per kind); zones and neighborhoods are made by staff.
    """

    kind = models.CharField("نوع", max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField("نام", max_length=150)
    name_key = models.CharField(max_length=150, db_index=True, editable=False)
    code = models.CharField("کد رسمی", max_length=20, blank=True, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name="واحد بالادست",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=40, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_active = models.BooleanField("فعال", default=True)
    history = HistoricalRecords(excluded_fields=["name_key", "path", "depth", "created_at", "updated_at"])

    objects = ScopedManager()
    scope_path_field = "path"
    scope_rules = {
        "add": scope.STAFF_ROLES,
        "change": scope.STAFF_ROLES,
        "delete": scope.STAFF_ROLES,
    }

    class Meta:
        verbose_name = "واحد تقسیمات"
        verbose_name_plural = "واحدهای تقسیمات"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], condition=~Q(code=""), name="geo_unit_unique_kind_code"
            ),
            models.UniqueConstraint(
                fields=["parent", "kind", "name"],
                condition=Q(kind__in=["zone", "neighborhood"]),
                name="geo_unit_unique_user_unit_name",
            ),
        ]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def title(self) -> str:
        """'شهرستان اصفهان'."""
        return f"{self.get_kind_display()} {self.name}"

    @property
    def label(self) -> str:
        """What the unit is called in a breadcrumb or a path: 'شهرستان تهران', 'منطقه ۶' (a zone
        named 'منطقه ۶' is not 'منطقهٔ شهرداری منطقه ۶'), 'ایران' (the country alone)."""
        word = SHORT_KIND_LABELS.get(self.kind, self.get_kind_display())
        if not word or self.name.startswith(word):
            return self.name
        return f"{word} {self.name}"

    def ancestor_paths(self) -> list[str]:
        return [self.path[:i] for i in range(SEGMENT, len(self.path), SEGMENT)]

    def ancestors(self) -> list[Unit]:
        """From the root down to the parent, in one query."""
        paths = self.ancestor_paths()
        if not paths:
            return []
        return list(Unit.objects.filter(path__in=paths).order_by("path"))

    def descendants(self, include_self: bool = False) -> models.QuerySet[Unit]:
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)

    def ancestor_of_kind(self, kind: str) -> Unit | None:
        if self.kind == kind:
            return self
        return next((u for u in self.ancestors() if u.kind == kind), None)

    def clean(self) -> None:
        self.name = normalize(self.name)
        if not self.name:
            raise ValidationError({"name": "نام را وارد کنید."})
        if self.parent_id is None:
            if self.kind != Kind.COUNTRY:
                raise ValidationError({"parent": "واحد بالادست را مشخص کنید."})
            return
        parent = self.parent
        if self.kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
            allowed = (
                "، ".join(Kind(k).label for k in sorted(ALLOWED_CHILDREN.get(parent.kind, set()))) or "هیچ"
            )
            raise ValidationError({"kind": f"زیر {parent.title} فقط این نوع‌ها مجازند: {allowed}."})
        if self.pk and parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": "یک واحد نمی‌تواند زیرمجموعهٔ خودش باشد."})
        if self.kind in USER_CREATED_KINDS:
            clash = Unit.objects.filter(parent=parent, kind=self.kind, name=self.name).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"name": f"«{self.name}» زیر {parent.title} از قبل وجود دارد."})

    def save(self, *args, **kwargs) -> None:
        self.name = normalize(self.name)
        self.name_key = search_key(self.name)
        if not self.path:
            self.path = next_child_path(self.parent)
            self.depth = len(self.path) // SEGMENT - 1
        super().save(*args, **kwargs)


def next_child_path(parent: Unit | None) -> str:
    prefix = parent.path if parent else ""
    last = (
        Unit.objects.filter(path__startswith=prefix, depth=len(prefix) // SEGMENT)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = decode_segment(last[-SEGMENT:]) + 1 if last else 1
    return prefix + encode_segment(number)


class ImportRun(models.Model):
    """One run of `kanoon import_divisions`: what it found and changed."""

    source = models.CharField(max_length=100)
    checksum = models.CharField(max_length=64)
    started_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "اجرای ورود تقسیمات"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"
