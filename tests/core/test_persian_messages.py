"""Everything a person reads is Persian: Django's password rules, DRF's messages (kanoon/locale
overrides), numbers in messages with Persian digits, and number inputs in pages and the API that
accept Persian digits."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

import kanoon

LATIN_LETTERS = re.compile("[A-Za-z]")
LATIN_DIGITS = re.compile("[0-9]")
LOCALE = Path(kanoon.__file__).parent / "locale" / "fa" / "LC_MESSAGES"


def messages_of(password: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_password(password)
    return caught.value.messages


@pytest.mark.parametrize("password", ["abc", "12345678901", "password"])
def test_password_rules_speak_persian(password):
    with translation.override("fa"):
        messages = messages_of(password)
    assert messages
    for message in messages:
        assert not LATIN_LETTERS.search(message), message
        assert not LATIN_DIGITS.search(message), message


def test_the_short_password_message_names_the_length_in_persian_digits():
    with translation.override("fa"):
        assert "۸" in " ".join(messages_of("abc"))
        assert all("۸" in t or not LATIN_LETTERS.search(t) for t in password_validators_help_texts())


def test_drf_messages_are_persian():
    from rest_framework import exceptions, fields, pagination, relations

    with translation.override("fa"):
        texts = [
            str(relations.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]),
            str(relations.PrimaryKeyRelatedField.default_error_messages["incorrect_type"]),
            str(fields.Field.default_error_messages["null"]),
            str(fields.IntegerField.default_error_messages["invalid"]),
            str(pagination.PageNumberPagination.invalid_page_message),
            str(exceptions.Throttled.default_detail),
            str(exceptions.NotAuthenticated.default_detail),
        ]
    for text in texts:
        assert not re.search(r"\b(pk|Object|object)\b", text), text
        assert re.search("[\u0600-\u06ff]", text), text
    assert "توهی" not in texts[2]


@pytest.mark.django_db
def test_an_unknown_id_in_the_api_is_refused_in_persian(api, insider, territory):
    response = api(insider).post("/api/v1/centers/", {"name": "کانون آزمایشی", "unit": 987654}, format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["unit"])
    assert "pk" not in message and "Object" not in message and "object" not in message
    assert "وجود ندارد" in message


@pytest.mark.django_db
def test_the_api_takes_numbers_in_persian_digits(api, insider, territory):
    response = api(insider).post(
        "/api/v1/centers/",
        {
            "name": "کانون یوسف‌آباد",
            "unit": territory.yousefabad.pk,
            "latitude": "۳۵٫۷۰۱۲",
            "longitude": "٥١٫٤",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    from kanoon.centers.models import Center

    center = Center.objects.get(pk=response.json()["id"])
    assert center.latitude == Decimal("35.7012") and center.longitude == Decimal("51.4")


@pytest.mark.django_db
def test_a_web_form_takes_numbers_in_persian_digits(web, insider, territory):
    """The center form's coordinates (DecimalFields) typed with Persian digits and «٫»."""
    from kanoon.centers.models import Center

    client = web(insider)
    page = client.get("/centers/new/").content.decode()
    assert 'name="latitude"' in page and 'type="number"' not in page
    response = client.post(
        "/centers/new/",
        {
            "name": "کانون گیشا",
            "unit": territory.yousefabad.pk,
            "kind": "neighborhood",
            "latitude": "۳۵٫۷۳",
            "longitude": "۵۱٫۳۸۲۵",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    center = Center.objects.get(name="کانون گیشا")
    assert center.latitude == Decimal("35.73") and center.longitude == Decimal("51.3825")
    edit = client.get(f"/centers/{center.pk}/edit/").content.decode()
    assert 'value="۳۵٫۷۳' in edit


def test_the_compiled_catalogue_is_in_step_with_the_po_file(tmp_path):
    msgfmt = subprocess.run(["which", "msgfmt"], capture_output=True, text=True).stdout.strip()
    if not msgfmt:
        pytest.skip("gettext's msgfmt is not installed")
    out = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(out), str(LOCALE / "django.po")], check=True)
    import gettext

    fresh = gettext.GNUTranslations(out.open("rb"))._catalog  # type: ignore[attr-defined]
    committed = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))._catalog  # type: ignore[attr-defined]
    assert fresh == committed, "run `django-admin compilemessages -l fa` in kanoon/ and commit the .mo"
