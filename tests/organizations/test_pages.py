"""Organization pages: list (search, kind, unit), detail with history and attachments, form."""

from __future__ import annotations

import re

import pytest

from kanoon.organizations.models import Organization

from .conftest import legal_id, make_org

pytestmark = pytest.mark.django_db


def _form(t, **extra):
    data = {
        "name": "جمعیت امداد",
        "kind": "ngo",
        "sector": "",
        "national_id": "۱۰۳۸۰۲۸۴۷۹۰",
        "phone": "",
        "mobile": "",
        "email": "",
        "website": "",
        "address": "",
        "unit": t.rey_county.pk,
    }
    data.update(extra)
    return data


def test_it_lists_only_the_users_scope_and_filters(web, territory, insider, readonly, outsider):
    ngo = make_org(territory.rey_county, "سمن مهرآفرین", kind="ngo")
    make_org(territory.tehran, "بهزیستی استان تهران", kind="welfare")
    make_org(territory.isfahan, "بهزیستی اصفهان", kind="welfare")
    make_org(territory.rey_county, "موقوفهٔ قدیمی", kind="endowment", is_active=False)
    for user in (insider, readonly):
        html = web(user).get("/organizations/").content.decode()
        assert "سمن مهرآفرین" in html and "بهزیستی استان تهران" in html
        assert "بهزیستی اصفهان" not in html and "موقوفهٔ قدیمی" not in html
    html = web(outsider).get("/organizations/").content.decode()
    assert "بهزیستی اصفهان" in html and "سمن مهرآفرین" not in html
    client = web(insider)
    html = client.get("/organizations/", {"kind": "welfare"}).content.decode()
    assert "بهزیستی استان تهران" in html and "سمن مهرآفرین" not in html
    html = client.get(
        "/organizations/", {"within": territory.rey_county.pk, "inactive": "1"}
    ).content.decode()
    assert "سمن مهرآفرین" in html and "موقوفهٔ قدیمی" in html and "بهزیستی استان تهران" not in html
    html = client.get("/organizations/", {"q": "مهر"}).content.decode()
    assert f"/organizations/{ngo.pk}/" in html and "بهزیستی استان تهران" not in html
    assert "ثبت سازمان تازه" in html
    assert "ثبت سازمان تازه" not in web(readonly).get("/organizations/").content.decode()


def test_detail_is_404_for_an_outsider_and_read_only_for_an_observer(
    web, territory, insider, readonly, outsider
):
    org = make_org(
        territory.rey_county, "سمن مهر", national_id=legal_id(), website="https://mehr.example.org"
    )
    assert web(outsider).get(f"/organizations/{org.pk}/").status_code == 404
    html = web(readonly).get(f"/organizations/{org.pk}/").content.decode()
    assert "سمن مهر" in html and "ویرایش" not in html and "بارگذاری" not in html
    assert web(readonly).get(f"/organizations/{org.pk}/edit/").status_code == 403
    assert web(readonly).post(f"/organizations/{org.pk}/active/", {"active": "0"}).status_code == 403
    html = web(insider).get(f"/organizations/{org.pk}/").content.decode()
    assert "ویرایش" in html and "پیوست‌ها" in html and "بارگذاری" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_an_insider_creates_edits_and_deactivates_with_history(web, territory, insider):
    client = web(insider)
    assert client.get("/organizations/new/").status_code == 200
    response = client.post("/organizations/new/", _form(territory))
    assert response.status_code == 302
    org = Organization.objects.get()
    assert org.national_id == "10380284790" and org.unit == territory.rey_county
    response = client.post(
        f"/organizations/{org.pk}/edit/", _form(territory, name="جمعیت امداد ری", phone="۰۲۱۵۵۵۵")
    )
    assert response.status_code == 302
    client.post(f"/organizations/{org.pk}/active/", {"active": "0"})
    org.refresh_from_db()
    assert org.name == "جمعیت امداد ری" and not org.is_active
    html = client.get(f"/organizations/{org.pk}/").content.decode()
    assert "سابقهٔ تغییرات" in html and "جمعیت امداد ری" in html and "غیرفعال" in html
    # old and new value of each change, in the shared history partial
    assert re.search(
        r"نام: <del>[^<]*<span[^>]*>پیشین: </span>جمعیت امداد</del>.*?<ins[^>]*>جمعیت امداد ری</ins>", html
    )
    assert re.search(r"فعال: <del>[^<]*<span[^>]*>پیشین: </span>بله</del>.*?<ins[^>]*>خیر</ins>", html)
    assert "غیرفعال‌سازی" in html and "insider" in html
    assert org.history.count() == 3


def test_bad_input_shows_persian_errors_and_saves_nothing(web, territory, insider):
    client = web(insider)
    html = client.post("/organizations/new/", _form(territory, national_id="10380284791")).content.decode()
    assert "رقم کنترل" in html
    html = client.post("/organizations/new/", _form(territory, national_id="१०३८०२८४७९०")).content.decode()
    assert "شناسهٔ ملی را با رقم‌های فارسی یا انگلیسی بنویسید." in html
    html = client.post("/organizations/new/", _form(territory, kind="government")).content.decode()
    assert "بخش دستگاه دولتی را انتخاب کنید." in html
    html = client.post("/organizations/new/", _form(territory, unit=territory.isfahan.pk)).content.decode()
    assert "واحد را از جستجو و از محدودهٔ خودتان انتخاب کنید." in html
    response = client.post("/organizations/new/", _form(territory, name="سم\x00ن"))
    assert response.status_code == 400  # the bad-input middleware refuses NUL bytes before the view
    assert "نویسهٔ نامعتبر" in response.content.decode()
    assert not Organization.objects.exists()


def test_observers_cannot_open_the_new_form(web, territory, readonly):
    assert web(readonly).get("/organizations/new/").status_code == 403
    assert web(readonly).post("/organizations/new/", _form(territory)).status_code == 403
    assert not Organization.objects.exists()
