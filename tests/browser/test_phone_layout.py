"""Phones (375 px): list tables become one labelled card per row, the establishment tracker is a
compact list whose forms open on demand; every page has landmarks and a skip link that works."""

import pytest

from kanoon.centers import catalog
from kanoon.centers.models import CenterAction, EstablishmentAction, Phase, Strategy
from kanoon.core import jalali
from tests.centers.conftest import make_center, make_member

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def expert(insider):
    insider.set_password("pass-insider")
    insider.save()
    return insider


def _width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_list_tables_become_labelled_cards_on_a_phone(page, login, shot, expert, territory):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    for _ in range(3):
        make_member(center)
    login("insider", "pass-insider")
    page.set_viewport_size(PHONE)
    page.goto(f"/centers/{center.pk}/members/")
    table = page.locator("table.table-stack")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    first = table.locator("tbody tr").first
    labels = [td.get_attribute("data-label") for td in first.locator("td").all()]
    assert labels == [h or None for h in headers]  # each cell labelled with its column («» for none)
    assert first.evaluate("tr => getComputedStyle(tr).display") == "block"
    label = first.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert headers[0] in label
    assert _width(page) <= 375
    shot("phone-members")

    page.set_viewport_size({"width": 1366, "height": 900})
    assert first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    assert first.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == "none"


def test_the_tracker_is_a_compact_list_with_one_form_per_action(page, login, shot, expert, territory):
    catalog.seed(Phase, Strategy, EstablishmentAction)  # a flush by an earlier test may have emptied it
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    login("insider", "pass-insider")
    page.set_viewport_size(PHONE)
    page.goto(f"/centers/{center.pk}/establishment/")
    assert page.locator("input[name=done_on]:visible").count() == 0  # no form until asked for
    assert page.locator("details.tracker-phase[open]").count() == 1  # the center's phase only
    assert page.evaluate("() => document.documentElement.scrollHeight") < 4000  # was 8,659 px
    assert _width(page) <= 375

    item = page.locator("li[data-action='1.1']")
    item.get_by_text("ثبت انجام").click()
    assert page.locator("input[name=done_on]:visible").count() == 1
    item.locator("input[name=done_on]").fill("۱۴۰۳/۰۲/۰۵")
    page.keyboard.press("Escape")
    item.locator("input[name=note]").fill("نشست با شورایاری")
    shot("phone-tracker-form")
    with page.expect_navigation():
        item.get_by_role("button", name="انجام شد").click()
    assert "ثبت شد" in page.inner_text(".alert-success")
    record = CenterAction.objects.get(center=center, action__code="1.1")
    assert record.done_on == jalali.parse_date("1403/02/05") and record.note == "نشست با شورایاری"
    assert "#s" in page.url  # back at the action's strategy, its phase open
    strategy = page.locator(page.url[page.url.index("#") :])
    assert strategy.is_visible()
    assert page.locator("li[data-action='1.1']").get_by_text("۱۴۰۳/۰۲/۰۵").is_visible()


def test_landmarks_and_the_skip_link(page, login, expert):
    login("insider", "pass-insider")
    page.goto("/centers/")
    for landmark in ("header nav", "main", "footer"):
        assert page.locator(landmark).count() == 1, landmark
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("a => a === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the page's content, past the navigation
    assert page.evaluate("() => !!document.activeElement.closest('main')")
