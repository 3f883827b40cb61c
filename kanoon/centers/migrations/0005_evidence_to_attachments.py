"""The establishment tracker's evidence (`ActionEvidence`: files under MEDIA_ROOT, kept with their
original names, type never checked) becomes `kanoon.files` attachments of the `CenterAction`.

For each row the bytes are copied into the private storage (`attachments/<uuid>`), the content
type is sniffed from the bytes and the SHA-256 computed with the files app's own functions, an
image gets its thumbnail, and the uploader and upload time are kept; each attachment gets a first
history record dated at the upload. Nothing is lost:

- a file whose type the files app would refuse today (an old .doc, .pptx, .mp4...) is kept as
  `application/octet-stream` (downloaded, never shown inline);
- a row whose file is missing on disk becomes an inactive attachment with the reason written,
  so the record that evidence was given stays.

The old files are left where they were (MEDIA_ROOT/centers/evidence/); see the note in the report
before deleting them. Backwards, the rows come back from the attachments (bytes written back
under MEDIA_ROOT).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import migrations

KIND = "evidence"
UNKNOWN_TYPE = "application/octet-stream"
MISSING = "فایل این مستند هنگام انتقال به پیوست‌ها روی دیسک پیدا نشد."


def _open(field):
    try:
        return field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        return None


def forward(apps, schema_editor):
    from kanoon.files import sniff
    from kanoon.files.services import _digest, make_thumbnail, sanitize_name
    from kanoon.files.storage import private_storage

    ActionEvidence = apps.get_model("centers", "ActionEvidence")
    Attachment = apps.get_model("files", "Attachment")
    HistoricalAttachment = apps.get_model("files", "HistoricalAttachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    rows = list(ActionEvidence.objects.using(db).order_by("pk"))
    if not rows:
        return
    ct, _ = ContentType.objects.using(db).get_or_create(app_label="centers", model="centeraction")
    stored: list[str] = []
    try:
        for ev in rows:
            uid = uuid.uuid4()
            attachment = Attachment(
                uid=uid,
                content_type_id=ct.pk,
                object_id=ev.center_action_id,
                original_name=sanitize_name(ev.file.name.rsplit("/", 1)[-1]),
                kind=KIND,
                label=sanitize_name(ev.title, limit=200) if ev.title else "",
                uploaded_by_id=ev.uploaded_by_id,
                size=0,
                sha256="",
                mime=UNKNOWN_TYPE,
            )
            handle = _open(ev.file) if ev.file else None
            if handle is None:
                attachment.file = ""
                attachment.is_active = False
                attachment.removed_reason = MISSING
                attachment.removed_at = ev.created_at
            else:
                with handle:
                    data = File(handle)
                    attachment.size = ev.file.size
                    attachment.sha256 = _digest(data)
                    mime = sniff.sniff(data, attachment.size)
                    attachment.mime = mime or UNKNOWN_TYPE
                    data.seek(0)
                    attachment.file = private_storage.save(f"attachments/{uid.hex}", data)
                    stored.append(attachment.file.name)
                    if mime in sniff.IMAGES:
                        try:
                            thumb = make_thumbnail(data, mime)
                        except ValidationError:
                            thumb = None
                        if thumb is not None:
                            attachment.thumbnail = private_storage.save(f"attachments/{uid.hex}.thumb", thumb)
                            stored.append(attachment.thumbnail.name)
            attachment.save(using=db)
            # uploaded_at is auto_now_add: the upload time is the evidence's own
            Attachment.objects.using(db).filter(pk=attachment.pk).update(uploaded_at=ev.created_at)
            HistoricalAttachment.objects.using(db).create(
                id=attachment.pk,
                uid=uid,
                content_type_id=ct.pk,
                object_id=attachment.object_id,
                file=attachment.file.name or "",
                thumbnail=attachment.thumbnail.name or "",
                original_name=attachment.original_name,
                size=attachment.size,
                mime=attachment.mime,
                sha256=attachment.sha256,
                kind=KIND,
                label=attachment.label,
                uploaded_by_id=attachment.uploaded_by_id,
                uploaded_at=ev.created_at,
                is_active=attachment.is_active,
                removed_reason=attachment.removed_reason,
                removed_at=attachment.removed_at,
                history_date=ev.created_at,
                history_type="+",
                history_user_id=ev.uploaded_by_id,
                history_change_reason="از مستندات اقدام‌های استقرار",
            )
    except Exception:
        for name in stored:  # the transaction rolls back; so do the copies
            private_storage.delete(name)
        raise


def backward(apps, schema_editor):
    from django.core.files.storage import default_storage

    ActionEvidence = apps.get_model("centers", "ActionEvidence")
    Attachment = apps.get_model("files", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ct = ContentType.objects.using(db).filter(app_label="centers", model="centeraction").first()
    if ct is None:
        return
    for a in Attachment.objects.using(db).filter(content_type_id=ct.pk).order_by("pk"):
        handle = _open(a.file) if a.file else None
        if handle is None:
            continue
        CenterAction = apps.get_model("centers", "CenterAction")
        center_id = CenterAction.objects.using(db).filter(pk=a.object_id).values_list("center_id", flat=True)
        if not center_id:
            continue
        with handle:
            name = default_storage.save(
                f"centers/evidence/{center_id[0]}/{a.original_name}", ContentFile(handle.read())
            )
        ev = ActionEvidence.objects.using(db).create(
            center_action_id=a.object_id, file=name, title=a.label, uploaded_by_id=a.uploaded_by_id
        )
        ActionEvidence.objects.using(db).filter(pk=ev.pk).update(created_at=a.uploaded_at)
    Attachment.objects.using(db).filter(content_type_id=ct.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0004_list_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("files", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
