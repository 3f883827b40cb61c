"""Member import from .xlsx or .csv (list exports are `kanoon.core.export`).

Every row is validated (national code, names, gender, mobile, dates, duplicates in the file and
in the center). Good rows are saved — each row whole (person + membership) or not at all —
and rejected rows are written to an Excel file with the reason per row. Nothing is lost
silently: processed = saved + rejected.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from kanoon.core import formats, jalali
from kanoon.core.text import is_blank_text, normalize, search_key, to_latin_digits
from kanoon.core.validators import (
    is_valid_mobile,
    is_valid_national_code,
    normalize_mobile,
    normalize_national_code,
)
from kanoon.core.xlsx import safe_row

from . import rollups
from .models import (
    AutoRule,
    Center,
    Education,
    Gender,
    ImportStatus,
    MemberImport,
    Membership,
    MembershipKind,
    MembershipSource,
    MembershipStatus,
    Person,
)

# (header in the template, key, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("کد ملی", "national_code", True),
    ("نام", "first_name", True),
    ("نام خانوادگی", "last_name", True),
    ("جنسیت", "gender", True),
    ("تاریخ تولد", "birth_date", False),
    ("شماره همراه", "mobile", False),
    ("تحصیلات", "education", False),
    ("شغل", "occupation", False),
    ("مهارت‌ها", "skills", False),
    ("نوع عضویت", "kind", False),
    ("تاریخ عضویت", "joined_on", False),
]
REASON_HEADER = "دلیل رد"
HEADER_KEYS = {normalize(h).replace("\u200c", " "): key for h, key, _ in COLUMNS}
GENDERS = {
    "زن": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "مونث": Gender.FEMALE,
    "خانم": Gender.FEMALE,
}
GENDERS |= {
    "مرد": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "مذکر": Gender.MALE,
    "آقا": Gender.MALE,
}
KINDS = {"عضو": MembershipKind.MEMBER, "member": MembershipKind.MEMBER, "داوطلب": MembershipKind.VOLUNTEER}
KINDS |= {"volunteer": MembershipKind.VOLUNTEER, "": MembershipKind.MEMBER}
EDUCATION = {normalize(label): value for value, label in Education.choices} | {v: v for v in Education.values}
CHUNK = 2000  # rows checked against the database and saved together (one transaction)
BACKGROUND_THRESHOLD = 300  # rows; larger files run as a background task
INLINE_MAX_BYTES = 40_000  # bytes; a larger upload is always parsed by the background task
MAX_ROWS = 100_000


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, no header...). Message in Persian."""


