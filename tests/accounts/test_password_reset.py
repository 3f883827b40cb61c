"""Password reset: the same work whether or not the account exists, rate limits, and a reset ends
every session and API token."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token

from kanoon.accounts import services
from kanoon.accounts.models import PasswordResetCode, PasswordResetRequest
from kanoon.core import scope
from kanoon.core.notify import MemorySMSBackend
from tests.conftest import make_user


@pytest.fixture
def maryam(territory):
    return make_user(
        "maryam", scope.PROVINCE_EXPERT, territory.tehran, password="s3cret-pass", mobile="09121234567"
    )


def _work(identifier: str) -> tuple[int, int, int]:
    """(hashes made, deliveries enqueued, reset requests recorded) for one request."""
    before = PasswordResetRequest.objects.count()
    with (
        mock.patch.object(services, "_hash_code", wraps=services._hash_code) as hashed,
        mock.patch("kanoon.accounts.tasks.deliver_reset_code.delay") as enqueued,
    ):
        services.password_reset_request(identifier=identifier, ip_address="127.0.0.1")
    return hashed.call_count, enqueued.call_count, PasswordResetRequest.objects.count() - before


def test_known_and_unknown_accounts_take_the_same_path(maryam):
    assert _work("maryam") == _work("nobody-here") == _work("09350000000") == (1, 1, 1)


def test_the_answer_is_the_same_for_known_and_unknown_accounts(client, maryam):
    known = client.post("/accounts/password/reset/", {"identifier": "maryam"})
    unknown = client.post("/accounts/password/reset/", {"identifier": "nobody"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].split("?")[0] == unknown["Location"].split("?")[0]


def test_at_most_three_codes_per_account_per_hour_whatever_the_spelling(client, maryam):
    spellings = ["maryam", "MARYAM", "09121234567", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "maryam"]
    answers = {client.post("/accounts/password/reset/", {"identifier": s}).status_code for s in spellings}
    assert answers == {302}
    assert len(MemorySMSBackend.outbox) == services.RESET_PER_ACCOUNT_PER_HOUR
    assert PasswordResetCode.objects.filter(user=maryam, used_at__isnull=True).count() == 1


def test_one_address_asking_for_many_accounts_is_limited(client, maryam):
    for i in range(services.RESET_PER_ADDRESS_PER_HOUR):
        client.post("/accounts/password/reset/", {"identifier": f"someone{i}"}, REMOTE_ADDR="127.0.0.5")
    assert (
        client.post(
            "/accounts/password/reset/", {"identifier": "maryam"}, REMOTE_ADDR="127.0.0.5"
        ).status_code
        == 302
    )
    assert not MemorySMSBackend.outbox
    client.post("/accounts/password/reset/", {"identifier": "maryam"}, REMOTE_ADDR="127.0.0.6")
    assert len(MemorySMSBackend.outbox) == 1


def _code() -> str:
    return "".join(ch for ch in MemorySMSBackend.outbox[-1][1] if ch.isdigit())[:6]


def test_a_reset_ends_every_session_and_api_token(client, api, maryam, django_user_model):
    from django.test import Client

    other_device = Client()
    assert (
        other_device.post("/accounts/login/", {"username": "maryam", "password": "s3cret-pass"}).status_code
        == 302
    )
    token = Token.objects.create(user=maryam)
    assert Session.objects.count() == 1
    services.password_reset_request(identifier="maryam")
    services.password_reset_confirm(identifier="maryam", code=_code(), new_password="Another-pass-1")
    assert not Token.objects.filter(user=maryam).exists()
    assert Session.objects.count() == 0
    assert other_device.get("/units/").status_code == 302  # back to the login page ("/" is public)
    stale = api()
    stale.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert stale.get("/api/v1/me/").status_code == 401


def test_changing_the_password_ends_the_other_sessions_and_tokens_but_keeps_this_one(maryam):
    from django.test import Client

    here, there = Client(), Client()
    for c in (here, there):
        assert (
            c.post("/accounts/login/", {"username": "maryam", "password": "s3cret-pass"}).status_code == 302
        )
    Token.objects.create(user=maryam)
    response = here.post(
        "/accounts/password/change/",
        {
            "old_password": "s3cret-pass",
            "new_password1": "Brand-new-pass-7",
            "new_password2": "Brand-new-pass-7",
        },
    )
    assert response.status_code == 302
    assert here.get("/accounts/profile/").status_code == 200
    assert there.get("/accounts/profile/").status_code == 302
    assert Session.objects.count() == 1
    assert not Token.objects.filter(user=maryam).exists()
