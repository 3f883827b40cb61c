"""The delivery task: transport errors retry with backoff up to max_retries, answers a retry
cannot fix fail at once, and every attempt is counted on the Delivery row."""

from __future__ import annotations

import smtplib

import pytest

from kanoon.core.notify import DeliveryRejected, TransportError
from kanoon.notifications import services, tasks
from kanoon.notifications.models import Delivery, DeliveryStatus


class FlakySMS:
    """Fails `failures` times with `error`, then sends."""

    failures = 0
    error: Exception = TransportError("timeout")
    calls: list[str] = []

    def send(self, mobile: str, text: str) -> None:
        FlakySMS.calls.append(mobile)
        if len(FlakySMS.calls) <= FlakySMS.failures:
            raise FlakySMS.error


@pytest.fixture
def flaky(settings):
    settings.KANOON_SMS_BACKEND = "tests.notifications.test_delivery.FlakySMS"
    FlakySMS.calls = []
    FlakySMS.failures = 0
    FlakySMS.error = TransportError("timeout")
    return FlakySMS


def sms_delivery(kind, user, capture) -> Delivery:
    with capture(execute=True):
        services.notify(user=user, kind=kind, title="آزمون", channels=["sms"])
    return Delivery.objects.get()


def test_the_task_retries_transport_errors_with_exponential_backoff():
    assert TransportError in tasks.deliver.autoretry_for
    assert tasks.deliver.max_retries == tasks.MAX_RETRIES == 5
    assert tasks.deliver.retry_backoff == 30 and tasks.deliver.retry_backoff_max == 3600


def test_a_transient_failure_is_retried_until_it_is_sent(
    kind, insider, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 2
    delivery = sms_delivery(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert delivery.last_error == "" and delivery.sent_at is not None
    assert len(flaky.calls) == 3


def test_a_transport_error_that_never_clears_fails_after_max_retries(
    kind, insider, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 100
    delivery = sms_delivery(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, tasks.MAX_RETRIES + 1)
    assert delivery.last_error == "timeout"


@pytest.mark.parametrize("error", [DeliveryRejected("Kavenegar 411: receptor", 411), RuntimeError("bug")])
def test_an_answer_a_retry_cannot_fix_fails_at_once(
    kind, insider, flaky, error, django_capture_on_commit_callbacks
):
    flaky.failures, flaky.error = 100, error
    delivery = sms_delivery(kind, insider, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.FAILED, 1, str(error))
    assert len(flaky.calls) == 1


def test_a_sent_delivery_is_not_sent_again(kind, insider, flaky, django_capture_on_commit_callbacks):
    delivery = sms_delivery(kind, insider, django_capture_on_commit_callbacks)
    assert tasks.deliver.apply(args=[delivery.pk]).get() == DeliveryStatus.SENT
    assert len(flaky.calls) == 1


def test_smtp_errors_are_sorted_into_retry_and_final(
    kind, reachable, monkeypatch, django_capture_on_commit_callbacks
):
    from kanoon.core import notify as transport

    errors = iter([smtplib.SMTPServerDisconnected("gone"), None])

    def send_email(address, subject, text):  # type: ignore[no-untyped-def]
        error = next(errors)
        if error:
            raise error

    monkeypatch.setattr(transport, "send_email", send_email)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reachable, kind=kind, title="x", channels=["email"])
    assert Delivery.objects.values_list("status", "attempts").get() == (DeliveryStatus.SENT, 2)

    def refused(address, subject, text):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPRecipientsRefused({address: (550, b"no such user")})

    monkeypatch.setattr(transport, "send_email", refused)
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reachable, kind=kind, title="y", channels=["email"])
    assert Delivery.objects.values_list("status", "attempts").get() == (DeliveryStatus.FAILED, 1)
