"""Excel export of list pages: the one mechanism every list's «خروجی اکسل» goes through.

A list view computes its queryset exactly as for the page (scoped through `kanoon.core.scope`,
filtered by the page's own filters, in the page's own order) and, when the request asks for it,
hands that queryset to `xlsx_response` instead of paginating it:

    COLUMNS = [
        export.Column("نام", "name"),
        export.Column("وضعیت", "status", "choice"),      # the Persian label of the choice
        export.Column("تاریخ تشکیل", "founded_on", "date"),  # Jalali text «۱۴۰۳/۰۵/۱۲»
        export.Column("اعضا", "n_members", "number"),      # a numeric cell
    ]
    if export.wanted(request):
        return export.xlsx_response(request, "centers", COLUMNS, qs, title="کانون‌ها", filters=filterset.form)

The file is a right-to-left sheet: row 1 says what the list is, what it was filtered by and when
it was exported (Jalali); row 2 holds the Persian headers (bold, frozen, with an auto-filter);
columns are sized to their content. Every text cell goes through `kanoon.core.xlsx.safe_cell`,
so a name such as «=HYPERLINK(...)» stays text. Numbers are numeric cells (Excel shows and sums
them); a number inside text (the title row) is written by `kanoon.core.formats`.

The workbook is built in openpyxl's write-only mode (rows go to disk, not memory). A list of more
than `MAX_ROWS` rows is refused with a Persian message asking to filter more, because a sheet
that large is neither readable nor quick to make on a shared server.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import formats, jalali
from .xlsx import is_risky, safe_cell

PARAM = "export"  # ?export=xlsx on the list's own address
VALUE = "xlsx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000
SAMPLE = 200  # rows read before writing, to size the columns
MIN_WIDTH, MAX_WIDTH = 8, 60
YES, NO = "بله", "خیر"

KINDS = frozenset({"auto", "text", "number", "date", "datetime", "choice", "bool"})


def too_many_message(limit: int = MAX_ROWS) -> str:
    return (
        f"این فهرست بیش از {formats.number(limit)} ردیف دارد و خروجی اکسل آن ساخته نمی‌شود؛ "
        "با پالایه‌ها (جستجو، واحد، وضعیت، ...) فهرست را کوچک‌تر کنید و دوباره بگیرید."
    )


@dataclass(frozen=True)
class Column:
    """One column of an export.

    `value`: None takes the row's item at the column's position (rows of tuples); a string is an
    attribute path on the row's object («unit.name» or «unit__name»; a callable found at the end
    is called); a callable is called with the row. `kind`: "text", "number", "date" (Jalali
    date), "datetime" (Jalali date and time), "choice" (the Persian label of a choice field:
    the path's last part is the field name), "bool" (بله/خیر) or "auto" (decided by the value).
    """

    header: str
    value: str | Callable[[Any], Any] | None = None
    kind: str = "auto"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title (also the title row's first words), columns, rows."""

    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Any]


class TooManyRows(Exception):
    pass


def wanted(request: Any) -> bool:
    """Whether the list page is asked for its Excel file (``?export=xlsx``)."""
    return request.GET.get(PARAM) == VALUE


# ---- values ---------------------------------------------------------------------------------


def _resolve(obj: Any, path: str) -> Any:
    value = obj
    for part in path.replace("__", ".").split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(part)
        else:
            value = getattr(value, part, None)
    if callable(value) and not isinstance(value, Model):
        value = value()
    return value


def _choice_label(obj: Any, path: str) -> Any:
    parts = path.replace("__", ".").split(".")
    owner = _resolve(obj, ".".join(parts[:-1])) if len(parts) > 1 else obj
    if owner is None:
        return None
    display = getattr(owner, f"get_{parts[-1]}_display", None)
    if display is not None:
        return display()
    return _resolve(owner, parts[-1])


def _raw(column: Column, row: Any, index: int) -> Any:
    if column.value is None:
        return row[index]
    if callable(column.value):
        return column.value(row)
    if column.kind == "choice":
        return _choice_label(row, column.value)
    return _resolve(row, column.value)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def cell_value(value: Any, kind: str = "auto") -> Any:
    """What goes into the cell for `value` of `kind` (before `safe_cell`)."""
    if value is None or value == "":
        return None
    if kind == "bool" or (kind == "auto" and isinstance(value, bool)):
        return YES if value else NO
    if kind in {"date", "datetime", "auto"} and isinstance(value, dt.datetime):
        if kind == "date":
            return jalali.format_date(_local(value).date())
        return jalali.format_datetime(_local(value))
    if kind in {"date", "datetime", "auto"} and isinstance(value, dt.date):
        return jalali.format_date(value)
    if kind == "number" or (kind == "auto" and isinstance(value, int | float | Decimal)):
        if isinstance(value, int | float | Decimal):
            return value
        parsed = formats.parse_number(value)
        return parsed if parsed is not None else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return "، ".join(str(cell_value(v) or "") for v in value)
    if isinstance(value, str):
        return value
    return str(value)


def _columns(columns: Sequence[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(str(c)) for c in columns]


def _row_values(columns: list[Column], row: Any) -> list[Any]:
    return [cell_value(_raw(c, row, i), c.kind) for i, c in enumerate(columns)]


# ---- what was filtered ----------------------------------------------------------------------


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.date | dt.datetime):
        return jalali.format_date(value)
    if isinstance(value, int | float | Decimal):
        return formats.number(value)
    if isinstance(value, QuerySet | list | tuple | set):
        return "، ".join(_shown(v) for v in value)
    return formats.digits(str(value))


