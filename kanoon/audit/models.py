"""ReadAudit: one row each time a user is shown the sensitive attributes of one record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ReadAudit(models.Model):
    """Who was shown which sensitive fields of which record, when, from which page or endpoint.

    Written only by `kanoon.audit.services`; never changed or deleted by users (append-only).
    One row per record per request, naming every sensitive field that request showed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("زمان", default=timezone.now, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="نوع رکورد", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField("شناسهٔ رکورد", max_length=64)
    fields = models.JSONField("فیلدهای دیده‌شده", default=list)
    source = models.CharField(
        "از کجا",
        max_length=200,
        help_text="نام صفحه (organizations:detail) یا روش و نقطهٔ API (GET person-detail)",
    )
    path = models.CharField("نشانی", max_length=500, blank=True, default="")
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)

    class Meta:
        verbose_name = "مشاهدهٔ دادهٔ حساس"
        verbose_name_plural = "مشاهده‌های دادهٔ حساس"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_read_object"),
            models.Index(fields=["user", "at"], name="audit_read_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.content_type_id}:{self.object_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def model_label(self) -> str:
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model is not None else self.content_type.model
