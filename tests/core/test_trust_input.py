"""Issue 8 items 9 and 10 at the mechanism: the bad-input middleware, the exception handler,
digit sets, invisible names, date ranges and numbers that do not fit (each found by probing)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kanoon.core import badinput, jalali
from kanoon.core.badinput import BadInput, parse_json
from kanoon.core.forms import JalaliDateField, NameField
from kanoon.core.text import clean_name, is_blank_text, normalize
from kanoon.core.validators import (
    decimal_problem,
    is_valid_national_code,
    normalize_mobile,
    validate_mobile,
    validate_national_code,
)


def persian(text) -> bool:
    return isinstance(text, str) and any("\u0600" <= ch <= "\u06ff" for ch in text)


# ---- NUL bytes, foreign digits and hostile JSON: one middleware for API and pages ----------


def test_it_answers_a_nul_byte_in_a_query_with_a_persian_400_page(web, national):
    response = web(national).get("/units/search/?q=%00")
    assert response.status_code == 400
    assert "نویسهٔ نامعتبر" in response.content.decode()


def test_it_answers_a_nul_byte_in_an_api_query_with_persian_json(api, national):
    response = api(national).get("/api/v1/analytics/?indicator=%00&unit=1&period=1403Q1")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and persian(body["message"]) and "indicator" in body["errors"]


def test_it_refuses_foreign_digits_in_a_query(api, national):
    # '²'.isdigit() is True and int('²') fails: views that test isdigit() answered 500
    response = api(national).get("/api/v1/dataValueSets/?orgUnit=%C2%B2&period=2024Q3")
    assert response.status_code == 400 and persian(response.json()["message"])


def test_it_refuses_a_nul_byte_in_a_web_form(web, national):
    response = web(national).post("/monitoring/targets/new/", {"indicator": "a\x00b", "value": "1"})
    assert response.status_code == 400
    assert "نویسهٔ نامعتبر" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"period": "a\\u0000b"}', badinput.NUL_MESSAGE),
        ('{"a\\u0000": 1}', badinput.NUL_MESSAGE),
        ('{"value": 1e400}', badinput.NUMBER_MESSAGE),
        ('{"value": -1e400}', badinput.NUMBER_MESSAGE),
        ('{"value": NaN}', badinput.NUMBER_MESSAGE),
        ('{"value": 1234567890123456789012345678}', badinput.NUMBER_MESSAGE),
        ('{"value": "x\\ud800"}', badinput.TEXT_MESSAGE),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, badinput.DEPTH_MESSAGE),
        ("[" * 200 + "]" * 200, badinput.DEPTH_MESSAGE),
    ],
    ids=["nul", "nul-key", "1e400", "-1e400", "nan", "28-digits", "surrogate", "deep-100000", "deep-200"],
)
def test_it_refuses_hostile_json_with_a_persian_400(api, territory, national, body, message):
    from kanoon.monitoring.models import Target

    response = api(national).post("/api/v1/targets/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert not Target.objects.exists()


def test_it_answers_malformed_json_in_persian(api, national):
    response = api(national).post("/api/v1/targets/", data='{"a": ', content_type="application/json")
    assert response.status_code == 400 and persian(response.json()["message"])


def test_parse_json_accepts_ordinary_documents():
    assert parse_json(json.dumps({"dataValues": [{"value": "۱۲", "n": 3.5}]}).encode()) == {
        "dataValues": [{"value": "۱۲", "n": 3.5}]
    }
    with pytest.raises(BadInput):
        parse_json("[" * 40 + "]" * 40)


# ---- digits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["００１２３４５６７９", "००१२३४५६७९", "০০১২৩৪৫৬৭৯", "001234567⁹", "00123456７9"],
    ids=["full-width", "devanagari", "bengali", "superscript", "one-full-width"],
)
def test_it_refuses_national_codes_in_other_digit_sets(code):
    # the same person as 0012345679: accepting these made a second record for them
    assert not is_valid_national_code(code)
    with pytest.raises(ValidationError) as exc:
        validate_national_code(code)
    assert persian(exc.value.messages[0])


def test_it_reads_persian_and_arabic_national_codes():
    for code in ("0012345679", "۰۰۱۲۳۴۵۶۷۹", "٠٠١٢٣٤٥٦٧٩", "001-234567-9"):
        validate_national_code(code)


@pytest.mark.parametrize(
    "mobile", ["+989123456789", "00989123456789", "989123456789", "+98 912 345 6789", "۰۹۱۲۳۴۵۶۷۸۹"]
)
def test_it_accepts_every_spelling_of_an_iranian_mobile(mobile):
    validate_mobile(mobile)
    assert normalize_mobile(mobile) == "09123456789"


def test_it_refuses_mobiles_in_other_digit_sets():
    with pytest.raises(ValidationError) as exc:
        validate_mobile("０９１２３４５６７８９")
    assert "ارقام فارسی یا لاتین" in exc.value.messages[0]


def test_people_api_refuses_a_full_width_national_code(api, territory, national):
    from kanoon.centers.models import Person

    payload = {
        "first_name": "زهرا",
        "last_name": "کریمی",
        "gender": "female",
        "national_code": "００１２３４５６７９",
        "registered_unit": territory.yousefabad.pk,
    }
    response = api(national).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400 and persian(response.json()["message"])
    assert not Person.objects.filter(national_code__in=["００１２３４５６７９", "0012345679"]).exists()


# ---- invisible names --------------------------------------------------------------------------


def test_it_sees_names_made_only_of_invisible_marks_as_blank():
    for name in ("\u200c", "\u200c\u200d", "\u200e\u200f", "\u00a0\ufeff", " \u200c "):
        assert is_blank_text(name) and clean_name(name) == ""
    assert not is_blank_text("علی")
    assert normalize("\u200cکانون\u200cها\u200f ") == "کانون\u200cها"  # inner ZWNJ kept


def test_a_required_name_field_refuses_invisible_marks():
    field = NameField()
    with pytest.raises(ValidationError):
        field.clean("\u200c\u200f")
    assert field.clean(" علی\u200c") == "علی"


# ---- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["735/01/01", "1500/01/01", "1299/12/29", "2121-03-21", "0735-01-01"])
def test_it_refuses_dates_outside_the_sane_range(text):
    with pytest.raises(jalali.JalaliError) as exc:
        jalali.parse_date(text)
    assert persian(str(exc.value))


def test_the_range_is_set_per_field():
    assert jalali.parse_date("1403/01/01") == dt.date(2024, 3, 20)
    assert jalali.parse_date("1460/01/01", max_year=1500).year == 2081
    with pytest.raises(jalali.JalaliError):
        jalali.parse_date("1399/01/01", min_year=1400)
    field = JalaliDateField(max_year=1405)
    with pytest.raises(ValidationError):
        field.clean("1406/01/01")
    assert field.clean("۱۴۰۳/۰۱/۰۱") == dt.date(2024, 3, 20)


# ---- numbers that do not fit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ("1e-30", False),
        ("0.00001", False),
        ("1e400", False),
        ("1234567890123456789012345678", False),
        ("123456789012345", False),
        ("Infinity", False),
        ("12345678901234.5678", True),
        ("12.50000", True),
        ("0", True),
        ("-3", True),
    ],
)
def test_decimal_problem_refuses_what_the_column_would_round_or_overflow(value, fits):
    problem = decimal_problem(Decimal(value), max_digits=18, decimal_places=4)
    assert (problem is None) == fits
    assert problem is None or persian(problem)


@pytest.mark.parametrize("mobile", ["+989123456789", "00989123456789", "989123456789", "+98 912 345 6789"])
def test_people_api_accepts_a_mobile_written_with_the_country_code(api, territory, national, mobile):
    # was refused with "at most 11 characters", which says nothing about the +98
    from kanoon.centers.models import Person
    from tests.centers.conftest import national_code

    payload = {
        "first_name": "زهرا",
        "last_name": "کریمی",
        "gender": "female",
        "national_code": national_code(),
        "unit": territory.yousefabad.pk,
        "mobile": mobile,
    }
    response = api(national).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 201, response.content.decode()
    assert Person.objects.get(pk=response.json()["id"]).mobile == "09123456789"


def test_mobile_field_explains_a_wrong_number_in_persian():
    from rest_framework import serializers

    from kanoon.core.fields import MobileField

    with pytest.raises(serializers.ValidationError) as exc:
        MobileField().run_validation("+98912")
    assert "۰۹" in str(exc.value.detail[0])


def test_it_words_an_unsupported_media_type_in_plain_persian(api, national):
    response = api(national).generic(
        "POST", "/api/v1/organizations/", "x=1", content_type="application/x-unknown-kind"
    )
    assert response.status_code == 415
    assert response.json() == {
        "code": "unsupported_media_type",
        "message": "نوع محتوای درخواست پشتیبانی نمی‌شود.",
    }
