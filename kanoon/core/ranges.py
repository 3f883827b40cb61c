"""Sensible ranges and "really something" checks shared by forms, serializers and models.

(A name made only of invisible characters is `kanoon.core.text.is_blank_text`.)
- `check_founding_date`: the date an organization was founded or opened lies between
  1300/01/01 (Jalali) and the end of next Jalali year; 1500/01/01 or year 735 are typing errors.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.core.exceptions import ValidationError

from kanoon.core import jalali

FOUNDING_MIN_YEAR = 1300  # Jalali


def founding_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(first, last) allowed founding dates: 1300/01/01 … the last day of next Jalali year."""
    year = jalali.to_jalali(today or jalali.today()).year
    first = jdatetime.date(FOUNDING_MIN_YEAR, 1, 1).togregorian()
    last = jdatetime.date(year + 2, 1, 1).togregorian() - dt.timedelta(days=1)
    return first, last


def check_founding_date(value: dt.date | None, label: str = "تاریخ تشکیل") -> None:
    """Refuse a founding / opening date outside `founding_range` (Persian message)."""
    if value is None:
        return
    first, last = founding_range()
    if not first <= value <= last:
        raise ValidationError(
            f"{label} باید میان {jalali.format_date(first)} و {jalali.format_date(last)} باشد."
        )
