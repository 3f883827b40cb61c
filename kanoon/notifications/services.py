"""Writes of the notifications app. `notify()` is the one call every app uses."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kanoon.core import notify as transport
from kanoon.core.formats import number

from .kinds import kinds
from .models import Channel, Delivery, DeliveryStatus, Notification, Preference

logger = logging.getLogger(__name__)

CHANNELS = {Channel.SMS.value, Channel.EMAIL.value}
NOT_YOURS = "این اعلان از آنِ شما نیست."


@dataclass(frozen=True)
class Choice:
    """A user's effective channels for one kind."""

    kind: str
    label: str
    sms: bool
    email: bool
    digest: bool


def effective_preferences(user_ids: Iterable[int], kind: str) -> dict[int, Choice]:
    """Each user's channels for `kind`: their own preference, or the kind's defaults."""
    spec = kinds.get(kind)
    ids = list(user_ids)
    own = {p.user_id: p for p in Preference.objects.filter(user_id__in=ids, kind=kind)}
    result = {}
    for uid in ids:
        p = own.get(uid)
        result[uid] = Choice(
            kind,
            spec.label,
            p.sms if p else spec.sms,
            p.email if p else spec.email,
            p.digest if p else spec.digest,
        )
    return result


def _channels(channels: Iterable[str] | None) -> set[str]:
    if channels is None:
        return set(CHANNELS)
    wanted = {str(c) for c in channels} - {"in_app", "inbox"}
    unknown = wanted - CHANNELS
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    return wanted


def sms_text(title: str) -> str:
    return f"کانون: {title}"


def notify(
    *,
    users: Iterable[Any] | None = None,
    user: Any = None,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    channels: Iterable[str] | None = None,
    obj: Any = None,
) -> list[Notification]:
    """An in-app notification to each user (once per user), plus SMS/e-mail copies on the
    `channels` (default: both) the user's preference for `kind` allows. The copies are Delivery
    rows sent by a Celery task after the transaction commits; a kind the user takes as a daily
    digest waits for `digest_send()` instead."""
    kinds.get(kind)  # an unregistered kind is a programming error
    allowed = _channels(channels)
    recipients: dict[int, Any] = {}
    for u in [user, *(users or [])]:
        if u is not None and u.pk is not None and u.pk not in recipients:
            recipients[u.pk] = u
    if not recipients:
        return []
    if not url and obj is not None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    object_id = str(obj.pk) if obj is not None else ""
    prefs = effective_preferences(recipients, kind)
    rows = []
    for uid, u in recipients.items():
        choice = prefs[uid]
        wants = [
            c
            for c, on, address in (("sms", choice.sms, u.mobile), ("email", choice.email, u.email))
            if c in allowed and on and address
        ]
        rows.append(
            Notification(
                user=u,
                kind=kind,
                title=title[:250],
                body=body,
                url=url[:300],
                content_type=content_type,
                object_id=object_id,
                in_digest=bool(choice.digest and wants),
            )
        )
    with transaction.atomic():
        created = _create(rows)
        deliveries = []
        for n in created:
            if n.in_digest:
                continue
            choice = prefs[n.user_id]
            u = recipients[n.user_id]
            if "sms" in allowed and choice.sms and u.mobile:
                deliveries.append(
                    Delivery(
                        notification=n, user=u, channel=Channel.SMS, address=u.mobile, text=sms_text(title)
                    )
                )
            if "email" in allowed and choice.email and u.email:
                deliveries.append(
                    Delivery(
                        notification=n,
                        user=u,
                        channel=Channel.EMAIL,
                        address=u.email,
                        subject=title[:250],
                        text=f"{title}\n\n{body}".strip(),
                    )
                )
        _queue(deliveries)
    return created


def _create(rows: list[Notification]) -> list[Notification]:
    created = Notification.objects.bulk_create(rows)
    if all(n.pk is not None for n in created):
        return created
    for n in rows:  # a backend without RETURNING
        n.save()
    return rows


def _queue(deliveries: list[Delivery]) -> None:
    if not deliveries:
        return
    made = Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in made]
    if any(pk is None for pk in ids):
        for d in deliveries:
            d.save()
        ids = [d.pk for d in deliveries]

    def send() -> None:
        from .tasks import queue_delivery

        for pk in ids:
            queue_delivery(pk)

    transaction.on_commit(send)


