"""The one place numbers and sortable names are made Persian for people to read.

Every page, flash message, error message, Excel sheet, PDF and chart label that shows a number
goes through `number` / `percent` / `digits`; every list of names shown sorted goes through
`sort_key` / `persian_sorted`. Inputs that take numbers parse with `parse_number`, which accepts
Persian, Arabic-Indic and Latin digits and both separators.

- digits: Persian (۰–۹)
- thousands separator: «٬» (U+066C ARABIC THOUSANDS SEPARATOR)
- decimal separator: «٫» (U+066B ARABIC DECIMAL SEPARATOR)
- minus: U+2212 after a left-to-right mark, so that "−۳٬۴۲۳" never shows as "۳٬۴۲۳-" in a
  right-to-left line
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import TypeVar

from kanoon.core.text import to_latin_digits, to_persian_digits

THOUSANDS = "\u066c"  # ٬
DECIMAL = "\u066b"  # ٫
MINUS = "\u200e\u2212"  # LRM + MINUS SIGN
PERCENT = "\u066a"  # ٪


def number(value: object, decimals: int | None = None) -> str:
    """A number as Persian text: 1234567 → «۱٬۲۳۴٬۵۶۷», -3.5 → «‎−۳٫۵».

    `decimals` fixes the digits after the separator, rounding half up (2.25 → «۲٫۳», as people
    round, not Python's half-to-even); by default integers have none and other numbers keep what
    they have, trailing zeros removed (a Decimal('12.50') shows «۱۲٫۵»).
    None and '' give ''. Anything that is not a number is returned with Persian digits.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:
            return to_persian_digits(value)
        value = parsed
    if isinstance(value, int) and not decimals:
        text = f"{abs(value):,}"
        negative = value < 0
    else:
        try:
            dec = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return to_persian_digits(value)
        if not dec.is_finite():
            return to_persian_digits(value)
        negative = dec < 0
        dec = abs(dec)
        if decimals is not None:
            with localcontext(prec=max(28, len(dec.as_tuple().digits) + decimals + 2)):
                dec = dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            text = f"{dec:,.{decimals}f}"
        else:
            text = f"{dec:,f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
        if text in {"", "0"} or set(text) <= {"0", ".", ","}:
            negative = False  # never «−۰»
    text = text.replace(",", THOUSANDS).replace(".", DECIMAL)
    return (MINUS if negative else "") + to_persian_digits(text)


def percent(value: object, decimals: int = 1) -> str:
    """45.25 → «۴۵٫۳٪» (the value is already a percentage; rounded half up)."""
    if value is None or value == "":
        return ""
    parsed = parse_number(value) if isinstance(value, str) else value
    if parsed is None:
        return to_persian_digits(value)
    return number(parsed, decimals) + PERCENT


def digits(value: object) -> str:
    """Any text with its digits made Persian (for messages built from codes or counts)."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number(value)
    return to_persian_digits(value)


_NUMBER = re.compile(r"^[+\-]?[0-9]+(\.[0-9]+)?$")


def parse_number(value: object) -> Decimal | int | None:
    """Read a number typed in any digit set: «۱٬۲۳۴٫۵», «١٢٣», «1,234.5», «−۳» → Decimal/int.

    Returns None when the text is not a number. Thousands separators («٬», «,») are dropped;
    «٫» and «/» between digits (a common Persian keyboard decimal) are read as the decimal point.
    """
    if value is None:
        return None
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value
    text = to_latin_digits(str(value)).strip()
    text = re.sub(r"[\u200e\u200f\u061c\s]", "", text)
    text = text.replace(THOUSANDS, "").replace(",", "").replace(DECIMAL, ".").replace("\u2212", "-")
    text = re.sub(r"(?<=\d)/(?=\d)", ".", text)
    if not _NUMBER.match(text):
        return None
    if "." in text:
        return Decimal(text)
    return int(text)


# --- Persian collation --------------------------------------------------------------------
# The Persian alphabet order (آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی),
# as in CLDR's Persian collation that PostgreSQL's ICU collation `persian` uses (core.collation),
# so that lists sorted here and in the database agree: numbers first, by value («تهران ۲» before
# «تهران ۱۰»), then Persian letters, then Latin letters; Arabic forms fold to their Persian
# letters (ي ك ة); ZWNJ and spaces both separate words and sort before any letter.
_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "\u200c": " ",
    }
)
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200d\u200e\u200f]")
_TOKENS = re.compile(r"[0-9]+|\s+|.", re.S)

T = TypeVar("T")


def sort_key(value: object) -> tuple:
    """A key that orders Persian names as a Persian reader expects (see the notes above)."""
    text = to_latin_digits(_DIACRITICS.sub("", str(value or "")).translate(_FOLD)).strip()
    key: list[tuple[int, int]] = []
    for token in _TOKENS.findall(text):
        if token.isspace():
            key.append((0, 0))
        elif token.isascii() and token.isdigit():
            key.append((1, int(token)))
        elif token in _RANK:
            key.append((2, _RANK[token]))
        elif token.isascii() and token.isalpha():
            key.append((3, ord(token.lower())))
        else:
            key.append((4, ord(token)))
    return tuple(key)


def persian_sorted(items: Iterable[T], key: Callable[[T], object] | None = None, reverse=False) -> list[T]:
    """`sorted` in Persian order; `key` picks the name to sort by (default: str(item))."""
    pick = key or str
    return sorted(items, key=lambda item: sort_key(pick(item)), reverse=reverse)
