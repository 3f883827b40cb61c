"""Low-level transport: pluggable SMS sending (settings.KANOON_SMS_BACKEND) and e-mail through
Django's backends. No domain here; `kanoon.notifications` builds inboxes, preferences and
retried deliveries on top of it, and `accounts` uses it directly for password-reset codes.

Backends raise `TransportError` for failures worth retrying (network, timeouts, the operator's
5xx or "try later" answers) and `DeliveryRejected` for answers a retry cannot fix (bad key,
bad number, no credit).
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import smtplib
import sys
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message could not be sent. `status` is the operator's code when there is one."""

    retryable = False

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TransportError(DeliveryError):
    """Worth retrying later: the network, a timeout, or the operator asking us to come back."""

    retryable = True


class DeliveryRejected(DeliveryError):
    """Final: the operator refused the message (credentials, receptor, credit, content)."""


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


def _setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value or "")


class KavenegarSMSBackend(BaseSMSBackend):
    """Kavenegar's REST API (https://kavenegar.com/rest.html):
    POST {base}/{API-KEY}/sms/send.json with form fields receptor, message, sender; the answer is
    JSON {"return": {"status": 200, "message": "..."}, "entries": [{"messageid": ...}, ...]}.
    On an error the HTTP status and `return.status` carry the operator's code (e.g. 403 bad key,
    411 bad receptor, 418 no credit).

    Settings (or environment): KANOON_KAVENEGAR_API_KEY, KANOON_KAVENEGAR_SENDER (optional line
    number), KANOON_KAVENEGAR_URL (default https://api.kavenegar.com/v1; a stand-in in tests),
    KANOON_KAVENEGAR_TIMEOUT seconds (default 10).
    """

    DEFAULT_URL = "https://api.kavenegar.com/v1"
    # 409: the operator's server cannot answer now; 451: too many calls. Retry later.
    RETRY_LATER = {409, 451}

    def __init__(
        self,
        api_key: str | None = None,
        sender: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.api_key = api_key if api_key is not None else _setting("KANOON_KAVENEGAR_API_KEY")
        self.sender = sender if sender is not None else _setting("KANOON_KAVENEGAR_SENDER")
        self.base_url = (base_url or _setting("KANOON_KAVENEGAR_URL", self.DEFAULT_URL)).rstrip("/")
        self.timeout = timeout if timeout is not None else float(_setting("KANOON_KAVENEGAR_TIMEOUT", "10"))

    def __repr__(self) -> str:  # never print the key
        return f"KavenegarSMSBackend(base_url={self.base_url!r}, sender={self.sender!r})"

    def send(self, mobile: str, text: str) -> dict:  # type: ignore[override]
        if not self.api_key:
            raise DeliveryRejected("کلید API کاوه‌نگار (KANOON_KAVENEGAR_API_KEY) تنظیم نشده است.")
        fields = {"receptor": mobile, "message": text}
        if self.sender:
            fields["sender"] = self.sender
        url = f"{self.base_url}/{urllib.parse.quote(self.api_key, safe='')}/sms/send.json"
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode("utf-8"),
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                http_status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            http_status, raw = exc.code, exc.read()
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, cut short
            raise TransportError(f"Kavenegar unreachable: {getattr(exc, 'reason', exc)}") from exc
        return self._answer(http_status, raw)

    def _answer(self, http_status: int, raw: bytes) -> dict:
        try:
            answer = json.loads(raw.decode("utf-8"))
            status = int(answer["return"]["status"])
            message = str(answer["return"].get("message", ""))
        except (ValueError, KeyError, TypeError) as exc:
            if http_status >= 500:
                raise TransportError(f"Kavenegar HTTP {http_status}", http_status) from exc
            raise TransportError(f"Kavenegar answered HTTP {http_status} without JSON", http_status) from exc
        if status == 200 and http_status < 400:
            return answer
        if status >= 500 or http_status >= 500 or status in self.RETRY_LATER:
            raise TransportError(f"Kavenegar {status}: {message}", status)
        raise DeliveryRejected(f"Kavenegar {status}: {message}", status)


def sms_backend() -> BaseSMSBackend:
    return import_string(settings.KANOON_SMS_BACKEND)()


def send_sms(mobile: str, text: str) -> None:
    sms_backend().send(mobile, text)


def send_email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


# SMTP failures a later attempt may get past (the recipient being refused is final).
EMAIL_TRANSPORT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPDataError,
    OSError,
)
