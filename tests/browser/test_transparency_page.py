"""The public transparency page on a phone (375 px) and a desktop: no horizontal scrolling, one
labelled card per province on the phone, and the quarter can be chosen without a script."""

from tests.centers.conftest import make_center

PHONE = {"width": 375, "height": 740}


def _width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_transparency_page_fits_a_phone_and_a_desktop(page, shot, territory):
    for _ in range(6):
        make_center(territory.yousefabad, status="active")
    page.set_viewport_size(PHONE)
    page.goto("/c/open/")
    assert _width(page) <= 375
    row = page.locator("table.table-stack tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block"
    label = row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert "محله‌ها و روستاها" in label
    assert page.get_by_text("کمتر از ۵").count() > 0  # Isfahan has no centers
    shot("transparency-phone")

    page.set_viewport_size({"width": 1366, "height": 900})
    assert _width(page) <= 1366
    page.select_option("#quarter", index=1)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "quarter=" in page.url
    page.get_by_role("link", name="تهران").first.click()
    page.wait_for_load_state()
    assert "شهرستان" in page.inner_text("main")
    shot("transparency-province")
