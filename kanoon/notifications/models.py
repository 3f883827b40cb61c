"""In-app notifications, the per-channel deliveries of their SMS/e-mail copies, and each user's
channel preferences per kind. Kinds are registered by the apps (`kinds.py`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .kinds import kinds


class Notification(models.Model):
    """An in-app message to one user. Moved from `assemblies` with its rows: the table keeps its
    old name (`assemblies_notification`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="کاربر"
    )
    kind = models.CharField("نوع", max_length=40)
    title = models.CharField("عنوان", max_length=250)
    body = models.TextField("متن", blank=True, default="")
    url = models.CharField("پیوند", max_length=300, blank=True, default="")
    created_at = models.DateTimeField("زمان", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("خوانده شد", null=True, blank=True)
    # the record it is about (optional)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    obj = GenericForeignKey("content_type", "object_id")
    # the user wants this kind once a day: its SMS/e-mail copy waits for the digest
    in_digest = models.BooleanField("در خلاصهٔ روزانه", default=False)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "assemblies_notification"
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["in_digest", "digested_at"],
                name="notif_digest_pending",
                condition=models.Q(in_digest=True, digested_at__isnull=True),
            ),
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    def get_kind_display(self) -> str:
        return self.kind_label


class Channel(models.TextChoices):
    SMS = "sms", "پیامک"
    EMAIL = "email", "رایانامه"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "در صف"
    SENT = "sent", "فرستاده شد"
    FAILED = "failed", "ناموفق"


class Delivery(models.Model):
    """One attempt-tracked copy of a notification (or of a user's daily digest) on one channel."""

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("مجرا", max_length=10, choices=Channel.choices)
    address = models.CharField("نشانی", max_length=254)
    subject = models.CharField(max_length=250, blank=True, default="")
    text = models.TextField()
    is_digest = models.BooleanField("خلاصهٔ روزانه", default=False)
    status = models.CharField(
        "وضعیت", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("تلاش‌ها", default=0)
    last_error = models.TextField("آخرین خطا", blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ارسال اعلان"
        verbose_name_plural = "ارسال‌های اعلان"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.get_status_display()}"


class Preference(models.Model):
    """A user's channels for one kind (in-app is always on). Absent: the kind's defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("نوع", max_length=40)
    sms = models.BooleanField("پیامک", default=True)
    email = models.BooleanField("رایانامه", default=True)
    digest = models.BooleanField("خلاصهٔ روزانه", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ترجیح اعلان"
        verbose_name_plural = "ترجیح‌های اعلان"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
