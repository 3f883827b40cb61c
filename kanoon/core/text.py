"""Persian text: digits and normalization for storage and search.

Arabic ي/ك/ة-less variants become Persian ی/ک, zero-width non-joiners and other invisible
marks are removed for search keys, and both Persian and Arabic-Indic digits are accepted.
"""

from __future__ import annotations

import re

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_LETTERS = str.maketrans(
    {"ي": "ی", "ى": "ی", "ئ": "ئ", "ك": "ک", "ۀ": "ه", "ة": "ه", "ؤ": "و", "أ": "ا", "إ": "ا"}
)
_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u00ad\u064b-\u065f\u0670\u0640]")
_SPACES = re.compile(r"\s+")


def to_latin_digits(value: str) -> str:
    """Persian/Arabic-Indic digits → ASCII digits (for parsing input)."""
    return value.translate(_TO_LATIN)


def to_persian_digits(value: object) -> str:
    """ASCII/Arabic-Indic digits → Persian digits (for display)."""
    return str(value).translate(_TO_PERSIAN)


def normalize(value: str | None) -> str:
    """Canonical stored form: Persian ی/ک, single spaces, trimmed; ZWNJ kept as written."""
    if not value:
        return ""
    value = value.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    return _SPACES.sub(" ", value).strip()


def search_key(value: str | None) -> str:
    """Key for matching: normalized letters, no ZWNJ/diacritics/tatweel, spaces collapsed.

    "مسجد جامع" and "مسجد‌جامع" (with a ZWNJ) and "مسجدجامع" do not all match: ZWNJ is
    treated as a space so "کانون‌ها" matches "کانون ها"; then spaces are collapsed.
    """
    if not value:
        return ""
    value = to_latin_digits(value).translate(_LETTERS)
    value = value.replace("\u200c", " ")
    value = _INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip().lower()
