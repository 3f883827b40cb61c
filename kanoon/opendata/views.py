"""The public transparency page (no login) and its open data downloads (CSV, JSON).

Every response is the same for every visitor (counts only, no personal data), so it may be
kept by browsers and shared caches for a few minutes (`Cache-Control: public, max-age=300`); a
signed-in visitor's page is made private by `core.middleware`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from kanoon.core import jalali
from kanoon.geo.models import Kind, Unit

from . import selectors
from .selectors import MEASURES, Table

MAX_AGE = 300
public_cache = cache_control(public=True, max_age=MAX_AGE)


def _parent(pk: int | None) -> Unit:
    if pk is None:
        country = Unit.objects.filter(kind=Kind.COUNTRY, parent__isnull=True, is_active=True).first()
        if country is None:
            raise Http404("تقسیمات کشوری هنوز بارگذاری نشده است.")
        return country
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    if not selectors.is_public_province(unit):
        raise Http404("این استان پیدا نشد.")
    return unit


def _chosen(code: str, quarters: list[jalali.Quarter]) -> jalali.Quarter:
    try:
        q = jalali.Quarter.parse(code)
    except jalali.JalaliError:
        return quarters[-1]
    return q if q in quarters else quarters[-1]


@public_cache
def transparency(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    parent = _parent(pk)
    quarters = selectors.quarters()
    tables = selectors.tables(parent, quarters)
    quarter = _chosen(request.GET.get("quarter", ""), quarters)
    return render(
        request,
        "opendata/transparency.html",
        {
            "parent": parent,
            "country": parent.parent if parent.kind == Kind.PROVINCE else None,
            "table": tables[quarter],
            "trend": [(q, tables[q].total) for q in reversed(quarters)],
            "quarters": list(reversed(quarters)),
            "quarter": quarter,
            "measures": MEASURES,
            "area_label": "استان" if parent.kind == Kind.COUNTRY else "شهرستان",
        },
    )


def _records(parent: Unit, tables: dict[jalali.Quarter, Table]) -> list[tuple[Any, jalali.Quarter, Any]]:
    return [(row, q, table) for q, table in tables.items() for row in [*table.rows, table.total]]


def _quarter_fields(q: jalali.Quarter) -> dict[str, str]:
    return {
        "quarter": q.code,
        "quarter_label": q.label,
        "quarter_start": jalali.to_jalali(q.start).strftime("%Y-%m-%d"),
        "quarter_end": jalali.to_jalali(q.end).strftime("%Y-%m-%d"),
    }


AREA_FIELDS = [
    ("parent_code", "کد واحد بالادست"),
    ("parent_name", "واحد بالادست"),
    ("area_code", "کد واحد"),
    ("area_name", "نام واحد"),
    ("area_kind", "نوع ردیف"),
    ("quarter", "فصل (کد)"),
    ("quarter_label", "فصل"),
    ("quarter_start", "آغاز فصل (خورشیدی)"),
    ("quarter_end", "پایان فصل (خورشیدی)"),
]


def _filename(parent: Unit, ext: str) -> str:
    return f"kanoon-open-data-{parent.code or parent.pk}.{ext}"


@public_cache
def download_csv(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    """UTF-8 with a byte-order mark (Excel reads the Persian); the first line holds the field
    names, the second their Persian headers; `<5` a count under five, `x` withheld."""
    parent = _parent(pk)
    tables = selectors.tables(parent)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([key for key, _ in AREA_FIELDS] + [m.key for m in MEASURES])
    writer.writerow([label for _, label in AREA_FIELDS] + [m.label for m in MEASURES])
    for row, q, _table in _records(parent, tables):
        area = {
            "parent_code": parent.code or str(parent.pk),
            "parent_name": parent.name,
            "area_code": row.code,
            "area_name": row.name,
            "area_kind": row.kind,
            **_quarter_fields(q),
        }
        writer.writerow([area[key] for key, _ in AREA_FIELDS] + [row.cells[m.key].data for m in MEASURES])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(parent, "csv")}"'
    return response


@public_cache
def download_json(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    parent = _parent(pk)
    quarters = selectors.quarters()
    tables = selectors.tables(parent, quarters)
    records = []
    for row, q, _table in _records(parent, tables):
        records.append(
            {
                "area": {"code": row.code, "name": row.name, "kind": row.kind},
                **_quarter_fields(q),
                "values": {m.key: _number(row.cells[m.key]) for m in MEASURES},
                "withheld": {m.key: row.cells[m.key].state for m in MEASURES if not row.cells[m.key].shown},
            }
        )
    body = {
        "title": f"کانون‌های سلامت و مجامع سلامت: {parent.title}",
        "source": "سامانهٔ کانون، از شمارهای تجمیعی همان داشبوردها",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "parent": {"code": parent.code or str(parent.pk), "name": parent.name, "kind": parent.kind},
        "threshold": selectors.THRESHOLD,
        "withheld_states": {
            "lt5": "شمار کمتر از ۵ (count under 5)",
            "hidden": "پنهان تا شمار پنهان دیگری از جمع به دست نیاید (withheld to protect another cell)",
        },
        "fields": [{"key": m.key, "label": m.label, "description": m.description} for m in MEASURES],
        "quarters": [_quarter_fields(q) for q in quarters],
        "records": records,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(parent, "json")}"'
    return response


def _number(cell: selectors.Cell) -> int | float | None:
    if not cell.shown or cell.value is None:
        return None
    return float(cell.value) if not isinstance(cell.value, int) else cell.value