@dataclass
class RowResult:
    number: int  # row number in the file (header = 1)
    raw: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def template_workbook() -> bytes:
    """The downloadable template: the header row and two example rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "اعضا"
    ws.sheet_view.rightToLeft = True
    ws.append([h for h, _, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "0012345679",
            "مریم",
            "احمدی",
            "زن",
            "1370/05/12",
            "09121234567",
            "کارشناسی",
            "معلم",
            "کمک‌های اولیه، آشپزی",
            "عضو",
            "1403/02/01",
        ]
    )
    ws.append(["0084575948", "علی", "رضایی", "مرد", "", "", "", "", "", "داوطلب", ""])
    for column, width in zip("ABCDEFGHIJK", (14, 14, 18, 8, 12, 14, 12, 14, 24, 10, 12), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if type(value) is str:  # most cells: the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---- limits, checked on the file's bytes before anything parses it ------------------------
MAX_COLS = 40  # the template has 11 columns; a few extra (notes) are tolerated, the rest ignored
MAX_FILE_BYTES = 20 * 1024 * 1024  # what an upload may weigh
MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_CSV_LINE = 4000  # characters in one CSV line
MAX_ZIP_MEMBERS = 200
MAX_UNCOMPRESSED = 64 * 1024 * 1024  # all parts of the workbook once unpacked
MAX_PART = 48 * 1024 * 1024  # one sheet once unpacked
MAX_SHARED_STRINGS = 16 * 1024 * 1024  # xl/sharedStrings.xml once unpacked (kept in memory by openpyxl)
MAX_RATIO = 150  # unpacked / packed size of one part: real sheets stay far below
ZIP_MAGIC = b"PK\x03\x04"
TOO_BIG = (
    "فایل بیش از اندازه بزرگ است یا بیش از حد فشرده شده است؛ حداکثر {rows} سطر و {cols} ستون پذیرفته می‌شود."
)
NOT_A_SHEET = "این فایل Excel ‎(.xlsx)‎ یا CSV نیست؛ از قالب نمونه استفاده کنید."
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _too_big() -> ImportFileError:
    return ImportFileError(TOO_BIG.format(rows=formats.number(MAX_ROWS), cols=formats.number(MAX_COLS)))


def sniff(content: bytes | Any) -> str:
    """'xlsx' or 'csv', decided by the content (zip magic), never by the file name."""
    head = content[:4] if isinstance(content, bytes | bytearray) else _peek(content, 4)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head[:2] in (b"\xd0\xcf", b"\x1f\x8b") or head[:4] in (b"%PDF", b"Rar!", b"\x89PNG"):
        raise ImportFileError(NOT_A_SHEET)
    sample = content[:8192] if isinstance(content, bytes | bytearray) else _peek(content, 8192)
    if b"\x00" in sample:
        raise ImportFileError("فایل نویسهٔ تهی (NUL) دارد و فایل متنی CSV نیست؛ آن را دوباره ذخیره کنید.")
    return "csv"


def _peek(f: Any, n: int) -> bytes:
    pos = f.tell()
    data = f.read(n)
    f.seek(pos)
    return data


def check_xlsx(content: bytes | Any, *, deep: bool = True) -> None:
    """Refuse a workbook that would be expensive to open, using only the zip's directory and (when
    `deep`) one streaming pass over each sheet's XML: too many parts, parts too large once
    unpacked, a compression ratio no real sheet has, a declared or actual width beyond
    `MAX_COLS` columns or height beyond `MAX_ROWS` rows. Raises ImportFileError (Persian)."""
    source = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    try:
        z = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(NOT_A_SHEET)
    with z:
        infos = z.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise ImportFileError(NOT_A_SHEET)
        if len(infos) > MAX_ZIP_MEMBERS:
            raise _too_big()
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise _too_big()
        sheets = []
        for i in infos:
            if i.file_size > MAX_PART or i.file_size > MAX_RATIO * max(i.compress_size, 1024):
                raise _too_big()
            if i.filename == "xl/sharedStrings.xml" and i.file_size > MAX_SHARED_STRINGS:
                raise _too_big()
            if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                sheets.append(i)
        if not sheets:
            raise ImportFileError(NOT_A_SHEET)
        for info in sheets:
            _check_sheet(z, info, deep=deep)


def _check_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, *, deep: bool) -> None:
    try:
        with z.open(info) as f:
            head = f.read(4096)
            m = _DIMENSION.search(head)
            if m and m.group(3):
                if _col_number(m.group(3)) > MAX_COLS or int(m.group(4)) > MAX_ROWS + 1:
                    raise _too_big()
            if not deep:
                return
            tail = b""
            chunk = head
            read = len(head)
            while chunk:
                window = tail + chunk
                for cm in _CELL_REF.finditer(window):
                    if _col_number(cm.group(1)) > MAX_COLS or int(cm.group(2)) > MAX_ROWS + 1:
                        raise _too_big()
                tail = window[-64:]
                chunk = f.read(1 << 20)
                read += len(chunk)
                if read > MAX_PART:  # the directory lied about the size
                    raise _too_big()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise ImportFileError(NOT_A_SHEET)


def _decode_csv(content: bytes) -> str:
    if len(content) > MAX_CSV_BYTES:
        raise ImportFileError(
            f"فایل CSV حداکثر {formats.number(MAX_CSV_BYTES // (1024 * 1024))} مگابایت می‌تواند باشد."
        )
    if b"\x00" in content:
        raise ImportFileError("فایل نویسهٔ تهی (NUL) دارد و فایل متنی CSV نیست؛ آن را دوباره ذخیره کنید.")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1256")
        except UnicodeDecodeError:
            raise ImportFileError("نویسه‌های فایل CSV خوانده نشد؛ آن را با کدگذاری UTF-8 ذخیره کنید.")


def check_csv_head(head: bytes) -> None:
    """The first line of a CSV (from its first bytes) must name the required columns."""
    if b"\x00" in head:
        raise ImportFileError("فایل نویسهٔ تهی (NUL) دارد و فایل متنی CSV نیست؛ آن را دوباره ذخیره کنید.")
    line = head.split(b"\n", 1)[0]
    if not line.strip() or len(line) > 4 * MAX_CSV_LINE:
        raise ImportFileError(NOT_A_SHEET)
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = line.decode("cp1256", errors="replace")
    map_headers(next(csv.reader([text]), [])[:MAX_COLS])


def _csv_rows(text: str) -> Iterator[list[str]]:
    lines = io.StringIO(text)

    def bounded() -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_CSV_LINE:
                raise ImportFileError(
                    f"سطر {formats.number(number)} فایل CSV بیش از {formats.number(MAX_CSV_LINE)} نویسه است."
                )
            if number > MAX_ROWS + 1:
                raise _too_big()
            yield line

    for row in csv.reader(bounded()):
        if len(row) > MAX_COLS:
            row = row[:MAX_COLS]
        yield row


def read_rows(content: bytes, filename: str = "") -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(headers, iterator of (row number, cells)) for a .xlsx or .csv file, told apart by content.
    A workbook is checked by `check_xlsx` first and then streamed (read-only, at most
    `MAX_COLS` columns); a CSV is bounded in bytes, line length and columns."""
    source: Iterable[Sequence[Any]]
    if sniff(content) == "xlsx":
        check_xlsx(content)
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            source = wb.active.iter_rows(max_col=MAX_COLS, values_only=True)
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError("فایل Excel خوانده نشد؛ آن را با قالب نمونه مقایسه کنید.")
    else:
        source = _csv_rows(_decode_csv(content))
    iterator = iter(source)
    try:
        headers = [_cell(c) for c in next(iterator)]
    except StopIteration:
        raise ImportFileError("فایل خالی است.")
    except csv.Error:
        raise ImportFileError("فایل CSV خوانده نشد؛ آن را با قالب نمونه مقایسه کنید.")

    def rows_of() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(iterator, start=2):
                if number > MAX_ROWS + 1:
                    raise ImportFileError(
                        f"هر فایل حداکثر {formats.number(MAX_ROWS)} سطر می‌تواند داشته باشد."
                    )
                cells = [_cell(c) for c in row]
                if any(cells):
                    yield number, cells
        except csv.Error:
            raise ImportFileError("فایل CSV خوانده نشد؛ آن را با قالب نمونه مقایسه کنید.")

    return headers, rows_of()


