"""Validators for Iranian identifiers; messages in Persian."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from .text import to_latin_digits


def normalize_national_code(value: str) -> str:
    return re.sub(r"[\s\-]", "", to_latin_digits(str(value or "")))


def is_valid_national_code(value: str) -> bool:
    code = normalize_national_code(value)
    if not re.fullmatch(r"\d{10}", code) or len(set(code)) == 1:
        return False
    check = int(code[9])
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return check == total if total < 2 else check == 11 - total


def validate_national_code(value: str) -> None:
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
    return bool(re.fullmatch(r"09\d{9}", normalize_mobile(value)))


def validate_mobile(value: str) -> None:
    if not is_valid_mobile(value):
        raise ValidationError("شماره همراه معتبر نیست (مانند ۰۹۱۲۳۴۵۶۷۸۹).", code="invalid_mobile")
