"""Excel export of the people list (right-to-left sheet, Jalali dates, formula-safe cells)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

from kanoon.core import jalali
from kanoon.core.xlsx import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    filename: str, headers: list[str], rows: Iterable[Sequence[Any]], title: str = "فهرست"
) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.sheet_view.rightToLeft = True
    ws.append(safe_row(ws, headers))
    for row in rows:
        ws.append(
            safe_row(
                ws,
                [jalali.format_date(v, persian_digits=False) if isinstance(v, dt.date) else v for v in row],
            )
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
