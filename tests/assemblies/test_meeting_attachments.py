"""A meeting of any body takes attachments (signed minutes, photos): insiders upload, the read-only
user sees them but cannot upload, an outsider gets 404 on the download."""

from __future__ import annotations

import pytest

from kanoon.assemblies import services
from kanoon.files.models import Attachment
from tests.assemblies.conftest import future
from tests.files.conftest import PDF, upload


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")


def test_it_attaches_signed_minutes_to_a_meeting(api, web, chain, people, readonly, outsider):
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ آب",
        starts_at=future(),
        place="مسجد",
        agenda=["آب"],
    )
    target = {"content_type": "meetings.meeting", "object_id": meeting.pk, "kind": "minutes"}
    response = api(people.province).post(
        "/api/v1/attachments/", {**target, "file": upload("صورت‌جلسه.pdf", PDF)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.mime == "application/pdf"
    denied = api(readonly).post(
        "/api/v1/attachments/", {**target, "file": upload("x.pdf", PDF)}, format="multipart"
    )
    assert denied.status_code == 403
    page = web(readonly).get(f"/assemblies/meetings/{meeting.pk}/").content.decode()
    assert "صورت‌جلسه" in page
    assert web(outsider).get(f"/files/{attachment.uid}/").status_code == 404
