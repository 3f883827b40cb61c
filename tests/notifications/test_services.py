"""notify(): one in-app row per user, SMS/e-mail copies as Delivery rows sent after commit,
preferences per kind, and the daily digest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from kanoon.celery import app
from kanoon.core.notify import MemorySMSBackend
from kanoon.notifications import selectors, services
from kanoon.notifications.kinds import UnknownKind
from kanoon.notifications.models import Delivery, DeliveryStatus, Notification, Preference

from .conftest import QUIET


def test_it_writes_one_inbox_row_per_user_and_sends_both_channels_after_commit(
    kind, reachable, readonly, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = services.notify(
            users=[reachable, readonly, reachable], user=readonly, kind=kind, title="جلسه", body="فردا"
        )
        assert (
            Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == 2
        )  # nothing sent before commit
        assert MemorySMSBackend.outbox == []
    assert len(callbacks) == 1
    assert len(made) == 2
    assert Notification.objects.filter(user=reachable).count() == 1
    assert Notification.objects.filter(user=readonly).count() == 1  # readonly has no mobile, no e-mail
    assert MemorySMSBackend.outbox == [("09121111111", "کانون: جلسه")]
    assert [m.to for m in mail.outbox] == [["insider@example.org"]]
    assert mail.outbox[0].body == "جلسه\n\nفردا"
    rows = Delivery.objects.order_by("channel")
    assert [(d.channel, d.status, d.attempts, d.address) for d in rows] == [
        ("email", "sent", 1, "insider@example.org"),
        ("sms", "sent", 1, "09121111111"),
    ]


def test_channels_limit_the_copies_and_in_app_is_always_written(
    kind, reachable, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reachable, kind=kind, title="فقط پیامک", channels=["sms"])
        services.notify(user=reachable, kind=kind, title="فقط درون سامانه", channels=["in_app"])
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"]
    assert Notification.objects.filter(user=reachable).count() == 2
    with pytest.raises(ValueError):
        services.notify(user=reachable, kind=kind, title="x", channels=["fax"])


def test_an_unregistered_kind_is_refused(reachable):
    with pytest.raises(UnknownKind):
        services.notify(user=reachable, kind="no_such_kind", title="x")
    assert not Notification.objects.exists()


def test_it_remembers_the_record_it_is_about(kind, reachable, territory):
    note = services.notify(user=reachable, kind=kind, title="x", obj=territory.tehran)[0]
    note.refresh_from_db()
    assert note.obj == territory.tehran


def test_preferences_are_respected_per_kind(kind, reachable, django_capture_on_commit_callbacks):
    services.preference_set(user=reachable, kind=kind, sms=False, email=True, digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reachable, kind=kind, title="بی‌پیامک")
        services.notify(user=reachable, kind=QUIET, title="بی‌صدا")  # the kind's defaults: neither
    assert MemorySMSBackend.outbox == []
    assert [m.subject for m in mail.outbox] == ["بی‌پیامک"]
    assert Notification.objects.filter(user=reachable).count() == 2
    choices = {c.kind: c for c in selectors.preferences(reachable)}
    assert (choices[kind].sms, choices[kind].email, choices[QUIET].sms) == (False, True, False)


def test_the_daily_digest_sends_one_summary_once(
    kind, reachable, readonly, django_capture_on_commit_callbacks
):
    services.preference_set(user=reachable, kind=kind, sms=True, email=True, digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            services.notify(users=[reachable, readonly], kind=kind, title=f"مورد {n}")
    assert MemorySMSBackend.outbox == [] and mail.outbox == []  # kept for the digest
    assert Notification.objects.filter(user=reachable, in_digest=True).count() == 5
    assert Notification.objects.filter(user=readonly, in_digest=True).count() == 0  # no channel to wait for

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send() == 1
    assert len(MemorySMSBackend.outbox) == 1
    mobile, text = MemorySMSBackend.outbox[0]
    assert mobile == "09121111111" and "۵ اعلان" in text and "مورد 0" in text and "۲ مورد دیگر" in text
    assert len(mail.outbox) == 1 and all(f"مورد {n}" in mail.outbox[0].body for n in range(5))
    assert Delivery.objects.filter(is_digest=True, status=DeliveryStatus.SENT).count() == 2
    assert not Notification.objects.filter(in_digest=True, digested_at__isnull=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send() == 0  # each item goes out once
    assert len(MemorySMSBackend.outbox) == 1


def test_the_digest_runs_from_beat_and_from_a_command(kind, reachable, django_capture_on_commit_callbacks):
    schedule = app.conf.beat_schedule["notifications-daily-digest"]
    assert schedule["task"] == "notifications.send_digests"
    Preference.objects.create(user=reachable, kind=kind, sms=True, email=False, digest=True)
    services.notify(user=reachable, kind=kind, title="یک")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications_digest", stdout=open("/dev/null", "w"))
    assert [t for _, t in MemorySMSBackend.outbox] == ["کانون: ۱ اعلان تازه — یک"]


def test_marking_read_touches_only_ones_own(kind, reachable, readonly):
    mine = services.notify(user=reachable, kind=kind, title="من")[0]
    theirs = services.notify(user=readonly, kind=kind, title="او")[0]
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(user=reachable, notification=theirs)
    assert services.notification_mark_read(user=reachable) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None
