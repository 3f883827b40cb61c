"""Background work of the notifications app (Celery; inline without REDIS_URL)."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import Retry

from kanoon.core.notify import TransportError

MAX_RETRIES = 5


@shared_task(
    bind=True,
    name="notifications.deliver",
    autoretry_for=(TransportError,),
    retry_backoff=30,  # 30 s, 60 s, 120 s, … between attempts
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver(self, delivery_id: int) -> str:  # type: ignore[no-untyped-def]
    """Send one Delivery. Transport errors retry with exponential backoff; the last attempt, and
    any answer a retry cannot fix, mark it failed with the error."""
    from .services import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id, final=self.request.retries >= self.max_retries)


def queue_delivery(delivery_id: int) -> None:
    """Hand a Delivery to the worker. Without a broker (eager mode) the retries run inline, one
    after the other without the backoff waits, since eager Celery propagates `Retry`."""
    if not deliver.app.conf.task_always_eager:
        deliver.delay(delivery_id)
        return
    for retries in range(deliver.max_retries + 1):
        try:
            deliver.apply(args=[delivery_id], retries=retries, throw=True)
            return
        except Retry:
            continue


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Daily: one SMS/e-mail per user summarizing the notifications kept for the digest."""
    from .services import digest_send

    return digest_send()
