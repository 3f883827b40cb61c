"""Under the strict Content-Security-Policy the pages still work: no violation is reported, the
select that submits its form, the confirmation before a destructive form and the API docs run."""

import pytest

from kanoon.centers.models import Membership
from kanoon.core import scope
from tests.centers.conftest import make_center, make_member
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def violations(page):
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return found


def test_pages_work_under_the_content_security_policy(page, login, territory, violations):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    make_member(center)
    membership = Membership.objects.get(center=center)
    make_user("tehran", scope.PROVINCE_EXPERT, territory.tehran, password="tehran-pass")

    # public finder: choosing a province submits the form (formerly an inline script)
    response = page.goto("/c/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.select_option("#id_province", str(territory.tehran.pk))
    page.wait_for_url(f"**province={territory.tehran.pk}**")
    assert "county=&" in page.url  # the county of another province was emptied before submitting
    assert "ری" in page.inner_text("#id_county")  # the counties of the chosen province

    login("tehran", "tehran-pass")
    # ending a membership asks first (formerly onsubmit="return confirm(…)"); dismissing keeps it
    page.goto(f"/centers/{center.pk}/members/")
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click("form[data-confirm] button")
    page.wait_for_timeout(300)
    assert asked == ["عضویت پایان یابد؟"]
    membership.refresh_from_db()
    assert membership.status == "active"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[data-confirm] button")
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    membership.refresh_from_db()
    assert membership.status != "active"

    # the API docs load their start-up script from the same origin and render
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=20000)
    assert "Kanoon API" in page.inner_text(".swagger-ui .info")

    assert violations == []
