"""Journey: a neighborhood assembly registers a problem and refers it to the county, the county
refers it to the province, the province resolves it — and the neighborhood sees each step.
Each user works in their own browser context; screenshots go to the artifacts folder."""

import os

import pytest

from kanoon.assemblies.models import Problem, ProblemStatus, StepAction
from kanoon.core import scope
from tests.assemblies.conftest import build_chain
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def test_a_problem_travels_from_the_neighborhood_to_the_province(
    page, login, shot, browser, live_server, territory, artifacts_dir
):
    chain = build_chain(territory)
    make_user(
        "secretary",
        scope.CENTER_SECRETARY,
        territory.yousefabad,
        password="secretary",
        first_name="حسین",
        last_name="موسوی",
    )
    make_user(
        "county",
        scope.COUNTY_EXPERT,
        territory.tehran_county,
        password="county",
        first_name="زهرا",
        last_name="کریمی",
    )
    make_user(
        "province",
        scope.PROVINCE_EXPERT,
        territory.tehran,
        password="province",
        first_name="مریم",
        last_name="احمدی",
    )

    def session(username: str):
        context = browser.new_context(
            locale="fa-IR",
            timezone_id="Asia/Tehran",
            viewport={"width": 1280, "height": 900},
            base_url=live_server.url,
        )
        context.set_default_timeout(15000)
        other = context.new_page()
        other.goto("/accounts/login/")
        other.fill("#id_username", username)
        other.fill("#id_password", username)
        other.click("form button[type=submit]")
        other.wait_for_load_state()
        assert "/accounts/login/" not in other.url
        return other

    # 1. The neighborhood secretary registers the problem and refers it to the county.
    login("secretary", "secretary")
    page.click("nav >> text=مجامع سلامت")
    page.click(f"text={chain.yousefabad.name}")
    page.wait_for_url(f"**/assemblies/{chain.yousefabad.pk}/")
    page.click("text=ثبت مسئله")
    page.fill("#id_title", "آب آشامیدنی با بوی نامطبوع")
    page.fill("#id_description", "شکایت هشتاد خانوار از بو و رنگ آب لوله‌کشی")
    page.select_option("#id_topic", "environment")
    page.fill("#id_affected_population", "۶۰۰۰")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/assemblies/problems/*/")
    problem = Problem.objects.get(title="آب آشامیدنی با بوی نامطبوع")
    assert problem.affected_population == 6000
    page.click(f"summary >> text=ارجاع به {chain.tehran_county.name}")
    page.fill("#form-refer #id_justification", "منشأ مشکل در شبکهٔ آب شهری است و از توان محله خارج است.")
    page.click("#form-refer button[type=submit]")
    page.wait_for_load_state()
    assert "مسئله ارجاع شد" in page.inner_text(".alert-success")
    assert chain.tehran_county.name in page.inner_text("[data-where]")
    shot("assemblies-1-neighborhood-refers")

    # 2. The county hears of it, sees it among incoming referrals, and refers it further.
    county = session("county")
    county.goto("/assemblies/notifications/")
    county.click("text=ارجاع مسئله از")
    county.wait_for_url(f"**/assemblies/problems/{problem.pk}/")
    county.click(f"summary >> text=ارجاع به {chain.tehran.name}")
    county.fill("#form-refer #id_justification", "به اعتبار و هماهنگی شرکت آب و فاضلاب استان نیاز دارد.")
    county.click("#form-refer button[type=submit]")
    county.wait_for_load_state()
    assert chain.tehran.name in county.inner_text("[data-where]")
    county.screenshot(path=os.path.join(artifacts_dir, "assemblies-2-county-refers.png"), full_page=True)

    page.reload()
    assert page.locator("#trail [data-step=referred]").count() == 2
    assert chain.tehran.name in page.inner_text("[data-where]")
    assert "تصمیم با آن مجمع است" in page.inner_text("main")  # follows, cannot act
    shot("assemblies-3-neighborhood-follows")

    # 3. The province resolves it.
    province = session("province")
    province.goto(f"/assemblies/problems/{problem.pk}/")
    province.click("summary >> text=حل در همین سطح")
    province.fill("#form-resolve #id_actions", "بازسازی مخزن و شست‌وشوی شبکه با شرکت آب و فاضلاب")
    province.fill("#form-resolve #id_outcome", "آزمایش آب سالم بودن آن را تأیید کرد.")
    province.click("#form-resolve button[type=submit]")
    province.wait_for_load_state()
    assert "مسئله حل‌شده ثبت شد" in province.inner_text(".alert-success")
    province.screenshot(
        path=os.path.join(artifacts_dir, "assemblies-4-province-resolves.png"), full_page=True
    )

    # 4. The neighborhood sees every step, who took it and why.
    page.reload()
    steps = page.locator("#trail [data-step]")
    assert [steps.nth(i).get_attribute("data-step") for i in range(steps.count())] == [
        StepAction.REGISTERED,
        StepAction.REFERRED,
        StepAction.REFERRED,
        StepAction.RESOLVED,
    ]
    trail = page.inner_text("#trail")
    assert "زهرا کریمی" in trail and "مریم احمدی" in trail and "شرکت آب و فاضلاب استان" in trail
    assert "حل‌شده" in page.inner_text("h1")
    shot("assemblies-5-neighborhood-sees-the-outcome")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED and problem.assembly == chain.tehran
    county.context.close()
    province.context.close()
