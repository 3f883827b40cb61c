"""The read-audit log: a national admin's page (search, Jalali dates, Excel) and a read-only API."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from openpyxl import load_workbook

from kanoon.audit.models import ReadAudit
from kanoon.organizations.models import Organization
from tests.openapi import assert_conforms
from tests.scoped import is_persian


def _rows(territory, insider, readonly):
    org = Organization.objects.create(unit=territory.rey_county, name="سمن مهر", kind="ngo")
    ct = ContentType.objects.get_for_model(Organization)
    user_ct = ContentType.objects.get_for_model(type(insider))
    at = timezone.make_aware(dt.datetime(2025, 3, 20, 10, 0))  # 1403/12/30
    rows = [
        ReadAudit(
            user=insider,
            at=at,
            content_type=ct,
            object_id=str(org.pk),
            fields=["email"],
            source="people:detail",
        ),
        ReadAudit(
            user=insider,
            at=at + dt.timedelta(days=1),  # 1404/01/01
            content_type=ct,
            object_id=str(org.pk),
            fields=["email", "mobile"],
            source="GET person-list",
        ),
        ReadAudit(
            user=readonly,
            at=at,
            content_type=user_ct,
            object_id="7",
            fields=["email"],
            source="=HYPERLINK(1)",
        ),
    ]
    ReadAudit.objects.bulk_create(rows)
    return org


def test_only_national_admins_open_the_page(web, territory, insider, readonly, outsider, national):
    for user in (insider, readonly, outsider):
        response = web(user).get("/audit/reads/")
        assert response.status_code == 403
    assert web(None).get("/audit/reads/").status_code == 302
    html = web(national).get("/audit/reads/").content.decode()
    assert "گزارش مشاهدهٔ داده‌های حساس" in html and 'name="viewport"' in html and "table-responsive" in html


def test_the_page_searches_by_user_dates_model_object_and_source(web, territory, insider, readonly, national):
    org = _rows(territory, insider, readonly)
    client = web(national)

    def count(**query) -> str:
        html = client.get("/audit/reads/", query).content.decode()
        return html.split('<div class="small text-muted mb-2">')[1].split(" مشاهده")[0]

    assert count() == "۳"
    assert count(username="insid") == "۲"
    assert count(date_from="۱۴۰۴/۰۱/۰۱") == "۱"
    assert count(date_from="1403/12/30", date_to="1403/12/30") == "۲"
    assert count(model="organizations.organization") == "۲"
    assert count(model="accounts.user", object_id="7") == "۱"
    assert count(source="person-list") == "۱"
    assert count(object_id=str(org.pk), source="people") == "۱"
    response = client.get("/audit/reads/", {"date_from": "1403/13/01"})
    assert response.status_code == 400 and "ماه باید بین ۱ تا ۱۲ باشد." in response.content.decode()
    html = client.get("/audit/reads/").content.decode()
    assert "۱۴۰۳/۱۲/۳۰" in html and "سازمان" in html


def test_the_page_paginates(web, territory, insider, national):
    ct = ContentType.objects.get_for_model(Organization)
    ReadAudit.objects.bulk_create(
        ReadAudit(user=insider, content_type=ct, object_id=str(i), fields=["email"], source="x")
        for i in range(60)
    )
    html = web(national).get("/audit/reads/").content.decode()
    assert "صفحهٔ ۱ از ۲" in html and html.count("<tr>") == 51  # header + 50
    html = web(national).get("/audit/reads/", {"page": 2}).content.decode()
    assert html.count("<tr>") == 11


def test_excel_export_is_filtered_and_formula_safe(web, territory, insider, readonly, national):
    _rows(territory, insider, readonly)
    response = web(national).get("/audit/reads/", {"export": "xlsx", "username": "readonly"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "نام کاربری یا نام: readonly" in rows[0][0]  # the title row says what was filtered
    assert rows[1][0] == "زمان" and len(rows) == 3
    assert rows[2][2] == "readonly" and rows[2][6] == "=HYPERLINK(1)"
    assert sheet.cell(row=3, column=7).data_type == "s"  # text, not a formula
    assert web(insider).get("/audit/reads/", {"export": "xlsx"}).status_code == 403


def test_the_api_is_for_national_admins_and_read_only(api, territory, insider, readonly, outsider, national):
    org = _rows(territory, insider, readonly)
    for user in (insider, readonly, outsider):
        response = api(user).get("/api/v1/read-audit/")
        assert response.status_code == 403 and is_persian(response.json()["message"])
        assert_conforms(response, "GET")
    assert api().get("/api/v1/read-audit/").status_code == 401
    response = api(national).get("/api/v1/read-audit/")
    assert response.status_code == 200
    assert_conforms(response, "GET")
    body = response.json()
    assert body["count"] == 3
    newest = body["results"][0]
    assert newest["fields"] == ["email", "mobile"] and newest["user_name"] == "insider"
    assert newest["model"] == "organization" and newest["object_id"] == str(org.pk)
    response = api(national).get(
        "/api/v1/read-audit/", {"date_to": "1403/12/30", "model": "organizations.organization"}
    )
    assert response.json()["count"] == 1
    assert api(national).get("/api/v1/read-audit/", {"date_from": "x"}).status_code == 400
    one = api(national).get(f"/api/v1/read-audit/{newest['id']}/")
    assert one.status_code == 200 and one.json()["source"] == "GET person-list"
    assert api(national).post("/api/v1/read-audit/", {}, format="json").status_code == 405
    assert api(national).delete(f"/api/v1/read-audit/{newest['id']}/").status_code == 405
    assert ReadAudit.objects.count() == 3