def map_headers(headers: list[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = HEADER_KEYS.get(normalize(header).replace("\u200c", " "))
        if key is None and header.strip() in {k for _, k, _ in COLUMNS}:
            key = header.strip()
        if key:
            mapping[index] = key
    missing = [h for h, key, required in COLUMNS if required and key not in mapping.values()]
    if missing:
        raise ImportFileError(
            f"این ستون‌ها در سطر اول فایل نیستند: {'، '.join(missing)}. از قالب نمونه استفاده کنید."
        )
    return mapping


class _Memo(dict):
    """Values that repeat from row to row (names, labels, dates) are worked out once per import."""

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.fn(key)
        return value


def _parse_date(value: str) -> tuple[dt.date | None, str]:
    """(the date, "") or (None, what is wrong, to follow the column's label)."""
    try:
        parsed = jalali.parse_date(value)
    except jalali.JalaliError as exc:
        return None, f": {exc}"
    if parsed > jalali.today():
        return None, " در آینده است."
    if parsed.year < 1900:
        return None, " نامعتبر است."
    return parsed, ""


def _skills(value: str) -> list[str]:
    # as Person.clean() keeps them: normalized, no blank ones, each once, sorted
    return sorted(
        {s for s in (normalize(p) for p in value.replace("،", ",").split(",")) if not is_blank_text(s)}
    )


class Checks:
    """The memos of one import (see `_Memo`); `validate_row` makes its own when given none."""

    def __init__(self) -> None:
        self.text = _Memo(normalize)
        self.lower = _Memo(lambda v: normalize(v).lower())
        self.dates = _Memo(lambda v: _parse_date(to_latin_digits(v)))
        self.skills = _Memo(_skills)


def _date(value: str, label: str, errors: list[str], checks: Checks) -> dt.date | None:
    if not value:
        return None
    parsed, problem = checks.dates[value]
    if problem:
        errors.append(f"{label}{problem}")
    return parsed


def validate_row(number: int, raw: dict[str, str], checks: Checks | None = None) -> RowResult:
    """Check one row on its own (no database)."""
    checks = checks or Checks()
    r = RowResult(number=number, raw=raw)
    errors = r.errors
    code = normalize_national_code(raw.get("national_code", ""))
    if len(code) in (8, 9) and code.isdigit():
        code = code.zfill(10)  # Excel drops leading zeros
    if not code:
        errors.append("کد ملی خالی است.")
    elif not is_valid_national_code(code):
        errors.append("کد ملی معتبر نیست.")
    first, last = checks.text[raw.get("first_name", "")], checks.text[raw.get("last_name", "")]
    if not first:
        errors.append("نام خالی است.")
    if not last:
        errors.append("نام خانوادگی خالی است.")
    if len(first) > 100 or len(last) > 100:
        errors.append("نام یا نام خانوادگی بیش از ۱۰۰ نویسه است.")
    gender = GENDERS.get(checks.lower[raw.get("gender", "")])
    if gender is None:
        errors.append("جنسیت باید «زن» یا «مرد» باشد.")
    mobile = raw.get("mobile", "")
    if mobile:
        if not is_valid_mobile(mobile):
            errors.append("شماره همراه معتبر نیست.")
        mobile = normalize_mobile(mobile)
    education = ""
    if raw.get("education"):
        education = EDUCATION.get(checks.text[raw["education"]], "")
        if not education:
            errors.append("تحصیلات شناخته نشد.")
    kind = KINDS.get(checks.lower[raw.get("kind", "")])
    if kind is None:
        errors.append("نوع عضویت باید «عضو» یا «داوطلب» باشد.")
    birth = _date(raw.get("birth_date", ""), "تاریخ تولد", errors, checks)
    joined = _date(raw.get("joined_on", ""), "تاریخ عضویت", errors, checks)
    r.data = {
        "national_code": code,
        "first_name": first,
        "last_name": last,
        "gender": gender,
        "birth_date": birth,
        "mobile": mobile,
        "education": education,
        "occupation": checks.text[raw.get("occupation", "")][:150],
        "skills": checks.skills[raw.get("skills", "")],
        "kind": kind,
        "joined_on": joined,
    }
    return r


@dataclass
class ImportReport:
    total: int = 0
    created_people: int = 0
    linked_people: int = 0
    created_memberships: int = 0
    rejected: list[RowResult] = field(default_factory=list)


PERSON_FIELDS = ("national_code", "first_name", "last_name", "gender", "birth_date", "mobile", "education")
PERSON_FIELDS += ("occupation", "skills")


def _person(d: dict[str, Any], unit: Any, user: Any) -> Person:
    return Person(**{k: d[k] for k in PERSON_FIELDS}, registered_unit=unit, created_by=user)


def person_error(d: dict[str, Any]) -> str:
    """What the Person model's own checks (`clean_fields`, `clean`) refuse in a row that
    `validate_row` passed, or "". They are asked only of rows that need them: after
    `validate_row` a row's names are normalized, non-blank and at most 100 characters, its
    gender, education and mobile are valid values, its dates are in range and its occupation is
    cut to 150 characters, so what remains is the limit on skills (and, to be safe, blank
    names). The same for every row, its code on file or not (tests/centers/test_import_bulk.py
    checks this against `full_clean` on generated rows)."""
    skills = d["skills"]
    if (
        len(skills) <= 30
        and all(len(s) <= 100 for s in skills)
        and not is_blank_text(d["first_name"])
        and not is_blank_text(d["last_name"])
    ):
        return ""
    person = _person(d, None, None)
    try:
        person.clean_fields(exclude=["registered_unit", "created_by", "national_code"])
        person.clean()
    except ValidationError as exc:
        return _message(exc)
    return ""


def _facts(rows: Iterable[tuple[str, dt.date | None, dt.date]]) -> rollups.Facts:
    """The roll-up facts of new active memberships given as (gender, birth date, joined on):
    each distinct combination is worked out once and counted as often as it occurs."""
    total: rollups.Facts = Counter()
    for (gender, birth_date, joined_on), n in Counter(rows).items():
        facts = rollups.membership_facts(
            status=MembershipStatus.ACTIVE,
            joined_on=joined_on,
            left_on=None,
            gender=gender,
            birth_date=birth_date,
        )
        for key, value in facts.items():
            total[key] += value * n
    return total


_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _preparer(f: models.Field, db: Any) -> Any:
    """`f.get_db_prep_save`, worked out once per distinct value (dates, timestamps and skill
    lists repeat from row to row)."""
    cache: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        key = ("list", *value) if isinstance(value, list) else value
        try:
            return cache[key]
        except KeyError:
            cache[key] = out = f.get_db_prep_save(value, connection=db)
            return out
        except TypeError:  # not hashable
            return f.get_db_prep_save(value, connection=db)

    return prepare


def _insert(model: type[models.Model], rows: list[dict[str, Any]], now: dt.datetime) -> list[int] | None:
    """Insert rows given as {attname: value} into the model's table, many rows per statement,
    and return their new primary keys in order (None on a backend that cannot return them).

    The same rows `QuerySet.bulk_create` would write — every concrete field but an automatic
    primary key, a field missing from a row taking its default (`now` for auto_now and
    auto_now_add timestamps), each value prepared by its
    field (`get_db_prep_save`; text, numbers, booleans and ids go as they are) — without
    building a model instance and compiling each value per row, which was most of an import's
    time. No signals are sent (as with bulk_create)."""
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    db = connections[DEFAULT_DB_ALIAS]
    prepare = [None if isinstance(f, _PLAIN) else _preparer(f, db) for f in fields]
    values = []
    for row in rows:
        row = {**defaults, **row}
        for f, prep in zip(fields, prepare, strict=True):
            value = row[f.attname]
            if prep is None:
                values.append(value.value if isinstance(value, enum.Enum) else value)
            else:
                values.append(None if value is None else prep(value))
    qn = db.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    if db.vendor == "postgresql":
        return _copy(db, meta, fields, columns, values)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = db.features.can_return_rows_from_bulk_insert
    per_statement = max(1, (db.features.max_query_params or 65535) // len(fields))
    ids: list[int] = []
    width = len(fields)
    with db.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            n = min(per_statement, len(rows) - start)
            sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {', '.join([one] * n)}"
            params = values[start * width : (start + n) * width]
            if returning:
                cursor.execute(f"{sql} RETURNING {qn(meta.pk.column)}", params)
                ids.extend(pk for (pk,) in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids if returning else None


def _copy(db: Any, meta: Any, fields: list[models.Field], columns: str, values: list[Any]) -> list[int]:
    """PostgreSQL: the new ids drawn from the primary key's sequence in one query, then the rows
    sent with COPY (a multi-row INSERT's tens of thousands of placeholders cost more to bind
    than the rows to write)."""
    qn = db.ops.quote_name
    width = len(fields)
    n = len(values) // width
    with db.cursor() as cursor, db.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, n],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        copy_sql = f"COPY {qn(meta.db_table)} ({qn(meta.pk.column)}, {columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for i, pk in enumerate(ids):
                copy.write_row((pk, *values[i * width : (i + 1) * width]))
    return ids


def _history(model: type[models.Model], rows: list[dict[str, Any]], when: Any, user: Any) -> None:
    """The "created" history rows of new rows (what simple-history's `bulk_history_create`
    writes: the tracked fields, history type "+", date, user, no change reason)."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    tracked = [f.attname for f in history.tracked_fields]
    defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}
    extra = {
        "history_date": when,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": None,
    }
    _insert(
        history,
        [{**{name: row.get(name, defaults[name]) for name in tracked}, **extra} for row in rows],
        when,
    )


def _save_chunk(center: Center, rows: list[RowResult], report: ImportReport, actor: Any) -> None:
    """Check a chunk against the database and save its good rows in bulk, in one transaction:
    one query finds the codes on file and which of them are already members here, then one
    insert (per batch) each of new people, their history, the memberships and theirs, and one
    roll-up increment per unit and key."""
    codes = [r.data["national_code"] for r in rows]
    current = Membership.objects.filter(
        center=center,
        person=OuterRef("pk"),
        status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE],
    )
    # Who is on file is read only to link them (never shown, never overwritten).
    on_file = {
        code: (pk, gender, birth_date, member)
        for code, pk, gender, birth_date, member in Person.objects.filter(national_code__in=codes)
        .order_by()
        .annotate(member=Exists(current))
        .values_list("national_code", "pk", "gender", "birth_date", "member")
    }
    good: list[RowResult] = []
    for r in rows:
        known = on_file.get(r.data["national_code"])
        if known is not None and known[3]:
            r.errors.append("این فرد از قبل عضو این کانون است.")
            report.rejected.append(r)
            continue
        # Every row is checked as a person the same way, known code or not (no answer may tell
        # that a code is on file elsewhere); a known person is then linked, never overwritten.
        problem = person_error(r.data)
        if problem:
            r.errors.append(problem)
            report.rejected.append(r)
        else:
            good.append(r)
    if not good:
        return
    today = jalali.today()
    user = actor if getattr(actor, "is_authenticated", False) else None
    unit = center.unit
    user_id = getattr(user, "pk", None)
    new_people = [
        {
            **{k: r.data[k] for k in PERSON_FIELDS},
            "name_key": search_key(f"{r.data['first_name']} {r.data['last_name']}"),
            "registered_unit_id": unit.pk,
            "created_by_id": user_id,
        }
        for r in good
        if r.data["national_code"] not in on_file
    ]
    try:
        with transaction.atomic():
            now = timezone.now()
            new_ids = _insert(Person, new_people, now)
            if new_ids is None:  # a backend without RETURNING
                found = dict(
                    Person.objects.filter(
                        national_code__in=[p["national_code"] for p in new_people]
                    ).values_list("national_code", "pk")
                )
                new_ids = [found[p["national_code"]] for p in new_people]
            for person, pk in zip(new_people, new_ids, strict=True):
                person["id"] = pk
            _history(Person, new_people, now, user)
            ids = {code: known[0] for code, known in on_file.items()}
            ids.update((p["national_code"], p["id"]) for p in new_people)
            memberships = [
                {
                    "created_at": now,
                    "updated_at": now,
                    "center_id": center.pk,
                    "person_id": ids[r.data["national_code"]],
                    "kind": r.data["kind"],
                    "status": MembershipStatus.ACTIVE,
                    "joined_on": r.data["joined_on"] or today,
                    "left_on": None,
                    "source": MembershipSource.IMPORT,
                    "note": "",
                    "decided_by_id": user_id,
                }
                for r in good
            ]
            member_ids = _insert(Membership, memberships, now)
            if member_ids is None:
                member_ids = list(
                    Membership.objects.filter(
                        center=center, person_id__in=[m["person_id"] for m in memberships], created_at=now
                    )
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
            for m, pk in zip(memberships, member_ids, strict=True):
                m["id"] = pk
            _history(Membership, memberships, now, user)
            # one increment per unit and key for the chunk; a linked person counts with the
            # gender and birth date on file, not the row's
            people = []
            for m, r in zip(memberships, good, strict=True):
                known = on_file.get(r.data["national_code"])
                people.append(
                    (*(known[1:3] if known else (r.data["gender"], r.data["birth_date"])), m["joined_on"])
                )
            rollups.added_facts([(unit.path, _facts(people))])
    except IntegrityError:
        # a concurrent write took one of the codes: fall back to row by row
        for r in good:
            try:
                with transaction.atomic():
                    _save_one(center, r, user, report)
            except (IntegrityError, ValidationError) as exc:
                r.errors.append(_message(exc))
                report.rejected.append(r)
        return
    report.created_people += len(new_people)
    report.linked_people += len(good) - len(new_people)
    report.created_memberships += len(good)


def _save_one(center: Center, r: RowResult, user: Any, report: ImportReport) -> None:
    d = r.data
    person = Person.objects.filter(national_code=d["national_code"]).first()
    if person is None:
        person = _person(d, center.unit, user)
        person.full_clean()
        person.save()
        report.created_people += 1
    else:
        report.linked_people += 1
    m = Membership(
        center=center,
        person=person,
        kind=d["kind"],
        joined_on=d["joined_on"] or jalali.today(),
        source=MembershipSource.IMPORT,
        decided_by=user,
    )
    m.full_clean()
    m.save()
    rollups.added("membership", [m.pk])
    report.created_memberships += 1


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return "ذخیره نشد (تداخل با ثبت هم‌زمان)."


def import_members(
    *, center: Center, content: bytes, filename: str, actor: Any = None, progress: Any = None
) -> ImportReport:
    """Validate and save every row; `progress(processed, total)` is called after each chunk.
    Each chunk of `CHUNK` rows is saved in one transaction (its good rows all or none; if a
    concurrent write takes one of its codes, its rows are saved one by one instead)."""
    headers, rows = read_rows(content, filename)
    mapping = map_headers(headers)
    keys = list(mapping.items())
    all_rows = []
    for number, cells in rows:
        width = len(cells)
        all_rows.append((number, {key: (cells[i] if i < width else "") for i, key in keys}))
        if len(all_rows) > MAX_ROWS:
            raise ImportFileError(f"هر فایل حداکثر {formats.number(MAX_ROWS)} سطر می‌تواند داشته باشد.")
    report = ImportReport(total=len(all_rows))
    checks = Checks()
    seen: dict[str, int] = {}
    processed = 0
    for start in range(0, len(all_rows), CHUNK):
        chunk = []
        for number, raw in all_rows[start : start + CHUNK]:
            r = validate_row(number, raw, checks)
            code = r.data.get("national_code")
            if not r.errors and code in seen:
                r.errors.append(f"کد ملی تکراری در فایل (همان سطر {formats.number(seen[code])}).")
            if r.errors:
                report.rejected.append(r)
            else:
                seen[code] = number
                chunk.append(r)
        if chunk:
            _save_chunk(center, chunk, report, actor)
        processed = min(start + CHUNK, len(all_rows))
        if progress is not None:
            progress(processed, report.total)
    if report.created_memberships:
        from .services import establishment_record_fact

        establishment_record_fact(center=center, rule=AutoRule.MEMBERS_REGISTERED)
    report.rejected.sort(key=lambda r: r.number)
    return report


def rejected_workbook(rejected: list[RowResult]) -> bytes:
    """The rejected rows with their original values and the reason, as .xlsx."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("ردشده‌ها")
    ws.sheet_properties.tabColor = "C00000"
    ws.sheet_view.rightToLeft = True
    ws.append(safe_row(ws, ["سطر", *[h for h, _, _ in COLUMNS], REASON_HEADER]))
    for r in rejected:
        ws.append(
            safe_row(ws, [r.number, *[r.raw.get(key, "") for _, key, _ in COLUMNS], " ".join(r.errors)])
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run_import(member_import: MemberImport, actor: Any = None) -> MemberImport:
    """Run a stored MemberImport, updating its progress and result."""
    mi = member_import
    MemberImport.objects.filter(pk=mi.pk).update(status=ImportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        MemberImport.objects.filter(pk=mi.pk).update(processed_rows=done, total_rows=total)

    try:
        with mi.file.open("rb") as f:
            content = f.read()
        report = import_members(
            center=mi.center,
            content=content,
            filename=mi.original_name or mi.file.name,
            actor=actor,
            progress=progress,
        )
    except ImportFileError as exc:
        mi.status, mi.error, mi.finished_at = ImportStatus.FAILED, str(exc), timezone.now()
        mi.save(update_fields=["status", "error", "finished_at"])
        return mi
    mi.refresh_from_db()
    mi.status = ImportStatus.DONE
    mi.total_rows = mi.processed_rows = report.total
    mi.created_people, mi.linked_people = report.created_people, report.linked_people
    mi.created_memberships, mi.rejected_rows = report.created_memberships, len(report.rejected)
    mi.finished_at = timezone.now()
    if report.rejected:
        mi.rejected_file.save(
            f"rejected-{mi.pk}.xlsx", ContentFile(rejected_workbook(report.rejected)), save=False
        )
    mi.save()
    return mi


# ----------------------------------------------------------------------------------------
# Excel files (list exports: kanoon.core.export)
# ----------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
