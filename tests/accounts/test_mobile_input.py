"""Mobiles in any spelling (+98, 0098, Persian or Arabic digits) are accepted; bad ones get Persian errors."""

from __future__ import annotations

import pytest

from kanoon.accounts.models import User
from kanoon.core import scope
from tests.conftest import make_user

GOOD = ["+989120001122", "+98 912 000 1122", "00989120001122", "۰۹۱۲۰۰۰۱۱۲۲", "٠٩١٢٠٠٠١١٢٢", "+۹۸۹۱۲۰۰۰۱۱۲۲"]
BAD = ["+98123", "0212345678", "۰۹۱۲", "+99 912 000 1122"]


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@pytest.mark.parametrize("mobile", GOOD)
def test_the_api_and_the_page_accept_any_spelling_of_a_mobile(api, web, insider, territory, mobile):
    payload = {
        "username": "n1",
        "password": "Long-enough-pass-9",
        "role": "facilitator",
        "unit": territory.rey_county.pk,
    }
    response = api(insider).post("/api/v1/users/", {**payload, "mobile": mobile}, format="json")
    assert response.status_code == 201, response.content
    user = User.objects.get(username="n1")
    assert user.mobile == "09120001122"
    user.mobile = None
    user.save()
    patched = api(insider).patch(f"/api/v1/users/{user.pk}/", {"mobile": mobile}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["mobile"] == "09120001122"
    page = web(insider).post(
        f"/accounts/users/{user.pk}/", {"first_name": "", "mobile": mobile, "is_active": "on"}
    )
    assert page.status_code == 302


@pytest.mark.parametrize("mobile", BAD)
def test_a_bad_mobile_gets_a_persian_error_everywhere(api, web, insider, territory, mobile):
    target = make_user("t1", scope.FACILITATOR, territory.rey_county)
    payload = {
        "username": "n2",
        "password": "Long-enough-pass-9",
        "role": "facilitator",
        "unit": territory.rey_county.pk,
    }
    created = api(insider).post("/api/v1/users/", {**payload, "mobile": mobile}, format="json")
    assert created.status_code == 400 and all(_persian(m) for m in created.json()["errors"]["mobile"])
    patched = api(insider).patch(f"/api/v1/users/{target.pk}/", {"mobile": mobile}, format="json")
    assert patched.status_code == 400 and all(_persian(m) for m in patched.json()["errors"]["mobile"])
    page = web(insider).post(f"/accounts/users/{target.pk}/", {"mobile": mobile, "is_active": "on"})
    assert page.status_code == 200 and "شمارهٔ همراه معتبر نیست" in page.content.decode()
    form = web(insider).post("/accounts/users/new/", {**payload, "mobile": mobile})
    assert form.status_code == 200 and "شمارهٔ همراه معتبر نیست" in form.content.decode()
    assert not User.objects.filter(username="n2").exists()
