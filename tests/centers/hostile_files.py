"""Hostile member-import files built in memory (issue 8, item 8): small on disk, huge once opened."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["کد ملی", "نام", "نام خانوادگی", "جنسیت"]


def _col(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _xlsx(sheet_xml: str, shared: list[str] | None = None, shared_repeat: int = 0) -> bytes:
    """A minimal workbook; `shared_repeat` adds that many copies of one long shared string."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        strings = list(shared or HEADER)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            count = len(strings) + shared_repeat
            f.write(f'<sst xmlns="{NS}" count="{count}" uniqueCount="{count}">'.encode())
            for s in strings:
                f.write(f"<si><t>{s}</t></si>".encode())
            item = ("<si><t>" + "ب" * 2000 + "</t></si>").encode()
            chunk = item * 1000
            for _ in range(shared_repeat // 1000):
                f.write(chunk)
            f.write(b"</sst>")
    return buffer.getvalue()


def header_row() -> str:
    cells = "".join(f'<c r="{_col(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(len(HEADER)))
    return f'<row r="1">{cells}</row>'


def shared_strings_bomb(copies: int = 100_000) -> bytes:
    """A tiny sheet whose sharedStrings.xml holds `copies` long repeated strings (≈ 400 MB opened)."""
    sheet = f'<worksheet xmlns="{NS}"><sheetData>{header_row()}</sheetData></worksheet>'
    return _xlsx(sheet, shared_repeat=copies)


def wide_sheet(columns: int = 16_384, rows: int = 40, declare: bool = True) -> bytes:
    """Rows `columns` cells wide (dimension A1:XFD1048576 when `declare`), compressing to little."""
    dimension = '<dimension ref="A1:XFD1048576"/>' if declare else ""
    body = [header_row()]
    for r in range(2, rows + 2):
        cells = "".join(f'<c r="{_col(c)}{r}"><v>1</v></c>' for c in range(1, columns + 1))
        body.append(f'<row r="{r}">{cells}</row>')
    sheet = f'<worksheet xmlns="{NS}">{dimension}<sheetData>{"".join(body)}</sheetData></worksheet>'
    return _xlsx(sheet)


def fake_xlsx() -> bytes:
    """A text file named .xlsx."""
    return "کد ملی,نام,نام خانوادگی,جنسیت\n".encode() * 10
