"""Writes to the territory: the official divisions import and staff-made zones/neighborhoods."""

from __future__ import annotations

import csv
import hashlib
import importlib.resources
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import PROTECT, Value
from django.db.models.functions import Concat, Substr

from kanoon.core import scope
from kanoon.core.text import normalize, search_key, to_persian_digits

from .models import SEGMENT, USER_CREATED_KINDS, ImportRun, Kind, Unit, decode_segment, encode_segment

COUNTRY_CODE = "IR"
COUNTRY_NAME = "ایران"
SOURCE = "django-iranian-cities"

# (csv file, kind, parent csv column, parent kind)
LEVELS: list[tuple[str, str, str | None, str]] = [
    ("province", Kind.PROVINCE, None, Kind.COUNTRY),
    ("county", Kind.COUNTY, "province", Kind.PROVINCE),
    ("district", Kind.DISTRICT, "county", Kind.COUNTY),
    ("city", Kind.CITY, "district", Kind.DISTRICT),
    ("rural_district", Kind.RURAL_DISTRICT, "district", Kind.DISTRICT),
    ("village", Kind.VILLAGE, "rural_district", Kind.RURAL_DISTRICT),
]
BATCH = 2000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: bool = False
    seconds: float = 0.0
    per_kind: dict[str, int] = field(default_factory=dict)


def read_source() -> tuple[dict[str, list[dict[str, str]]], str]:
    """The division CSVs shipped in django-iranian-cities, and their combined checksum."""
    folder = importlib.resources.files("iranian_cities") / "data"
    digest = hashlib.sha256()
    tables: dict[str, list[dict[str, str]]] = {}
    for name, *_ in LEVELS:
        raw = (folder / f"{name}.csv").read_bytes()
        digest.update(raw)
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    return tables, digest.hexdigest()


class _Paths:
    """Hands out the next free child path under each parent (existing children included)."""

    def __init__(self) -> None:
        self.last: dict[int, int] = {}
        self.loaded_depths: set[int] = set()

    def load(self, depth: int) -> None:
        if depth in self.loaded_depths:
            return
        self.loaded_depths.add(depth)
        for parent_id, path in (
            Unit.objects.filter(depth=depth).values_list("parent_id", "path").iterator(5000)
        ):
            number = decode_segment(path[-SEGMENT:])
            if number > self.last.get(parent_id, 0):
                self.last[parent_id] = number

    def next(self, parent: Unit | tuple[int, str, int]) -> str:
        parent_id, parent_path, parent_depth = parent
        self.load(parent_depth + 1)
        number = self.last.get(parent_id, 0) + 1
        self.last[parent_id] = number
        return parent_path + encode_segment(number)


def _country() -> Unit:
    country = Unit.objects.filter(kind=Kind.COUNTRY, code=COUNTRY_CODE).first()
    if country is None:
        country = Unit(kind=Kind.COUNTRY, code=COUNTRY_CODE, name=COUNTRY_NAME)
        country.save()
    return country


