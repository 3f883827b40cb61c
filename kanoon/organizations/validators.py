"""The legal national ID (شناسهٔ ملی اشخاص حقوقی): 11 digits, the last one a check digit.

Check digit: let d = (10th digit) + 2; add d to each of the first ten digits, multiply by the
weights 29, 27, 23, 19, 17, 29, 27, 23, 19, 17, sum, take the remainder mod 11 (10 counts as 0).
Persian and Arabic-Indic digits are accepted; any other digit set is refused.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

from kanoon.core.text import to_latin_digits

WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
_SEPARATORS = re.compile(r"[\s\-_.]")


def check_digit(first_ten: str) -> int:
    """The check digit of the first ten (ASCII) digits of a legal national ID."""
    if not re.fullmatch(r"[0-9]{10}", first_ten):
        raise ValueError("ten ASCII digits expected")
    d = int(first_ten[9]) + 2
    remainder = sum((int(c) + d) * w for c, w in zip(first_ten, WEIGHTS, strict=True)) % 11
    return 0 if remainder == 10 else remainder


def normalize_legal_id(value: object) -> str:
    """Persian/Arabic-Indic digits → ASCII; spaces and dashes removed. Other digit sets stay as
    they are (and fail validation)."""
    return _SEPARATORS.sub("", to_latin_digits(str(value or "")))


def legal_id_error(value: object) -> str | None:
    """The Persian reason this value is not a legal national ID, or None when it is one."""
    code = normalize_legal_id(value)
    if any(unicodedata.category(ch) == "Nd" and ch not in "0123456789" for ch in code):
        return "شناسهٔ ملی را با رقم‌های فارسی یا انگلیسی بنویسید."
    if not re.fullmatch(r"[0-9]+", code):
        return "شناسهٔ ملی فقط از رقم تشکیل می‌شود."
    if len(code) != 11:
        return "شناسهٔ ملی باید ۱۱ رقم باشد."
    if set(code[3:9]) == {"0"}:  # the serial part of a registered entity is never all zeros
        return "شناسهٔ ملی معتبر نیست."
    if check_digit(code[:10]) != int(code[10]):
        return "شناسهٔ ملی معتبر نیست (رقم کنترل با بقیهٔ رقم‌ها نمی‌خواند)."
    return None


def is_valid_legal_id(value: object) -> bool:
    return legal_id_error(value) is None


def validate_legal_id(value: object) -> None:
    error = legal_id_error(value)
    if error:
        raise ValidationError(error, code="invalid_legal_id")
