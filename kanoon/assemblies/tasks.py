"""Background work of the assemblies app (Celery; inline without REDIS_URL)."""

from __future__ import annotations

import logging

from celery import shared_task

from kanoon.core import notify

logger = logging.getLogger(__name__)


@shared_task(name="assemblies.deliver_notifications")
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send the SMS and e-mail copies of in-app notifications (mobile / e-mail of the user)."""
    from .models import Notification

    sent = 0
    for n in Notification.objects.filter(pk__in=notification_ids).select_related("user"):
        text = f"کانون: {n.title}"
        try:
            if n.user.mobile:
                notify.send_sms(n.user.mobile, text)
                sent += 1
            if n.user.email:
                notify.send_email(n.user.email, n.title, f"{n.title}\n\n{n.body}".strip())
                sent += 1
        except Exception:  # one failing backend must not stop the others
            logger.exception("notification %s could not be sent", n.pk)
    return sent


@shared_task(name="assemblies.send_sms_batch")
def send_sms_batch(messages: list[tuple[str, str]]) -> int:
    """Invitations to seat holders (people without accounts reach them by SMS)."""
    for mobile, text in messages:
        try:
            notify.send_sms(mobile, text)
        except Exception:
            logger.exception("SMS to %s could not be sent", mobile)
    return len(messages)


@shared_task(name="assemblies.notify_overdue")
def notify_overdue() -> int:
    """Daily: tell holders and their parents about problems past their time limit."""
    from .services import notify_overdue as run

    return run()
