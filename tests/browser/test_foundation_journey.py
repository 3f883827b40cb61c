"""Log in as the Tehran province expert, browse down to a county, see Jalali dates."""

from kanoon.core import jalali, scope
from tests.conftest import make_user


def test_it_logs_in_and_browses_to_a_county(page, login, shot, territory):
    make_user(
        "tehran",
        scope.PROVINCE_EXPERT,
        territory.tehran,
        password="tehran",
        first_name="مریم",
        last_name="احمدی",
    )

    login("tehran", "tehran")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "سلام، مریم احمدی" in page.inner_text("main")
    today = jalali.format_date(jalali.today(), long=True)
    assert today in page.inner_text("footer")  # Jalali date in Persian digits

    page.click("text=تقسیمات کشوری")
    page.wait_for_url("**/units/*/")
    assert "استان تهران" in page.inner_text("h1")
    page.click("table >> text=ری")
    page.wait_for_url(f"**/units/{territory.rey_county.pk}/")
    assert "شهرستان ری" in page.inner_text("h1")
    crumbs = page.inner_text("nav[aria-label='مسیر']")
    assert "تهران" in crumbs and "ایران" in crumbs
    assert jalali.format_date(territory.rey_county.created_at) in page.inner_text("main")
    shot("foundation-county")

    # live search treats Arabic ي as Persian ی and finds the neighborhood
    page.fill("nav input[name='q']", "يوسف آباد")
    page.press("nav input[name='q']", "Enter")
    page.wait_for_load_state()
    assert "محله یوسف‌آباد" in page.inner_text("#results")
    shot("foundation-search")
