import pytest
from django.core.exceptions import ValidationError

from kanoon.core.templatetags.kanoon import fa
from kanoon.core.text import normalize, search_key, to_latin_digits, to_persian_digits
from kanoon.core.validators import (
    is_valid_mobile,
    is_valid_national_code,
    normalize_mobile,
    validate_mobile,
    validate_national_code,
)


def test_it_treats_arabic_letters_as_persian():
    assert normalize("علي كريمي") == "علی کریمی"
    assert search_key("كرج") == search_key("کرج")
    assert search_key("يوسف آباد") == search_key("یوسف‌آباد")


def test_it_ignores_zwnj_differences():
    assert search_key("یوسف‌آباد") == search_key("یوسف آباد")
    assert search_key("خانه‌ی سلامت") == search_key("خانه ی سلامت")


def test_digits_both_ways():
    assert to_latin_digits("۱۲۳٤٥") == "12345"
    assert to_persian_digits("1403") == "۱۴۰۳"
    assert fa(1234567) == "۱٬۲۳۴٬۵۶۷"


@pytest.mark.parametrize("code", ["0499370899", "0013542419", "۰۴۹۹۳۷۰۸۹۹", "0084575948"])
def test_valid_national_codes(code):
    assert is_valid_national_code(code)


@pytest.mark.parametrize("code", ["0499370898", "1111111111", "12345", "abcdefghij", ""])
def test_invalid_national_codes(code):
    assert not is_valid_national_code(code)
    with pytest.raises(ValidationError) as err:
        validate_national_code(code)
    assert "کد ملی" in err.value.messages[0]


def test_mobile_numbers():
    for value in [
        "09123456789",
        "+989123456789",
        "00989123456789",
        "9123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "0912 345 6789",
    ]:
        assert normalize_mobile(value) == "09123456789", value
        assert is_valid_mobile(value)
    for bad in ["0812345678", "0912345678", "12345", "09a23456789"]:
        assert not is_valid_mobile(bad)
    with pytest.raises(ValidationError):
        validate_mobile("0212345678")
