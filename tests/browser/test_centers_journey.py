"""Journey: a province expert creates a center, adds members, holds an election and ticks
establishment actions; screenshots go to the artifacts folder."""

import pytest

from kanoon.centers import catalog
from kanoon.centers.models import Center, CenterAction, EstablishmentAction, OfficeHolder, Phase, Strategy
from kanoon.core import scope
from tests.centers.conftest import national_code
from tests.conftest import make_user

pytestmark = pytest.mark.browser

MEMBERS = [
    ("مریم", "احمدی", "female"),
    ("علی", "رضایی", "male"),
    ("زهرا", "کریمی", "female"),
    ("حسین", "موسوی", "male"),
]


def test_create_center_add_members_elect_and_tick_actions(page, login, shot, territory):
    # live-server tests flush the database between tests, data migrations included: reseed the catalog
    catalog.seed(Phase, Strategy, EstablishmentAction)
    make_user(
        "tehran",
        scope.PROVINCE_EXPERT,
        territory.tehran,
        password="tehran",
        first_name="مریم",
        last_name="احمدی",
    )
    login("tehran", "tehran")

    page.click("nav >> text=کانون‌های سلامت")
    page.wait_for_url("**/centers/")
    page.click("text=ثبت کانون تازه")
    page.fill("#id_name", "کانون سلامت یوسف‌آباد")
    page.fill("[data-unit-picker] input[type=search]", "يوسف")  # Arabic ي still finds it
    page.click("[data-pick-unit] >> text=یوسف‌آباد")
    assert "یوسف‌آباد" in page.inner_text("[data-picked]")
    shot("centers-1-create")
    page.click("form button[type=submit] >> text=ذخیره")
    page.wait_for_url("**/centers/*/")
    center = Center.objects.get(name="کانون سلامت یوسف‌آباد")
    assert center.unit == territory.yousefabad
    assert "پیشنهادی" in page.inner_text("h1")

    page.click("text=افزودن عضو")
    for first, last, gender in MEMBERS:
        page.wait_for_selector("#id_national_code")
        code = national_code().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))  # Persian digits
        page.fill("#id_national_code", code)
        page.fill("#id_first_name", first)
        page.fill("#id_last_name", last)
        page.select_option("#id_gender", gender)
        page.fill("#id_birth_date", "۱۳۶۵/۰۴/۱۲")
        page.keyboard.press("Escape")
        page.click("h1")  # close the date picker so it covers no button
        page.click("button[name=another]")
        page.wait_for_load_state()
        assert f"{first} {last}" in page.inner_text(".alert-success")
    page.goto(f"/centers/{center.pk}/members/")
    assert page.locator("tbody tr").count() == 4
    shot("centers-2-members")

    page.goto(f"/centers/{center.pk}/elections/new/")
    page.fill("#id_held_on", "۱۴۰۳/۰۲/۱۰")
    page.fill("#id_voters", "40")
    page.fill("#id_observers", "نمایندهٔ شبکهٔ بهداشت")
    page.keyboard.press("Escape")
    page.click("h1")
    for i, (first, last, _) in enumerate(MEMBERS):
        page.select_option(f"#id_c-{i}-person", label=f"{first} {last}")
        page.fill(f"#id_c-{i}-votes", str([25, 10, 22, 12][i]))
    shot("centers-3-election")
    page.click("text=ثبت نتیجه")
    page.wait_for_url(f"**/centers/{center.pk}/")
    holders = {
        h.office: h.person.full_name
        for h in OfficeHolder.objects.filter(center=center, ended_on__isnull=True)
    }
    assert holders == {"secretary": "مریم احمدی", "deputy": "زهرا کریمی"}
    assert "مریم احمدی" in page.inner_text("dl")

    page.click("text=پیشرفت استقرار")
    page.wait_for_url("**/establishment/")
    item = page.locator("li[data-action='1.1']")
    assert not item.locator("input[name=note]").is_visible()  # one «ثبت انجام» per action opens its form
    item.get_by_text("ثبت انجام").click()
    item.locator("input[name=note]").fill("گزارش پیشینه و هویت محله تهیه شد")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "1.1" in page.inner_text(".alert-success") or "۱.۱" in page.inner_text(".alert-success")
    item = page.locator("li[data-action='2.1']")
    item.get_by_text("ثبت انجام").click()
    item.locator("input[name=note]").fill("جلسه با شهرداری و مسجد")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    done = set(CenterAction.objects.filter(center=center).values_list("action__code", flat=True))
    assert {"1.1", "2.1", "4.1", "5.1"} <= done  # 4.1 and 5.1 completed by the facts
    center.refresh_from_db()
    assert center.progress > 0
    assert f"{center.progress}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page.inner_text(
        "main"
    )
    shot("centers-4-establishment")

    page.goto(f"/centers/dashboard/{territory.tehran.pk}/")
    assert "کانون‌های سلامت — استان تهران" in page.inner_text("h1")
    shot("centers-5-dashboard")
