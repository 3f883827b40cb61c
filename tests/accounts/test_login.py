import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kanoon.accounts import services
from kanoon.accounts.models import PasswordResetCode
from kanoon.core.notify import MemorySMSBackend
from tests.conftest import make_user


@pytest.fixture
def maryam(territory):
    from kanoon.core import scope

    return make_user(
        "maryam", scope.PROVINCE_EXPERT, territory.tehran, password="s3cret-pass", mobile="09121234567"
    )


def test_it_logs_in_with_username(client, maryam):
    response = client.post("/accounts/login/", {"username": "maryam", "password": "s3cret-pass"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_logs_in_with_mobile_in_persian_digits(client, maryam):
    response = client.post("/accounts/login/", {"username": "۰۹۱۲۱۲۳۴۵۶۷", "password": "s3cret-pass"})
    assert response.status_code == 302


def test_it_refuses_a_wrong_password_in_persian(client, maryam):
    response = client.post("/accounts/login/", {"username": "maryam", "password": "nope"})
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه نادرست است" in response.content.decode()


def test_it_locks_out_after_repeated_failures(client, maryam, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "maryam", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "maryam", "password": "s3cret-pass"})
    assert response.status_code == 429
    assert "قفل" in response.content.decode()


def test_pages_need_login(client, territory):
    response = client.get("/units/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_resets_a_password_with_an_sms_code(client, maryam):
    response = client.post("/accounts/password/reset/", {"identifier": "maryam"})
    assert response.status_code == 302
    assert len(MemorySMSBackend.outbox) == 1
    mobile, text = MemorySMSBackend.outbox[0]
    assert mobile == "09121234567"
    code = "".join(ch for ch in text if ch.isdigit())[:6]
    bad = client.post(
        "/accounts/password/reset/confirm/",
        {
            "identifier": "maryam",
            "code": "000000" if code != "000000" else "111111",
            "new_password": "Another-pass-1",
        },
    )
    assert "کد نادرست یا منقضی است" in bad.content.decode()
    ok = client.post(
        "/accounts/password/reset/confirm/",
        {"identifier": "maryam", "code": code, "new_password": "Another-pass-1"},
    )
    assert ok.status_code == 302
    maryam.refresh_from_db()
    assert maryam.check_password("Another-pass-1")
    # a used code cannot be used again
    again = client.post(
        "/accounts/password/reset/confirm/",
        {"identifier": "maryam", "code": code, "new_password": "Third-pass-22"},
    )
    assert "کد نادرست یا منقضی است" in again.content.decode()


def test_it_sends_the_code_by_email_when_there_is_no_mobile(db, territory):
    user = make_user("emailonly", email="a@example.org")
    services.password_reset_request(identifier="emailonly")
    assert len(mail.outbox) == 1 and user.email in mail.outbox[0].to
    assert not MemorySMSBackend.outbox


def test_unknown_users_get_the_same_answer_and_nothing_is_sent(client, territory):
    response = client.post("/accounts/password/reset/", {"identifier": "nobody"})
    assert response.status_code == 302
    assert not MemorySMSBackend.outbox and not PasswordResetCode.objects.exists()


def test_a_code_dies_after_five_wrong_attempts(maryam):
    services.password_reset_request(identifier="maryam")
    code = "".join(ch for ch in MemorySMSBackend.outbox[0][1] if ch.isdigit())[:6]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.password_reset_confirm(identifier="maryam", code=wrong, new_password="Another-pass-1")
    with pytest.raises(ValidationError):
        services.password_reset_confirm(identifier="maryam", code=code, new_password="Another-pass-1")


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    from django.conf import settings as live

    assert "Argon2PasswordHasher" in " ".join(live.PASSWORD_HASHERS)
