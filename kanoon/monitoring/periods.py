"""Reporting periods: Jalali quarters ("1403Q2") and Jalali years ("1403"), any year.

Data is entered per quarter; a year is its four quarters combined (see
`DataElement.time_aggregation`). DHIS2 exchange maps a Jalali quarter to the Gregorian quarter
that holds most of its days (بهار 1403 = 20 Mar–20 Jun 2024 → "2024Q2") and a Jalali year to
DHIS2's April financial year (1403 → "2024April").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime

from kanoon.core.jalali import JalaliError, Quarter
from kanoon.core.text import to_latin_digits, to_persian_digits

GREGORIAN_OFFSET = 621


@dataclass(frozen=True, order=True)
class Year:
    """A Jalali (Solar Hijri) year as a period."""

    year: int

    @property
    def code(self) -> str:
        return str(self.year)

    @property
    def label(self) -> str:
        return f"سال {to_persian_digits(self.year)}"

    @property
    def start(self) -> dt.date:
        return jdatetime.date(self.year, 1, 1).togregorian()

    @property
    def end(self) -> dt.date:
        return jdatetime.date(self.year + 1, 1, 1).togregorian() - dt.timedelta(days=1)

    def quarters(self) -> list[Quarter]:
        return [Quarter(self.year, n) for n in range(1, 5)]

    def previous(self) -> Year:
        return Year(self.year - 1)

    def next(self) -> Year:
        return Year(self.year + 1)

    def __str__(self) -> str:
        return self.code


Period = Quarter | Year


def quarters_of(period: Period) -> list[Quarter]:
    return period.quarters() if isinstance(period, Year) else [period]


def parse(code: str) -> Period:
    """'1403Q2' (either digit set) → Quarter; '1403' → Year. Persian error otherwise."""
    text = to_latin_digits(str(code or "")).strip()
    if re.fullmatch(r"\d{3,4}", text):
        return Year(int(text))
    try:
        return Quarter.parse(text)
    except JalaliError:
        raise JalaliError("دوره را به شکل 1403Q2 (فصل) یا 1403 (سال) وارد کنید.")


def quarter_range(last: Quarter, count: int) -> list[Quarter]:
    """`count` quarters ending with `last`, oldest first."""
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def last_closed_quarter(today: dt.date | None = None) -> Quarter:
    from kanoon.core.jalali import today as jtoday

    return Quarter.of(today or jtoday()).previous()


# ---- DHIS2 period mapping ---------------------------------------------------------------


def to_dhis2(period: Period) -> str:
    if isinstance(period, Year):
        return f"{period.year + GREGORIAN_OFFSET}April"
    if period.number == 4:
        return f"{period.year + GREGORIAN_OFFSET + 1}Q1"
    return f"{period.year + GREGORIAN_OFFSET}Q{period.number + 1}"


def from_dhis2(code: str) -> Period:
    """Inverse of `to_dhis2`; Jalali codes ("1403Q2") are accepted as they are."""
    text = str(code or "").strip()
    match = re.fullmatch(r"(\d{4})Q([1-4])", text)
    if match and int(match.group(1)) >= 1700:
        year, number = int(match.group(1)), int(match.group(2))
        if number == 1:
            return Quarter(year - GREGORIAN_OFFSET - 1, 4)
        return Quarter(year - GREGORIAN_OFFSET, number - 1)
    match = re.fullmatch(r"(\d{4})April", text)
    if match:
        return Year(int(match.group(1)) - GREGORIAN_OFFSET)
    return parse(text)
