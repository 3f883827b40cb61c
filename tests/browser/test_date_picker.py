"""The self-hosted Jalali date picker opens on date inputs and writes a Jalali date in Persian
digits; on a phone it is a bottom sheet that leaves the field in view, closes with its button,
with Escape, by tabbing on or by a tap elsewhere; birth dates open thirty years back."""

import re

import pytest

from kanoon.core import jalali
from tests.centers.conftest import make_center

PERSIAN_DATE = re.compile(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}")


@pytest.fixture
def expert(insider):
    insider.set_password("pass-insider")
    insider.save()
    return insider


def test_it_picks_today_in_the_jalali_calendar(page, login, shot, expert):
    login("insider", "pass-insider")
    page.goto("/centers/new/")
    page.click("summary")
    field = page.locator("input[data-jdp]:visible").first
    field.click()
    picker = page.locator("jdp-container")
    picker.wait_for(state="visible")
    month = jalali.MONTHS[jalali.to_jalali(jalali.today()).month - 1]
    assert month in picker.inner_text()
    assert "بستن" in picker.inner_text()
    shot("date-picker")
    picker.get_by_text("امروز").click()
    value = field.input_value()
    assert PERSIAN_DATE.fullmatch(value), value  # «امروز» writes Persian digits into the field
    assert jalali.parse_date(value) == jalali.today()
    assert not picker.is_visible()


def _open(page, field):
    field.click()
    picker = page.locator("jdp-container")
    picker.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('jdp-container').getAnimations().length === 0")
    return picker


def test_on_a_phone_the_sheet_leaves_the_field_in_view_and_closes(page, login, shot, expert, territory):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    page.set_viewport_size({"width": 375, "height": 700})
    login("insider", "pass-insider")
    page.goto(f"/centers/{center.pk}/members/add/")
    field = page.locator("input[name=joined_on]")
    picker = _open(page, field)
    sheet, box = picker.bounding_box(), field.bounding_box()
    assert sheet["width"] == 375 and sheet["y"] + sheet["height"] <= 701  # a sheet at the bottom
    assert box["y"] >= 0 and box["y"] + box["height"] <= sheet["y"], (box, sheet)  # the field above it
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot("date-picker-phone")

    picker.get_by_text("بستن").click()
    assert not picker.is_visible()
    assert not page.evaluate("document.body.classList.contains('jdp-open')")

    # the page stays usable while the sheet is open: a tap elsewhere closes it, nothing is submitted
    _open(page, page.locator("input[name=joined_on]"))
    url = page.url
    page.locator("h1").click()
    assert not picker.is_visible() and page.url == url

    # Escape and tabbing on close it too
    _open(page, field)
    page.keyboard.press("Escape")
    assert not picker.is_visible()
    _open(page, field)
    page.keyboard.press("Tab")
    assert not picker.is_visible()


def test_it_reads_and_writes_persian_digits(page, login, expert, territory):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    login("insider", "pass-insider")
    page.goto(f"/centers/{center.pk}/members/add/")
    field = page.locator("input[name=joined_on]")
    field.fill("۱۴۰۱/۰۵/۱۲")
    picker = _open(page, field)
    assert picker.locator(".jdp-year select").input_value() == "1401"
    assert picker.locator(".jdp-month select").input_value() == "5"
    assert picker.locator(".jdp-day.selected").inner_text() == "۱۲"
    assert field.input_value() == "۱۴۰۱/۰۵/۱۲"  # the field keeps what was typed while it opens
    picker.locator(".jdp-day:not(.not-in-month)", has_text=re.compile(r"^۲۰$")).click()
    assert field.input_value() == "۱۴۰۱/۰۵/۲۰"


def test_a_birth_date_opens_thirty_years_back(page, login, expert, territory):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    login("insider", "pass-insider")
    page.goto(f"/centers/{center.pk}/members/add/")
    field = page.locator("input[name=birth_date]")
    assert field.get_attribute("data-jdp-years-ago") == "30"
    picker = _open(page, field)
    year = jalali.to_jalali(jalali.today()).year - 30
    assert picker.locator(".jdp-year select").input_value() == str(year)
    assert picker.locator(".jdp-day.selected").count() == 0  # where it opens is not a chosen day
    assert field.input_value() == ""
    picker.locator(".jdp-day:not(.not-in-month)", has_text=re.compile(r"^۱$")).click()
    value = field.input_value()
    assert PERSIAN_DATE.fullmatch(value) and jalali.to_jalali(jalali.parse_date(value)).year == year
    # a date field that is not a birth date opens at today
    picker = _open(page, page.locator("input[name=joined_on]"))
    assert picker.locator(".jdp-year select").input_value() == str(jalali.to_jalali(jalali.today()).year)
