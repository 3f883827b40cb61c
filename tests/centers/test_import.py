import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kanoon.centers import importer
from kanoon.centers.models import ImportStatus, MemberImport, Membership, Person

from .conftest import make_center, make_member, make_person, national_code

HEADER = [h for h, _, _ in importer.COLUMNS]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines)).encode("utf-8-sig")


def row(
    code=None,
    first="مریم",
    last="احمدی",
    gender="زن",
    birth="1370/05/12",
    mobile="09121234567",
    kind="عضو",
    joined="",
):
    return [code or national_code(), first, last, gender, birth, mobile, "", "", "", kind, joined]


def test_the_template_has_every_column_and_reads_back(territory):
    content = importer.template_workbook()
    ws = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in ws[1]] == HEADER
    center = make_center(territory.yousefabad)
    report = importer.import_members(center=center, content=content, filename="template.xlsx")
    assert report.total == 2 and report.created_memberships == 2 and not report.rejected


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_good_rows_are_saved_and_bad_rows_returned_with_reasons(territory, fmt):
    center = make_center(territory.yousefabad)
    existing = make_person(territory.jolfa)  # registered elsewhere: linked, not duplicated
    already = make_member(center)
    dup = national_code()
    rows = [
        row(),
        row(code=existing.national_code),
        row(code="1234567890"),  # bad check digit
        row(gender="نامعلوم"),
        row(mobile="12345"),
        row(birth="1370/13/40"),
        row(code=dup),
        row(code=dup),  # duplicate in the file
        row(code=already.national_code),  # already a member
        row(first=""),
        row(kind="رئیس"),
        row(birth="1499/01/01"),  # in the future
    ]
    content = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows)
    report = importer.import_members(center=center, content=content, filename=f"members.{fmt}")
    assert report.total == 12
    assert report.created_memberships == 3 and report.created_people == 2 and report.linked_people == 1
    assert report.created_memberships + len(report.rejected) == report.total  # nothing lost
    reasons = {r.number: " ".join(r.errors) for r in report.rejected}
    assert "کد ملی" in reasons[4] and "جنسیت" in reasons[5] and "همراه" in reasons[6]
    assert "تاریخ تولد" in reasons[7] and "تکراری" in reasons[9] and "عضو این کانون" in reasons[10]
    assert "نام" in reasons[11] and "نوع عضویت" in reasons[12] and "تاریخ تولد" in reasons[13]
    assert Person.objects.filter(national_code=existing.national_code).count() == 1
    assert Membership.objects.filter(center=center, status="active").count() == 4
    ws = load_workbook(io.BytesIO(importer.rejected_workbook(report.rejected))).active
    assert ws.cell(1, len(HEADER) + 2).value == importer.REASON_HEADER
    assert ws.max_row == 1 + len(report.rejected)
    center.refresh_from_db()
    assert center.progress > 0  # members registered → action 4.1


def test_persian_digits_and_dropped_leading_zeros_are_accepted(territory):
    center = make_center(territory.yousefabad)
    code = national_code(12345678)  # starts with 0
    persian = code.lstrip("0").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    report = importer.import_members(
        center=center,
        content=xlsx([row(code=persian, mobile="۰۹۱۲۱۲۳۴۵۶۷", birth="۱۳۷۰/۰۵/۱۲")]),
        filename="a.xlsx",
    )
    assert report.created_memberships == 1, [r.errors for r in report.rejected]
    assert Person.objects.get(national_code=code).mobile == "09121234567"


def test_unreadable_files_are_refused_whole(territory):
    center = make_center(territory.yousefabad)
    with pytest.raises(importer.ImportFileError):
        importer.import_members(center=center, content=b"hello", filename="a.pdf")
    with pytest.raises(importer.ImportFileError, match="کد ملی"):
        importer.import_members(center=center, content=xlsx([["x"]], header=["نام"]), filename="a.xlsx")
    with pytest.raises(importer.ImportFileError):
        importer.import_members(center=center, content=b"not a zip", filename="a.xlsx")
    assert not Membership.objects.exists()


def test_the_background_task_records_progress_and_the_rejected_file(territory, insider, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from kanoon.centers.tasks import run_member_import

    center = make_center(territory.yousefabad)
    rows = [row() for _ in range(1100)] + [row(code="1111111111")]
    mi = MemberImport.objects.create(
        center=center,
        file=SimpleUploadedFile("big.xlsx", xlsx(rows)),
        original_name="big.xlsx",
        created_by=insider,
    )
    result = run_member_import.delay(mi.pk, insider.pk).get()
    mi.refresh_from_db()
    assert result == {"status": "done", "saved": 1100, "rejected": 1}
    assert mi.status == ImportStatus.DONE and mi.processed_rows == mi.total_rows == 1101 and mi.percent == 100
    assert mi.rejected_file and load_workbook(mi.rejected_file.path).active.max_row == 2
    assert Membership.objects.filter(center=center, source="import").count() == 1100
    assert Person.history.filter(history_user=insider).count() == 1100


def test_a_failed_file_is_marked_failed(territory, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    center = make_center(territory.yousefabad)
    mi = MemberImport.objects.create(
        center=center, file=SimpleUploadedFile("x.csv", b""), original_name="x.csv"
    )
    importer.run_import(mi)
    mi.refresh_from_db()
    assert mi.status == ImportStatus.FAILED and "خالی" in mi.error