def _form_filters(request: Any, form: forms.Form) -> list[tuple[str, str]]:
    cleaned = getattr(form, "cleaned_data", None) or {}
    data = form.data if form.is_bound else request.GET
    found = []
    for name, field in form.fields.items():
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        raw = [str(v) for v in values if v is not None and str(v).strip()]
        if not raw:
            continue
        label = str(field.label or name)
        choices = dict(getattr(field, "choices", None) or [])
        if name in cleaned and cleaned[name] not in (None, "", [], ()) and not choices:
            shown = _shown(cleaned[name])
        elif choices:
            shown = "، ".join(str(choices.get(v, choices.get(_int(v), v))) for v in raw)
        else:
            shown = "، ".join(raw)
        found.append((label, shown))
    return found


def _int(value: str) -> Any:
    return int(value) if value.isdigit() else value


def describe_filters(
    request: Any, filters: forms.Form | Mapping[str, Any] | Sequence[tuple[str, str]] | None = None
) -> str:
    """The filters of the request in Persian: «وضعیت: فعال؛ جستجو: مریم».

    `filters` is the page's bound filter form (its field labels and choice labels are used), or
    a mapping of query parameter → label (or → (label, {value: shown})), or the pairs already
    made; None is a list without filters (its query parameters are not shown: they have no
    Persian labels)."""
    pairs: list[tuple[str, str]] = []
    if isinstance(filters, forms.BaseForm):
        pairs = _form_filters(request, filters)
    elif isinstance(filters, Mapping):
        for name, spec in filters.items():
            raw = [v for v in request.GET.getlist(name) if v.strip()]
            if not raw:
                continue
            label, choices = (spec, {}) if isinstance(spec, str) else spec
            pairs.append((label, "، ".join(str(choices.get(v, v)) for v in raw)))
    elif filters is not None:
        pairs = [(str(a), str(b)) for a, b in filters if str(b).strip()]
    return "؛ ".join(f"{label}: {formats.digits(value)}" for label, value in pairs)


# ---- the workbook ---------------------------------------------------------------------------


def _width(value: Any) -> float:
    if value is None:
        return 0
    text = value.value if hasattr(value, "data_type") else value
    longest = max((len(line) for line in str(text).splitlines()), default=0)
    return longest * 1.15 + 2


def _write_sheet(book: Workbook, sheet: Sheet, caption: str, limit: int) -> int:
    columns = _columns(sheet.columns)
    ws = book.create_sheet(_sheet_title(sheet.title))
    ws.sheet_view.rightToLeft = True
    ws.freeze_panes = "A3"  # the title row and the header stay in view
    rows = sheet.rows
    if isinstance(rows, QuerySet):
        if rows.count() > limit:
            raise TooManyRows
        rows = rows.iterator(chunk_size=2000)
    rows = iter(rows)
    sample = [[safe_cell(v, ws) for v in _row_values(columns, r)] for r in itertools.islice(rows, SAMPLE)]
    if len(sample) > limit:
        raise TooManyRows
    for i, column in enumerate(columns, start=1):
        width = max([_width(column.header) + 2, *(_width(r[i - 1]) for r in sample)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)

    ws.append([_text_cell(ws, caption, Font(bold=True, size=12), Alignment(horizontal="right"))])
    bold, centered = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([_text_cell(ws, column.header, bold, centered) for column in columns])
    count = 0
    for values in sample:
        ws.append(values)
        count += 1
    for row in rows:
        count += 1
        if count > limit:
            raise TooManyRows
        ws.append([safe_cell(v, ws) for v in _row_values(columns, row)])
    if columns:
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A2:{last}{count + 2}"
        ws.merged_cells.add(f"A1:{last}1")
    return count


def _text_cell(ws: Any, text: str, font: Font, alignment: Alignment) -> WriteOnlyCell:
    """A styled cell that always holds `text` as text (never read as a formula)."""
    cell = WriteOnlyCell(ws)
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = is_risky(text)
    cell.font, cell.alignment = font, alignment
    return cell


def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text.strip()[:31] or "فهرست"


def caption(request: Any, title: str, filters: Any = None, now: dt.datetime | None = None) -> str:
    """Row 1 of a sheet: what the list is, its filters and when it was exported (Jalali)."""
    described = describe_filters(request, filters)
    when = jalali.format_datetime(_local(now or timezone.now()))
    return "؛ ".join(
        [title, f"پالایه‌ها — {described}" if described else "بدون پالایه", f"تاریخ خروجی: {when}"]
    )


def workbook_response(
    request: Any,
    filename: str,
    sheets: Sequence[Sheet],
    *,
    filters: Any = None,
    limit: int = MAX_ROWS,
) -> HttpResponse:
    """An .xlsx download of `sheets` (see the module notes), or — above `limit` rows in a
    sheet — a redirect back to the list without the export, with a Persian message."""
    book = Workbook(write_only=True)
    now = timezone.now()
    try:
        for sheet in sheets:
            _write_sheet(book, sheet, caption(request, sheet.title, filters, now), limit)
    except TooManyRows:
        book.close()
        messages.error(request, too_many_message(limit))
        params = request.GET.copy()
        params.pop(PARAM, None)
        query = params.urlencode()
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        body = out.read()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    stamp = jalali.to_jalali(_local(now)).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="kanoon-{filename}-{stamp}.xlsx"'
    return response


def xlsx_response(
    request: Any,
    filename: str,
    columns: Sequence[Column | str],
    rows: Iterable[Any],
    *,
    title: str,
    filters: Any = None,
    limit: int = MAX_ROWS,
) -> HttpResponse:
    """One list as an .xlsx download: `rows` is the page's own queryset (or any iterable of
    objects / tuples), `columns` says what each column shows (`Column`, or a header for the
    row's item at that position, kind decided by the value). See the module notes."""
    return workbook_response(request, filename, [Sheet(title, columns, rows)], filters=filters, limit=limit)