def import_divisions(
    *, force: bool = False, progress: Callable[[str, int, int], None] | None = None
) -> ImportResult:
    """Load every official division, in bulk and idempotently.

    Units are matched by (kind, official code): a renamed unit is renamed, a unit whose parent
    changed is moved with its whole subtree, and nothing is created twice. When the source is
    unchanged since the last complete run the import is skipped unless `force` is given.
    """
    started = time.monotonic()
    tables, checksum = read_source()
    expected = 1 + sum(len(rows) for rows in tables.values())
    last = ImportRun.objects.filter(source=SOURCE).first()
    official = Unit.objects.exclude(kind__in=[Kind.ZONE, Kind.NEIGHBORHOOD]).count()
    if not force and last and last.checksum == checksum and official == expected:
        return ImportResult(skipped=True, unchanged=official, seconds=time.monotonic() - started)

    result = ImportResult()
    with transaction.atomic():
        country = _country()
        paths = _Paths()
        # csv id -> (unit id, path, depth) for the level above
        parents: dict[str, tuple[int, str, int]] = {}
        for table, kind, parent_column, _parent_kind in LEVELS:
            rows = tables[table]
            if parent_column is None:
                parent_of = {row["id"]: (country.pk, country.path, country.depth) for row in rows}
            else:
                level_parents = parents[parent_column]
                parent_of = {row["id"]: level_parents[row[parent_column]] for row in rows}
            existing = {
                code: (pk, name, parent_id, path)
                for pk, code, name, parent_id, path in Unit.objects.filter(kind=kind).values_list(
                    "pk", "code", "name", "parent_id", "path"
                )
            }
            new_units: list[Unit] = []
            changed: list[Unit] = []
            moves: list[tuple[str, str]] = []
            for row in rows:
                code = row["code"].strip()
                name = normalize(row["name"])
                parent = parent_of[row["id"]]
                found = existing.get(code)
                if found is None:
                    path = paths.next(parent)
                    new_units.append(
                        Unit(
                            kind=kind,
                            code=code,
                            name=name,
                            name_key=search_key(name),
                            parent_id=parent[0],
                            path=path,
                            depth=parent[2] + 1,
                        )
                    )
                    continue
                pk, old_name, old_parent_id, old_path = found
                path = old_path
                if old_parent_id != parent[0]:
                    path = paths.next(parent)
                    moves.append((old_path, path))
                if old_name != name or old_parent_id != parent[0]:
                    changed.append(
                        Unit(pk=pk, name=name, name_key=search_key(name), parent_id=parent[0], path=path)
                    )
                else:
                    result.unchanged += 1
            for old, new in moves:  # subtrees follow their moved root (rare)
                Unit.objects.filter(path__startswith=old).exclude(path=old).update(
                    path=Concat(Value(new), Substr("path", len(old) + 1))
                )
            if changed:
                Unit.objects.bulk_update(changed, ["name", "name_key", "parent", "path"], batch_size=BATCH)
            for start in range(0, len(new_units), BATCH):
                Unit.objects.bulk_create(new_units[start : start + BATCH], batch_size=BATCH)
                if progress:
                    progress(table, min(start + BATCH, len(new_units)), len(new_units))
            result.created += len(new_units)
            result.updated += len(changed)
            result.per_kind[kind] = len(rows)
            by_code = {
                code: (pk, path, depth)
                for pk, code, path, depth in Unit.objects.filter(kind=kind).values_list(
                    "pk", "code", "path", "depth"
                )
            }
            parents[table] = {row["id"]: by_code[row["code"].strip()] for row in rows}
            if progress and len(new_units) < len(rows):
                progress(table, len(rows), len(rows))
        result.seconds = time.monotonic() - started
        ImportRun.objects.create(
            source=SOURCE,
            checksum=checksum,
            seconds=result.seconds,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    return result


@transaction.atomic
def unit_create(*, parent: Unit, kind: str, name: str, code: str = "") -> Unit:
    """A municipal zone or neighborhood made by staff under a city (or a zone)."""
    unit = Unit(parent=parent, kind=kind, name=name, code=code or "")
    unit.full_clean(exclude=["path", "name_key"])
    unit.save()
    return unit


OFFICIAL_READ_ONLY = (
    "واحدهای رسمی (استان، شهرستان، بخش، شهر، دهستان و روستا) فقط با ورود تقسیمات کشوری تغییر می‌کنند؛ "
    "اینجا فقط منطقه‌های شهرداری و محله‌ها ویرایش می‌شوند."
)


def unit_dependents(unit: Unit) -> dict[str, int]:
    """What still hangs on this unit or below it and would be cut off if it were deactivated,
    as {Persian label: count}: active sub-units, active role assignments, centers that are not
    closed, active assemblies, people registered there, and so on.

    Found from the models themselves, so geo names no app: every model that points at a unit
    with a protected foreign key counts, except its inactive rows (`is_active` false) and closed
    ones (`status` "closed"); history tables and derived caches (cascade) do not count. A role
    held at an inactive unit confers nothing (`scope.user_grants`), so deactivating a unit that
    still has any of these would silently strip people of their work."""
    counts: dict[str, int] = {}
    reverse = (f for f in Unit._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete)
    for relation in reverse:
        model, fk = relation.related_model, relation.field
        names = {f.name for f in model._meta.concrete_fields}
        if not relation.one_to_many or "history_id" in names or relation.on_delete is not PROTECT:
            continue
        rows = model._base_manager.filter(**{f"{fk.name}__path__startswith": unit.path})
        if model is Unit:
            rows = rows.exclude(pk=unit.pk)
        if "is_active" in names:
            rows = rows.filter(is_active=True)
        if "status" in names:
            rows = rows.exclude(status="closed")
        n = rows.count()
        if n:
            label = str(model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + n
    return counts


def _check_can_change(actor: Any, unit: Unit) -> None:
    if unit.kind not in USER_CREATED_KINDS:
        raise PermissionDenied(OFFICIAL_READ_ONLY)
    if actor is not None and not scope.can(actor, "change", unit):
        raise PermissionDenied("شما اجازهٔ ویرایش این واحد را ندارید.")


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, name: str | None = None, is_active: bool | None = None) -> Unit:
    """Rename, deactivate or reactivate a zone or neighborhood made by staff.

    Official divisions are never changed here (only `kanoon import_divisions` changes them). A unit
    is deactivated only when nothing hangs on it any more; otherwise a Persian error says what to
    move or close first. `actor=None` is the system."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_can_change(actor, unit)
    if name is not None:
        unit.name = name
    if is_active is not None:
        if unit.is_active and not is_active:
            dependents = unit_dependents(unit)
            if dependents:
                what = "، ".join(f"{label}: {to_persian_digits(n)}" for label, n in dependents.items())
                raise ValidationError(
                    {
                        "is_active": f"{unit.title} را نمی‌توان غیرفعال کرد؛ هنوز به آن وابسته‌اند ({what}). "
                        "ابتدا آن‌ها را به واحد دیگری منتقل یا غیرفعال کنید."
                    }
                )
        if is_active and unit.parent_id and not unit.parent.is_active:
            raise ValidationError({"is_active": "ابتدا واحد بالادست را فعال کنید."})
        unit.is_active = is_active
    unit.full_clean(exclude=["path", "name_key"])
    unit.save()
    return unit
