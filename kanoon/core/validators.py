"""Validators for Iranian identifiers; messages in Persian."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from .text import to_latin_digits, to_persian_digits

_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
FOREIGN_DIGITS = "شماره را با ارقام فارسی یا لاتین وارد کنید."


def has_foreign_digits(value: str) -> bool:
    """A digit of another script than ASCII, Persian or Arabic-Indic (full-width ０, Devanagari ०,
    superscript ²...). `str.isdigit()` and regex `\\d` accept them, and `int()` reads some."""
    return any(
        ch.isdigit() or ch.isdecimal() or ch.isnumeric() for ch in to_latin_digits(value) if not ch.isascii()
    )


def normalize_national_code(value: str) -> str:
    """Persian and Arabic-Indic digits become ASCII, spaces and dashes go; other digit sets stay
    as typed (and are then refused by the validators)."""
    return re.sub(r"[\s\-]", "", to_latin_digits(str(value or "")))


def is_valid_national_code(value: str) -> bool:
    code = normalize_national_code(value)
    if len(code) != 10 or not _ASCII_DIGITS.fullmatch(code) or len(set(code)) == 1:
        return False
    check = int(code[9])
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return check == total if total < 2 else check == 11 - total


def validate_national_code(value: str) -> None:
    if has_foreign_digits(str(value or "")):
        raise ValidationError("کد ملی را با ارقام فارسی یا لاتین وارد کنید.", code="invalid_national_code")
    if not is_valid_national_code(value):
        raise ValidationError("کد ملی معتبر نیست (۱۰ رقم با رقم کنترل درست).", code="invalid_national_code")


def normalize_mobile(value: str) -> str:
    """'+98 912 345 6789', '00989123456789', '9123456789', '۰۹۱۲۳۴۵۶۷۸۹' → '09123456789'."""
    digits = re.sub(r"[\s\-()]", "", to_latin_digits(str(value or "")))
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    return digits


def is_valid_mobile(value: str) -> bool:
    return bool(re.fullmatch(r"09[0-9]{9}", normalize_mobile(value), re.ASCII))


def validate_mobile(value: str) -> None:
    """Any spelling normalize_mobile reads (+98…, 0098…, 98…, 9…, Persian digits) is valid."""
    if has_foreign_digits(str(value or "")):
        raise ValidationError(FOREIGN_DIGITS, code="invalid_mobile")
    if not is_valid_mobile(value):
        raise ValidationError(
            "شماره همراه معتبر نیست؛ ۱۱ رقم با ۰۹ در آغاز (مانند ۰۹۱۲۳۴۵۶۷۸۹) یا با ‎+98‎ بنویسید.",
            code="invalid_mobile",
        )


def decimal_problem(value: Decimal, *, max_digits: int, decimal_places: int) -> str | None:
    """The Persian reason `value` cannot be stored as is in a DecimalField(max_digits,
    decimal_places), or None. A value with more decimal places than the field holds is refused
    rather than rounded (1e-30 would be stored as 0), and one too large is refused rather than
    failing in the database."""
    if not value.is_finite():
        return "یک عدد وارد کنید."
    if value.is_zero():
        return None
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    if places > decimal_places:
        return (
            f"حداکثر {to_persian_digits(decimal_places)} رقم اعشار پذیرفته است؛ "
            "این عدد بدون گرد کردن ذخیره نمی‌شود."
        )
    whole = max_digits - decimal_places
    if value.adjusted() + 1 > whole:
        return f"این عدد بیش از حد بزرگ است (حداکثر {to_persian_digits(whole)} رقم پیش از ممیز)."
    return None
