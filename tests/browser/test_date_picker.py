"""The self-hosted Jalali date picker opens on date inputs and writes a Jalali date."""

from kanoon.core import jalali


def test_it_picks_today_in_the_jalali_calendar(page, login, shot, insider):
    insider.set_password("pass-insider")
    insider.save()
    login("insider", "pass-insider")
    page.goto("/centers/new/")
    page.click("summary")
    field = page.locator("input[data-jdp]:visible").first
    field.click()
    picker = page.locator("jdp-container")
    picker.wait_for(state="visible")
    month = jalali.MONTHS[jalali.to_jalali(jalali.today()).month - 1]
    assert month in picker.inner_text()
    shot("date-picker")
    picker.get_by_text("امروز").click()
    assert jalali.parse_date(field.input_value()) == jalali.today()
