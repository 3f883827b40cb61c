"""Moving the tracker's evidence (`centers.ActionEvidence`, files under MEDIA_ROOT) to `kanoon.files`
attachments keeps every row and every byte (SQLite and PostgreSQL): migrate back to before the
move, write evidence through the old model, migrate forward, and find each file as an attachment
of its action record with the same checksum, uploader and upload time."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("centers", "0004_list_order_indexes"), ("files", "0001_initial")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600  # a Word 97 .doc: no longer accepted


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (900, 600), (10, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded catalogs for later tests
def test_it_moves_every_evidence_row_and_byte_into_attachments(settings, tmp_path, territory, insider, web):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    Center = old.get_model("centers", "Center")
    CenterAction = old.get_model("centers", "CenterAction")
    EstablishmentAction = old.get_model("centers", "EstablishmentAction")
    ActionEvidence = old.get_model("centers", "ActionEvidence")

    center = Center.objects.create(name="کانون یوسف‌آباد", unit_id=territory.yousefabad.pk)
    if EstablishmentAction.objects.count() < 2:  # an earlier transactional test flushed the seeded catalog
        Phase = old.get_model("centers", "Phase")
        Strategy = old.get_model("centers", "Strategy")
        phase = Phase.objects.create(number=91, title="مرحلهٔ آزمون")
        strategy = Strategy.objects.create(phase=phase, number=91, title="راهبرد آزمون")
        for n in (1, 2):
            EstablishmentAction.objects.create(strategy=strategy, code=f"T{n}", title=f"اقدام {n}", order=n)
    first, second = EstablishmentAction.objects.order_by("pk")[:2]
    when = timezone.now() - dt.timedelta(days=40)
    rec1 = CenterAction.objects.create(center=center, action=first, done_on=dt.date(2024, 4, 8))
    rec2 = CenterAction.objects.create(center=center, action=second, done_on=dt.date(2024, 4, 9))
    files = [
        (rec1, "گزارش جلسه.pdf", PDF, "صورت‌جلسهٔ نخست", insider.pk),
        (rec1, "عکس افتتاحیه.png", _png(), "", insider.pk),
        (rec2, "فهرست.doc", OLD_DOC, "فهرست اعضا", None),
    ]
    expected = {}
    for n, (record, name, content, title, user_id) in enumerate(files):
        ev = ActionEvidence.objects.create(
            center_action=record, file=SimpleUploadedFile(name, content), title=title, uploaded_by_id=user_id
        )
        ActionEvidence.objects.filter(pk=ev.pk).update(created_at=when + dt.timedelta(hours=n))
        assert (tmp_path / "media" / ev.file.name).read_bytes() == content
        stored_name = ev.file.name.rsplit("/", 1)[-1]  # the old storage wrote spaces as "_"
        expected[stored_name] = (
            record.pk,
            hashlib.sha256(content).hexdigest(),
            len(content),
            title,
            user_id,
            n,
        )
    gone = ActionEvidence.objects.create(
        center_action=rec2, file="centers/evidence/0/lost.pdf", title="گم‌شده", uploaded_by_id=insider.pk
    )
    ActionEvidence.objects.filter(pk=gone.pk).update(created_at=when)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kanoon.centers.models import CenterAction as NewCenterAction
    from kanoon.files.models import Attachment

    moved = list(Attachment.objects.order_by("pk"))
    assert len(moved) == len(files) + 1
    for a in moved:
        assert a.parent == NewCenterAction.objects.get(pk=a.object_id) and a.kind == "evidence"
        assert a.history.count() == 1 and a.history.get().history_type == "+"
    active = {a.original_name: a for a in moved if a.is_active}
    assert set(active) == set(expected)
    for name, (record_pk, sha, size, title, user_id, n) in expected.items():
        a = active[name]
        stored = (tmp_path / "private" / a.file.name).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == sha == a.sha256
        assert (a.object_id, a.size, a.label, a.uploaded_by_id) == (record_pk, size, title, user_id)
        assert a.uploaded_at == when + dt.timedelta(hours=n)
        assert a.file.name == f"attachments/{a.uid.hex}"
    assert active["گزارش_جلسه.pdf"].mime == "application/pdf"
    assert active["عکس_افتتاحیه.png"].mime == "image/png" and active["عکس_افتتاحیه.png"].thumbnail
    assert active["فهرست.doc"].mime == "application/octet-stream"  # kept, never served inline
    (lost,) = [a for a in moved if not a.is_active]
    assert lost.label == "گم‌شده" and "پیدا نشد" in lost.removed_reason and lost.uploaded_at == when

    response = web(insider).get(f"/files/{active['گزارش_جلسه.pdf'].uid}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
