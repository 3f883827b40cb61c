"""Issue 8, item 8: hostile member-import files are refused fast, whole, and in Persian; large
files are never parsed inside the request."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kanoon.centers import importer
from kanoon.centers.models import ImportStatus, MemberImport, Membership, Person

from . import hostile_files
from .conftest import national_code

TOO_BIG = "بیش از اندازه بزرگ"


def assert_nothing_saved():
    assert not Membership.objects.exists()
    assert not Person.objects.exists()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_it_refuses_a_shared_strings_bomb_before_parsing(center):
    content = hostile_files.shared_strings_bomb(copies=20_000)
    assert len(content) < 1_000_000  # small on disk, hundreds of MB once opened
    with pytest.raises(importer.ImportFileError, match=TOO_BIG):
        importer.import_members(center=center, content=content, filename="m.xlsx")
    assert_nothing_saved()


def test_it_refuses_a_sheet_declaring_every_column(center):
    content = hostile_files.wide_sheet(columns=16_384, rows=2)
    with pytest.raises(importer.ImportFileError, match=TOO_BIG):
        importer.import_members(center=center, content=content, filename="m.xlsx")
    assert_nothing_saved()


def test_it_refuses_wide_rows_even_without_a_dimension(center):
    content = hostile_files.wide_sheet(columns=importer.MAX_COLS + 20, rows=5, declare=False)
    with pytest.raises(importer.ImportFileError, match=TOO_BIG):
        importer.import_members(center=center, content=content, filename="m.xlsx")
    assert_nothing_saved()


def test_it_tells_an_xlsx_from_other_files_by_content_not_by_name(center):
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("a.txt", "hello")
    for content in (other_zip.getvalue(), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64):
        with pytest.raises(importer.ImportFileError, match="Excel"):
            importer.import_members(center=center, content=content, filename="members.xlsx")
    # a real CSV is read as CSV whatever it is called
    good = f"کد ملی,نام,نام خانوادگی,جنسیت\n{national_code()},مریم,احمدی,زن\n".encode()
    report = importer.import_members(center=center, content=good, filename="members.xlsx")
    assert report.created_memberships == 1


def test_it_refuses_a_csv_with_a_nul_byte_in_persian(center):
    content = f"کد ملی,نام,نام خانوادگی,جنسیت\n{national_code()},مر\x00یم,احمدی,زن\n".encode()
    with pytest.raises(importer.ImportFileError, match="NUL"):
        importer.import_members(center=center, content=content, filename="m.csv")
    assert_nothing_saved()


def test_it_refuses_a_csv_line_that_is_too_long(center):
    line = f"{national_code()},مریم,احمدی,زن," + "ب" * (importer.MAX_CSV_LINE + 10)
    content = ("کد ملی,نام,نام خانوادگی,جنسیت,یادداشت\n" + line + "\n").encode()
    with pytest.raises(importer.ImportFileError, match="نویسه"):
        importer.import_members(center=center, content=content, filename="m.csv")
    assert_nothing_saved()


def test_it_reads_only_the_first_columns_of_a_wide_csv(center):
    header = ["کد ملی", "نام", "نام خانوادگی", "جنسیت"] + [f"c{i}" for i in range(500)]
    line = [national_code(), "مریم", "احمدی", "زن"] + ["x"] * 500
    content = (",".join(header) + "\n" + ",".join(line) + "\n").encode()
    headers, rows = importer.read_rows(content, "m.csv")
    assert len(headers) == importer.MAX_COLS
    assert all(len(cells) <= importer.MAX_COLS for _, cells in rows)


def test_it_refuses_a_hostile_upload_on_the_page_without_storing_it(web, insider, center, media):
    upload = SimpleUploadedFile("m.xlsx", hostile_files.shared_strings_bomb(copies=20_000))
    response = web(insider).post(f"/centers/{center.pk}/members/import/", {"file": upload})
    assert response.status_code == 200
    assert TOO_BIG in response.content.decode()
    assert not MemberImport.objects.exists()
    assert_nothing_saved()


def test_it_queues_a_large_upload_and_never_parses_it_in_the_request(
    web, insider, center, media, monkeypatch
):
    from kanoon.centers import tasks, views

    queued = []
    monkeypatch.setattr(tasks.run_member_import, "delay", lambda *a: queued.append(a))

    def parse_in_request(*args, **kwargs):
        raise AssertionError("a large file was parsed inside the request")

    monkeypatch.setattr(importer, "run_import", parse_in_request)
    monkeypatch.setattr(importer, "import_members", parse_in_request)
    monkeypatch.setattr(importer, "read_rows", parse_in_request)
    lines = ["کد ملی,نام,نام خانوادگی,جنسیت"] + [
        f"{national_code()},مریم,احمدی,زن" for _ in range(importer.INLINE_MAX_BYTES // 30 + 10)
    ]
    upload = SimpleUploadedFile("m.csv", "\n".join(lines).encode())
    assert upload.size > importer.INLINE_MAX_BYTES
    with django_capture_on_commit():
        response = web(insider).post(f"/centers/{center.pk}/members/import/", {"file": upload})
    assert response.status_code == 302
    mi = MemberImport.objects.get()
    assert mi.status == ImportStatus.QUEUED
    assert queued == [(mi.pk, insider.pk)]
    assert views.run_member_import is tasks.run_member_import
    assert_nothing_saved()


def django_capture_on_commit():
    """Run on_commit callbacks of the test transaction as they would run after commit."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)
