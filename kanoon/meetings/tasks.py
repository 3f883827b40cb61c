"""Background work of the meetings app (Celery; inline without REDIS_URL)."""

from __future__ import annotations

import logging

from celery import shared_task

from kanoon.core import notify

logger = logging.getLogger(__name__)


@shared_task(name="meetings.send_sms_batch")
def send_sms_batch(messages: list[tuple[str, str]]) -> int:
    """Invitations to seat holders (people without accounts are reached by SMS)."""
    for mobile, text in messages:
        try:
            notify.send_sms(mobile, text)
        except Exception:
            logger.exception("SMS to %s could not be sent", mobile)
    return len(messages)
