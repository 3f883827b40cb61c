import datetime as dt

import pytest

from kanoon.core import jalali
from kanoon.core.jalali import JalaliError, Quarter


def test_it_accepts_leap_day_of_a_leap_year():
    assert jalali.is_leap(1403)
    assert jalali.parse_date("1403/12/30") == dt.date(2025, 3, 20)


def test_it_refuses_leap_day_of_a_common_year():
    assert not jalali.is_leap(1404)
    with pytest.raises(JalaliError) as err:
        jalali.parse_date("1404/12/30")
    assert "اسفند" in str(err.value)


def test_it_reads_persian_and_arabic_digits_and_separators():
    assert jalali.parse_date("۱۴۰۳/۰۱/۰۱") == dt.date(2024, 3, 20)
    assert jalali.parse_date("١٤٠٣-١-١") == dt.date(2024, 3, 20)
    assert jalali.parse_date("2024-03-20") == dt.date(2024, 3, 20)


@pytest.mark.parametrize("bad", ["", "1403/13/01", "abc", "1403/00/10", "2024-02-30"])
def test_it_refuses_bad_dates_in_persian(bad):
    with pytest.raises(JalaliError) as err:
        jalali.parse_date(bad)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(err.value))


def test_it_formats_with_persian_digits():
    assert jalali.format_date(dt.date(2025, 3, 20)) == "۱۴۰۳/۱۲/۳۰"
    assert jalali.format_date(dt.date(2025, 3, 20), long=True) == "۳۰ اسفند ۱۴۰۳"
    assert jalali.format_date(None) == ""


def test_quarter_boundaries():
    q = Quarter(1403, 1)
    assert q.start == dt.date(2024, 3, 20)  # 1 Farvardin 1403
    assert q.end == dt.date(2024, 6, 20)  # 31 Khordad 1403
    assert Quarter.of(dt.date(2024, 6, 20)) == Quarter(1403, 1)
    assert Quarter.of(dt.date(2024, 6, 21)) == Quarter(1403, 2)  # 1 Tir
    winter = Quarter(1403, 4)
    assert winter.end == dt.date(2025, 3, 20)  # 30 Esfand 1403 (leap)
    assert Quarter(1404, 4).end == dt.date(2026, 3, 20)  # 29 Esfand 1404
    assert winter.next() == Quarter(1404, 1)
    assert Quarter(1404, 1).previous() == winter
    assert winter.label == "زمستان ۱۴۰۳"


def test_quarter_codes_and_far_years():
    assert Quarter.parse("1403Q2") == Quarter(1403, 2)
    assert Quarter.parse("۱۴۰۳q۲").code == "1403Q2"
    assert Quarter(1478, 1).start.year == 2099  # no year table limit
    with pytest.raises(JalaliError):
        Quarter.parse("1403Q5")
    with pytest.raises(JalaliError):
        Quarter(1403, 0)
