"""Attachments: one file hung on any registered record (see `registry`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from . import registry, sniff
from .storage import private_storage


class Kind(models.TextChoices):
    EVIDENCE = "evidence", "مستند"
    PHOTO = "photo", "عکس"
    MINUTES = "minutes", "صورت‌جلسه"
    LICENSE = "license", "مجوز"
    RECEIPT = "receipt", "رسید"
    OTHER = "other", "سایر"


def file_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.uid.hex}"


def thumb_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.uid.hex}.thumb"


class AttachmentQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> AttachmentQuerySet:
        """Attachments whose parent record the user may see (`view`) or change (any other action)."""
        q = Q(pk__in=[])
        for reg in registry.all_registrations():
            parent_action = "view" if action == "view" else reg.change_action
            parents = reg.model._default_manager.restrict(user, parent_action).values("pk")
            ct = ContentType.objects.get_for_model(reg.model)
            q |= Q(content_type_id=ct.pk, object_id__in=parents)
        return self.filter(q)


class Attachment(models.Model):
    """A file attached to a record. The content type is what the bytes are (`sniff`), not what
    the name or the browser said. Never deleted by users: removal sets `is_active=False` with a
    reason, and the history keeps every state."""

    Kind = Kind

    uid = models.UUIDField("شناسهٔ فایل", default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    parent = GenericForeignKey("content_type", "object_id")
    file = models.FileField("فایل", upload_to=file_path, storage=private_storage, max_length=200)
    thumbnail = models.FileField(upload_to=thumb_path, storage=private_storage, max_length=200, blank=True)
    original_name = models.CharField("نام فایل", max_length=200)
    size = models.PositiveBigIntegerField("اندازه (بایت)")
    mime = models.CharField("نوع محتوا", max_length=100)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField("نوع پیوست", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    label = models.CharField("عنوان", max_length=200, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("زمان بارگذاری", auto_now_add=True)
    is_active = models.BooleanField("فعال", default=True)
    removed_reason = models.CharField("دلیل حذف", max_length=500, blank=True, default="")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField("زمان حذف", null=True, blank=True)
    history = HistoricalRecords()

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "پیوست"
        verbose_name_plural = "پیوست‌ها"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "is_active"], name="files_parent_idx")]

    def __str__(self) -> str:
        return self.label or self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime in sniff.IMAGES

    @property
    def type_label(self) -> str:
        return sniff.LABELS.get(self.mime, self.mime)

    @property
    def download_name(self) -> str:
        """The original name with the extension that matches the content (scan.pdf that is a
        PNG downloads as scan.png)."""
        ext = sniff.EXTENSIONS.get(self.mime, "bin")
        stem, dot, current = self.original_name.rpartition(".")
        if dot and stem and current.lower() in ({ext, "jpeg"} if ext == "jpg" else {ext}):
            return self.original_name
        return f"{stem if dot and stem else self.original_name}.{ext}"
