"""PDFs number their pages and lists in Persian (CSS counter style `persian`), and carry no
Latin digit in their text."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.meetings.conftest import future, members, past, working_group

LATIN_DIGITS = re.compile("[0-9]")


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db
def test_minutes_pdf_numbers_pages_and_agenda_in_persian(web, territory, insider, tmp_path):
    from kanoon.meetings import services

    body = working_group(territory.tehran)
    people = members(body, ["chair", "member", "member"])
    meeting = services.meeting_schedule(
        actor=None,
        body=body,
        title="نشست نخست",
        starts_at=future(),
        place="فرمانداری",
        agenda=["اعتیاد", "حاشیه‌نشینی", "آب آشامیدنی"],
    )
    meeting.starts_at = past()
    meeting.save()
    services.meeting_record_attendance(actor=None, meeting=meeting, present=[p.pk for p in people[:2]])
    services.meeting_record_minutes(actor=None, meeting=meeting, minutes="جلسه برگزار شد.")
    response = web(insider).get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    text = re.sub(
        r"\s+", " ", re.sub("[\u202a-\u202e\u200e\u200f]", "", pdf_text(response.content, tmp_path))
    )
    assert re.search("۱ ?از ۱", text), text[-300:]  # «صفحهٔ ۱ از ۱»
    assert re.search(r"۲\.|\.۲", text), text  # the agenda's second item, numbered in Persian
    for person in people:  # test names carry a serial number in Latin digits
        text = text.replace(person.full_name, "")
    assert not LATIN_DIGITS.search(text), re.findall(".{30}[0-9]+.{30}", text)
