"""Background work of the accounts app (Celery; inline without REDIS_URL)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from kanoon.core import notify
from kanoon.core.formats import number

logger = logging.getLogger(__name__)


@shared_task(name="accounts.deliver_reset_code")
def deliver_reset_code(channel: str, address: str, code: str) -> bool:
    """Send a password-reset code. Every reset request is enqueued here, for known and unknown
    accounts alike; a request that must not send anything arrives with an empty address."""
    if not address:
        return False
    minutes = settings.PASSWORD_RESET_CODE_MINUTES
    # the code stays in Latin digits (phones offer to fill it in); the rest reads Persian
    text = f"کانون: کد بازیابی گذرواژهٔ شما {code} است. این کد تا {number(minutes)} دقیقه معتبر است."
    try:
        if channel == "sms":
            notify.send_sms(address, text)
        else:
            notify.send_email(address, "بازیابی گذرواژهٔ کانون", text)
    except Exception:
        logger.exception("reset code could not be sent by %s", channel)
        return False
    return True
