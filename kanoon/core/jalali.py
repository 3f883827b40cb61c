"""Jalali (Solar Hijri) dates and quarters. The one place that formats or parses a date.

Quarters are the four seasons: بهار (months 1–3), تابستان (4–6), پاییز (7–9), زمستان (10–12).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime
from django.utils import timezone

from .text import to_latin_digits, to_persian_digits

MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
SEASONS = ("بهار", "تابستان", "پاییز", "زمستان")
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")

_DATE_RE = re.compile(r"^\s*(\d{3,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$", re.ASCII)


MIN_YEAR = 1300  # Jalali (1921): no date this platform records lies earlier
MAX_YEAR = 1450  # Jalali (2071): a later year is a typing error (1500 for 1400, 735 for 1403...)


class JalaliError(ValueError):
    """An invalid Jalali date; the message is in Persian."""


def check_year_range(value: dt.date, *, min_year: int | None = None, max_year: int | None = None) -> dt.date:
    """`value` if its Jalali year lies in [min_year, max_year] (default MIN_YEAR..MAX_YEAR),
    else a JalaliError in Persian."""
    lo = MIN_YEAR if min_year is None else min_year
    hi = MAX_YEAR if max_year is None else max_year
    if isinstance(value, dt.datetime):
        value = value.date()
    year = jdatetime.date.fromgregorian(date=value).year if dt.date(622, 3, 22) <= value else 0
    if not lo <= year <= hi:
        raise JalaliError(
            f"سال باید میان {to_persian_digits(lo)} و {to_persian_digits(hi)} (هجری شمسی) باشد."
        )
    return value


def validate_date_range(value: dt.date | None) -> None:
    """Model/serializer validator: the date's Jalali year lies in MIN_YEAR..MAX_YEAR."""
    from django.core.exceptions import ValidationError

    if value is None:
        return
    try:
        check_year_range(value)
    except JalaliError as exc:
        raise ValidationError(str(exc), code="date_out_of_range")


def is_leap(year: int) -> bool:
    return jdatetime.date(year, 1, 1).isleap()


def to_jalali(value: dt.date | dt.datetime) -> jdatetime.date | jdatetime.datetime:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


def parse_date(
    text: str,
    *,
    allow_gregorian: bool = True,
    min_year: int | None = None,
    max_year: int | None = None,
) -> dt.date:
    """Parse '1403/12/30' (either digit set, / - or . separators) or ISO '2025-03-20'.

    A first number of 1700 or more is read as a Gregorian (ISO) year. Only ASCII, Persian and
    Arabic-Indic digits are read. The date's Jalali year must lie in [min_year, max_year]
    (default MIN_YEAR..MAX_YEAR): year 735 or 1500 is a typing error, not a date. A date
    object is returned as is.
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    match = _DATE_RE.match(to_latin_digits(str(text or "")))
    if not match:
        raise JalaliError("تاریخ را به شکل ۱۴۰۳/۰۱/۱۵ وارد کنید.")
    year, month, day = (int(g) for g in match.groups())
    if year >= 1700 and allow_gregorian:
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise JalaliError("تاریخ میلادی نامعتبر است.")
        return check_year_range(value, min_year=min_year, max_year=max_year)
    if not 1 <= month <= 12:
        raise JalaliError("ماه باید بین ۱ تا ۱۲ باشد.")
    try:
        value = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise JalaliError(
            f"روز {to_persian_digits(day)} در {MONTHS[month - 1]} {to_persian_digits(year)} وجود ندارد."
        )
    return check_year_range(value, min_year=min_year, max_year=max_year)


def format_date(
    value: dt.date | dt.datetime | None, *, persian_digits: bool = True, long: bool = False
) -> str:
    """1403/12/30 (or '۳۰ اسفند ۱۴۰۳' when long) in Persian digits."""
    if value is None or value == "":
        return ""
    j = to_jalali(value)
    text = f"{j.day} {MONTHS[j.month - 1]} {j.year}" if long else f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_datetime(value: dt.datetime | None, *, persian_digits: bool = True) -> str:
    if value is None:
        return ""
    j = to_jalali(value)
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d} {j.hour:02d}:{j.minute:02d}"
    return to_persian_digits(text) if persian_digits else text


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True, order=True)
class Quarter:
    """A Jalali quarter (season). Code form: '1403Q2' (تابستان ۱۴۰۳)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise JalaliError("شماره فصل باید بین ۱ تا ۴ باشد.")

    @classmethod
    def of(cls, value: dt.date) -> Quarter:
        j = to_jalali(value)
        return cls(j.year, (j.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.of(today())

    @classmethod
    def parse(cls, code: str) -> Quarter:
        match = re.match(r"^\s*(\d{3,4})\s*[Qq]\s*([1-4])\s*$", to_latin_digits(code or ""), re.ASCII)
        if not match:
            raise JalaliError("دوره را به شکل 1403Q2 وارد کنید.")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{SEASONS[self.number - 1]} {to_persian_digits(self.year)}"

    @property
    def start(self) -> dt.date:
        return jdatetime.date(self.year, 3 * (self.number - 1) + 1, 1).togregorian()

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def contains(self, value: dt.date) -> bool:
        return self.start <= value <= self.end

    def __str__(self) -> str:
        return self.code
