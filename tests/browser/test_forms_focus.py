"""A refused form in the browser (issue 10, point 5): every invalid field is marked, tied to its
error text, and focus lands on the first one (static/kanoon/forms.js), so a keyboard or screen
reader user starts where the problem is."""

from playwright.sync_api import expect

from tests.centers.conftest import make_center


def test_focus_moves_to_the_first_invalid_field(page, login, shot, national):
    national.set_password("pass-national")
    national.save()
    login("national", "pass-national")
    page.goto("/accounts/users/new/")
    page.fill("#id_password", "123")
    page.get_by_role("button", name="ساخت کاربر").click()
    page.wait_for_load_state("load")
    expect(page.locator("#id_username")).to_be_focused()
    username = page.locator("#id_username")
    assert username.get_attribute("aria-invalid") == "true"
    assert "is-invalid" in username.get_attribute("class").split()
    described = page.locator(f"#{username.get_attribute('aria-describedby').split()[0]}")
    assert described.is_visible() and described.inner_text().strip()
    password = page.locator("#id_password")  # its error shows in the same pass
    assert password.get_attribute("aria-invalid") == "true"
    shot("form-first-error")


def test_a_hand_written_error_is_tied_to_its_field(page, login, territory, insider):
    """The center form renders its name error by hand (no id): the script ties it."""
    insider.set_password("pass-insider")
    insider.save()
    center = make_center(territory.yousefabad)
    login("insider", "pass-insider")
    page.goto(f"/centers/{center.pk}/edit/")
    page.fill("#id_name", "")
    page.locator("main form").get_by_role("button", name="ذخیره").click()
    page.wait_for_load_state("load")
    expect(page.locator("#id_name")).to_be_focused()
    name = page.locator("#id_name")
    assert name.get_attribute("aria-invalid") == "true"
    error_id = name.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()
