"""The navigation bar's unit search: suggestions while typing (htmx), each labelled with where the
unit is; picking one opens the unit's page with its center and the next action."""

from kanoon.core import scope
from tests.assemblies.conftest import build_chain
from tests.conftest import make_user


def test_typing_a_neighborhood_suggests_it_with_its_path(page, login, shot, territory):
    chain = build_chain(territory)
    make_user("tehran", scope.PROVINCE_EXPERT, territory.tehran, password="tehran")
    login("tehran", "tehran")

    box = page.locator("nav input[name='q']")
    box.fill("يوسف آباد")  # Arabic ي and a space where the name has a ZWNJ
    suggestion = page.locator("#nav-unit-suggestions a[data-unit-result]").first
    suggestion.wait_for()
    assert suggestion.inner_text().startswith("محله یوسف‌آباد")
    assert "منطقه ۶، شهر تهران، استان تهران" in suggestion.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the list stays on screen
    shot("unit-search-suggestions")

    suggestion.click()
    page.wait_for_url(f"**/units/{territory.yousefabad.pk}/")
    crumbs = page.inner_text("nav[aria-label='مسیر']")
    assert "استان تهران" in crumbs and "شهرستان تهران" in crumbs and "منطقه ۶" in crumbs
    panels = page.inner_text("[data-unit-panels]")
    assert chain.center.name in panels and chain.yousefabad.name in panels
    shot("unit-page-panels")


def test_a_visitor_finds_the_finder_and_the_login(page):
    page.goto("/")
    page.click("main >> text=یافتن کانون سلامت محله")
    page.wait_for_url("**/c/")
    page.click("nav >> text=ورود")
    page.wait_for_url("**/accounts/login/")
