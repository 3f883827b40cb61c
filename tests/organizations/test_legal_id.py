"""The legal national ID (شناسهٔ ملی) check digit and input handling."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kanoon.organizations.validators import check_digit, is_valid_legal_id, legal_id_error, validate_legal_id

# published examples (persian-tools' test suite): one valid ID and near misses
VALID = ["10380284790"]
INVALID = ["10380284792", "10380285692", "09748208301", "11111111111", "1111111111", "123000000"]


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_a_known_valid_id(code):
    assert is_valid_legal_id(code)
    assert check_digit(code[:10]) == int(code[10])


@pytest.mark.parametrize("code", INVALID)
def test_it_refuses_known_invalid_ids(code):
    assert not is_valid_legal_id(code)
    with pytest.raises(ValidationError) as info:
        validate_legal_id(code)
    assert "شناسهٔ ملی" in info.value.messages[0]


def test_it_accepts_persian_and_arabic_digits_and_separators():
    assert is_valid_legal_id("۱۰۳۸۰۲۸۴۷۹۰")
    assert is_valid_legal_id("١٠٣٨٠٢٨٤٧٩٠")
    assert is_valid_legal_id("103-8028-4790")


@pytest.mark.parametrize(
    "code",
    [
        "१०३८०२८४७९०",  # Devanagari
        "１０３８０２８４７９０",  # full-width
        "১০৩৮০২৮৪৭৯০",  # Bengali
    ],
)
def test_it_refuses_other_digit_sets_in_persian(code):
    assert legal_id_error(code) == "شناسهٔ ملی را با رقم‌های فارسی یا انگلیسی بنویسید."


def test_it_refuses_nul_bytes_and_letters():
    assert legal_id_error("1038028\x004790") == "شناسهٔ ملی فقط از رقم تشکیل می‌شود."
    assert legal_id_error("1038028479O") == "شناسهٔ ملی فقط از رقم تشکیل می‌شود."


def test_it_refuses_an_all_zero_serial():
    code = "103000000" + "1"
    assert legal_id_error(code + str(check_digit(code))) == "شناسهٔ ملی معتبر نیست."


def _weighted(first_ten: str) -> int:
    """Independent restatement: digit i contributes (d_i + d_10 + 2) × w_i."""
    w = [29, 27, 23, 19, 17] * 2
    total = 0
    for i in range(10):
        total += (int(first_ten[i]) + int(first_ten[9]) + 2) * w[i]
    return total % 11 % 10


serials = st.text(alphabet="0123456789", min_size=10, max_size=10).filter(lambda s: set(s[3:9]) != {"0"})


@given(serials)
def test_it_completes_any_ten_digits_to_exactly_one_valid_id(first_ten):
    good = check_digit(first_ten)
    assert good == _weighted(first_ten)
    valid = [d for d in range(10) if is_valid_legal_id(first_ten + str(d))]
    assert valid == [good]


@given(serials, st.integers(min_value=1, max_value=9))
def test_it_catches_every_single_digit_change_of_the_check_digit(first_ten, delta):
    code = first_ten + str(check_digit(first_ten))
    wrong = code[:10] + str((int(code[10]) + delta) % 10)
    assert not is_valid_legal_id(wrong)
