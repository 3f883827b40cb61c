"""Issue 8, item 6: a name that looks like a formula is exported as text, never as a live formula."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from kanoon.centers import importer
from kanoon.monitoring import exports

from .conftest import make_member, make_person, national_code

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


def cells_with(body: bytes, texts: list[str]) -> list:
    """Every cell of the workbook whose shown value is one of `texts`."""
    wb = load_workbook(io.BytesIO(body))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in texts:
                    found.append(cell)
    return found


def assert_text_not_formula(body: bytes, texts: list[str]) -> None:
    cells = cells_with(body, texts)
    assert {c.value for c in cells} == set(texts)  # shown as the exact text
    for cell in cells:
        assert cell.data_type != "f", cell.value


def test_it_writes_a_formula_like_member_name_as_text(web, insider, center):
    make_member(center, first_name=HOSTILE[0], last_name=HOSTILE[1])
    make_member(center, first_name=HOSTILE[2], last_name=HOSTILE[3])
    response = web(insider).get(f"/centers/{center.pk}/members/?export=xlsx")
    assert response.status_code == 200
    assert_text_not_formula(response.content, HOSTILE)


def test_it_writes_a_formula_like_person_name_as_text(web, insider, territory):
    make_person(territory.yousefabad, first_name=HOSTILE[0], last_name=HOSTILE[3])
    response = web(insider).get("/people/?export=xlsx")
    assert response.status_code == 200
    assert_text_not_formula(response.content, [HOSTILE[0], HOSTILE[3]])


def test_it_writes_formula_like_rejected_rows_as_text(center):
    csv_text = (
        "کد ملی,نام,نام خانوادگی,جنسیت\n"
        + f'{national_code()},"{HOSTILE[0].replace(chr(34), chr(34) * 2)}",{HOSTILE[1]},x\n'
    )
    report = importer.import_members(center=center, content=csv_text.encode(), filename="m.csv")
    assert len(report.rejected) == 1
    assert_text_not_formula(importer.rejected_workbook(report.rejected), [HOSTILE[0], HOSTILE[1]])


def test_it_writes_formula_like_dashboard_labels_as_text():
    body = exports.workbook("t", ["واحد", "مقدار"], [[HOSTILE[0], 1], [HOSTILE[2], 2]])
    assert_text_not_formula(body, [HOSTILE[0], HOSTILE[2]])
