"""Lockout counts the ACCOUNT an attempt resolves to (any spelling, any address) and the ADDRESS."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from kanoon.accounts.models import User
from kanoon.core import scope
from tests.conftest import make_user

PASSWORD = "s3cret-pass"
SPELLINGS = [
    "maryam",
    "MARYAM",
    "Maryam",
    " maryam ",
    "maryam\t",
    "09121234567",
    "+989121234567",
    "+98 912 123 4567",
    "00989121234567",
    "9121234567",
    "۰۹۱۲۱۲۳۴۵۶۷",
    "٠٩١٢١٢٣٤٥٦٧",
    "+۹۸۹۱۲۱۲۳۴۵۶۷",
]


@pytest.fixture
def maryam(territory):
    return make_user(
        "maryam", scope.PROVINCE_EXPERT, territory.tehran, password=PASSWORD, mobile="09121234567"
    )


def _login(client, username, password, ip="127.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _lock(client, settings, ip="127.0.0.1"):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, SPELLINGS[i % len(SPELLINGS)], "wrong", ip)


def test_every_spelling_of_the_account_counts_towards_one_lock(client, maryam, settings):
    # one failure per spelling: the old (typed string, address) counter never reached the limit
    _lock(client, settings)
    refused = [s for s in SPELLINGS if _login(client, s, PASSWORD).status_code == 429]
    assert refused == SPELLINGS


def test_forty_guesses_across_spellings_never_get_through(client, api, maryam, settings):
    limit = settings.AXES_FAILURE_LIMIT
    accepted = 0
    for i in range(40):
        spelling = SPELLINGS[i % len(SPELLINGS)]
        # wrong guesses until the lock, then the right password is among the guesses
        password = PASSWORD if i >= limit and i % 4 == 3 else f"guess-{i}"
        response = _login(client, spelling, password)
        accepted += response.status_code == 302
        assert response.status_code in ((200, 429) if i < limit else (429,))
        token = api().post("/api/v1/auth/token/", {"username": spelling, "password": password}, format="json")
        accepted += token.status_code == 200
        if i >= limit:
            assert token.status_code == 429 and token.json()["code"] == "locked"
    assert accepted == 0


def test_the_account_lock_holds_from_another_address(client, maryam, settings):
    _lock(client, settings, ip="127.0.0.1")
    response = _login(client, "MARYAM", PASSWORD, ip="127.0.0.2")
    assert response.status_code == 429
    assert "قفل" in response.content.decode()


def test_one_address_trying_many_accounts_is_locked(client, maryam, settings):
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        make_user(f"u{i}", password="another-pass-1")
        _login(client, f"u{i}", "wrong", ip="127.0.0.9")  # one failure per account
    assert _login(client, "maryam", PASSWORD, ip="127.0.0.9").status_code == 429
    assert _login(client, "maryam", PASSWORD, ip="127.0.0.10").status_code == 302


def test_logging_in_to_ones_own_account_does_not_wipe_guesses_at_another(client, maryam, settings):
    make_user("mallory", password="mallory-pass-1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "maryam", "wrong")
        assert _login(client, "mallory", "mallory-pass-1").status_code == 302
        client.logout()
    _login(client, "Maryam", "wrong")
    assert _login(client, "maryam", PASSWORD).status_code == 429


def test_usernames_are_unique_whatever_the_case(api, web, territory):
    make_user("tehran", scope.COUNTY_EXPERT, territory.tehran_county)
    county = make_user("ce", scope.COUNTY_EXPERT, territory.rey_county)
    payload = {
        "username": "TEHRAN",
        "password": "Long-enough-pass-9",
        "role": "facilitator",
        "unit": territory.rey_county.pk,
    }
    response = api(county).post("/api/v1/users/", payload, format="json")
    assert response.status_code == 400
    assert "نام کاربری" in " ".join(response.json()["errors"]["username"])
    page = web(county).post("/accounts/users/new/", {**payload, "username": " Tehran "})
    assert page.status_code == 200 and "پیش‌تر گرفته شده" in page.content.decode()
    assert User.objects.filter(username__iexact="tehran").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="TeHrAn")