@transaction.atomic
def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one notification (or all of the user's) as read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        if notification.user_id != user.pk:
            raise PermissionDenied(NOT_YOURS)
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user: Any, kind: str, sms: bool, email: bool, digest: bool) -> Preference:
    """Set the user's channels for one kind (in-app stays on)."""
    if kind not in kinds:
        raise ValidationError({"kind": "این نوع اعلان شناخته نیست."})
    pref, _ = Preference.objects.select_for_update().get_or_create(user=user, kind=kind)
    pref.sms, pref.email, pref.digest = bool(sms), bool(email), bool(digest)
    pref.full_clean(validate_unique=False)
    pref.save()
    return pref


# ---- sending -----------------------------------------------------------------------------------

EMAIL_FINAL = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)


def _send(delivery: Delivery) -> None:
    """One attempt through the transport; raises TransportError (retry) or DeliveryError (final)."""
    if delivery.channel == Channel.SMS:
        transport.send_sms(delivery.address, delivery.text)
        return
    try:
        transport.send_email(delivery.address, delivery.subject or "کانون", delivery.text)
    except EMAIL_FINAL as exc:
        raise transport.DeliveryRejected(str(exc)) from exc
    except transport.EMAIL_TRANSPORT_ERRORS as exc:
        raise transport.TransportError(str(exc)) from exc


def delivery_attempt(*, delivery_id: int, final: bool) -> str:
    """Try to send one queued delivery. A retryable failure re-raises TransportError (the task
    retries it) unless this is the `final` attempt, which marks it failed. Returns the status."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.QUEUED:
            return delivery.status if delivery else "missing"
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    try:
        _send(delivery)
    except transport.TransportError as exc:
        delivery.last_error = str(exc)[:2000]
        if final:
            delivery.status = DeliveryStatus.FAILED
        delivery.save(update_fields=["status", "last_error"])
        if not final:
            raise
    except Exception as exc:  # rejected by the operator, or a backend's own error: no retry
        if not isinstance(exc, transport.DeliveryError):
            logger.exception("delivery %s failed", delivery.pk)
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = str(exc)[:2000]
        delivery.save(update_fields=["status", "last_error"])
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["status", "sent_at", "last_error"])
    return delivery.status


# ---- daily digest ------------------------------------------------------------------------------

DIGEST_SMS_TITLES = 3
DIGEST_EMAIL_TITLES = 50


def digest_send(*, now: Any = None) -> int:
    """One SMS and/or e-mail per user summarizing the notifications waiting for the digest (the
    kinds they take once a day); returns how many users got one. Each item goes out once."""
    now = now or timezone.now()
    users = (
        Notification.objects.filter(in_digest=True, digested_at__isnull=True, created_at__lte=now)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in sorted(set(users)):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update()
                .filter(user_id=user_id, in_digest=True, digested_at__isnull=True, created_at__lte=now)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            user = items[0].user
            channels: set[str] = set()
            for kind in {n.kind for n in items}:
                if kind not in kinds:
                    continue
                choice = effective_preferences([user_id], kind)[user_id]
                if choice.sms:
                    channels.add("sms")
                if choice.email:
                    channels.add("email")
            count = len(items)
            titles = [n.title for n in items]
            deliveries = []
            if "sms" in channels and user.mobile:
                shown = "؛ ".join(titles[:DIGEST_SMS_TITLES])
                more = (
                    f" و {number(count - DIGEST_SMS_TITLES)} مورد دیگر" if count > DIGEST_SMS_TITLES else ""
                )
                text = f"کانون: {number(count)} اعلان تازه — {shown}{more}"
                deliveries.append(
                    Delivery(user=user, channel=Channel.SMS, address=user.mobile, text=text, is_digest=True)
                )
            if "email" in channels and user.email:
                lines = [
                    f"• {n.title}" + (f"\n  {n.url}" if n.url else "") for n in items[:DIGEST_EMAIL_TITLES]
                ]
                if count > DIGEST_EMAIL_TITLES:
                    lines.append(f"… و {number(count - DIGEST_EMAIL_TITLES)} مورد دیگر")
                deliveries.append(
                    Delivery(
                        user=user,
                        channel=Channel.EMAIL,
                        address=user.email,
                        subject=f"خلاصهٔ روزانهٔ کانون: {number(count)} اعلان",
                        text="اعلان‌های تازهٔ شما در کانون:\n\n" + "\n".join(lines),
                        is_digest=True,
                    )
                )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(digested_at=now)
            _queue(deliveries)
            sent += 1 if deliveries else 0
    return sent
