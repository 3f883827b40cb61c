"""Pluggable SMS sending (settings.KANOON_SMS_BACKEND); e-mail goes through Django's backends."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseSMSBackend:
    def send(self, mobile: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Writes messages to standard output (development and demo)."""

    def send(self, mobile: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mobile}] {text}\n")
        sys.stdout.flush()


class MemorySMSBackend(BaseSMSBackend):
    """Keeps messages in `outbox` (tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        MemorySMSBackend.outbox.append((mobile, text))


def send_sms(mobile: str, text: str) -> None:
    backend = import_string(settings.KANOON_SMS_BACKEND)()
    backend.send(mobile, text)


def send_email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
