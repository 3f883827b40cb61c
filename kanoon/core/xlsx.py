"""Safe cell values for every Excel file the project writes (openpyxl).

A text that starts with ``=`` is written by openpyxl as a live formula, and one that starts with
``+``, ``-``, ``@`` (or a tab / carriage return / line feed, or any of these after leading
whitespace) is taken for a formula by Excel and
LibreOffice when the sheet is edited or re-imported ("CSV/formula injection"). A name such as
``=HYPERLINK("http://x","y")`` typed by anyone must reach the reader as that text, never run.

    ws.append(safe_row(ws, [name, code, joined_on]))

`safe_cell` keeps the text exactly as it was and turns the cell into a plain string cell
(data type "s") marked with Excel's quote prefix, so the sheet shows the text and nothing
evaluates it. Other values (numbers, dates, None, safe strings) pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell

# Characters that make a spreadsheet read a text as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_risky(value: Any) -> bool:
    """Whether this value would be (or could be taken for) a formula in a spreadsheet — also
    after leading spaces, tabs or line breaks (some readers trim them before parsing)."""
    return isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    )


def safe_cell(value: Any, sheet: Any = None) -> Any:
    """The value to put in a cell of `sheet` (a normal or write-only worksheet): risky text
    becomes a string cell with the quote prefix; anything else is returned as it is."""
    if not is_risky(value):
        return value
    cell = Cell(sheet, row=1, column=1)
    cell._value = value  # bypass openpyxl's "starts with = → formula" guess
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append(...)` with every value passed through `safe_cell`."""
    return [safe_cell(v, sheet) for v in values]
