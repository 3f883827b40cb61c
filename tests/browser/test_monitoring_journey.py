"""A county expert enters a quarter's data for their county, the province expert approves it,
and the national dashboard shows the new total at once (no nightly job)."""

from kanoon.core import scope
from kanoon.monitoring import demo, periods, services
from kanoon.monitoring.models import DataSet
from tests.conftest import make_user


def card_value(page, code: str) -> str:
    return page.inner_text(f".indicator-card[data-indicator='{code}'] [data-value]").strip()


def test_it_enters_approves_and_sees_the_national_dashboard_change(page, login, shot, territory):
    data_set, elements = demo.definitions()
    quarter = periods.last_closed_quarter()
    national = make_user("national", scope.NATIONAL_ADMIN, territory.country, password="national-pass")
    make_user("rey", scope.COUNTY_EXPERT, territory.rey_county, password="rey-pass", first_name="رضا")
    make_user("tehran", scope.PROVINCE_EXPERT, territory.tehran, password="tehran-pass")
    # Isfahan county already reported and was approved: 10 training sessions
    report = services.report_get_or_create(
        data_set=data_set, unit=territory.isfahan_county, period=quarter.code, user=national
    )
    services.report_save_values(report=report, values={e.pk: 10 for e in elements.values()}, user=national)
    services.report_submit(report=report, user=national)
    services.report_approve(report=report, user=national)

    login("national", "national-pass")
    page.click("nav >> text=پایش و ارزشیابی")
    page.wait_for_url(f"**/monitoring/units/{territory.country.pk}/")
    assert card_value(page, "TRAINING_SESSIONS") == "۱۰"
    shot("monitoring-national-before")
    page.context.clear_cookies()

    # the county expert fills in the county's quarterly form
    login("rey", "rey-pass")
    page.goto(f"/monitoring/units/{territory.rey_county.pk}/reports/?period={quarter.code}")
    page.click(f"#reports tr[data-unit='{territory.rey_county.pk}'] >> text=ثبت داده")
    page.wait_for_url(f"**/monitoring/entry/{data_set.pk}/{territory.rey_county.pk}/{quarter.code}/")
    for element in elements.values():
        page.fill(f"#id_e_{element.pk}", "۷")
    page.fill(f"#id_e_{elements['TRAINING_SESSIONS'].pk}", "۹۹۹")
    page.click("button[name=submit]")
    assert "مقدار نمی‌تواند بیشتر از ۵۰۰ باشد." in page.inner_text("main")  # Persian validation error
    shot("monitoring-entry-error")
    page.fill(f"#id_e_{elements['TRAINING_SESSIONS'].pk}", "۳۲")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    assert "ارسال‌شده" in page.inner_text("#report-status")
    assert page.locator("#approve").count() == 0  # a county does not approve its own report
    shot("monitoring-entry-submitted")
    page.context.clear_cookies()

    # the province approves its county
    login("tehran", "tehran-pass")
    page.goto(
        f"/monitoring/units/{territory.tehran.pk}/reports/?period={quarter.code}&data_set={data_set.pk}"
    )
    row = page.locator(f"#reports tr[data-unit='{territory.rey_county.pk}']")
    row.locator("button:has-text('تأیید')").click()
    page.wait_for_load_state()
    assert "تأیید شد" in page.inner_text("main")
    shot("monitoring-province-approved")
    page.context.clear_cookies()

    # the national dashboard shows 10 + 32 at once
    login("national", "national-pass")
    page.goto(f"/monitoring/units/{territory.country.pk}/?indicator=TRAINING_SESSIONS")
    assert card_value(page, "TRAINING_SESSIONS") == "۴۲"
    ranking = page.inner_text("#ranking")
    assert "تهران" in ranking and "۳۲" in ranking
    assert page.locator("svg.province-map path[data-region='IR-TE']").count() == 1
    page.wait_for_function("document.querySelector('#trend-chart').width > 0")
    shot("monitoring-national-after")
    assert DataSet.objects.count() == 1
