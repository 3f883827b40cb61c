import io
import os
import subprocess

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kanoon.geo.models import Kind, Unit
from kanoon.monitoring.models import DataValue, Report, ReportStatus, Target
from kanoon.organizations.models import Organization

from .conftest import QUARTER, make_implementer


def dash(unit, **params):
    query = "&".join(f"{k}={v}" for k, v in {"period": QUARTER, **params}.items())
    return f"/monitoring/units/{unit.pk}/?{query}"


def test_it_shows_the_national_dashboard_with_cards_ranking_and_map(
    web, md, territory, insider, national, approved
):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    approved(
        territory.rey_county, insider, national, {md.trainings.pk: 10, md.people.pk: 30}, period="1403Q1"
    )
    response = web(national).get(dash(territory.country))
    assert response.status_code == 200
    html = response.content.decode()
    assert "پایش و ارزشیابی: کشور ایران" in html
    card = response.context["cards"][0]
    assert card["cell"].value == 12 and card["delta"] == 2 and card["better"] is True
    assert [r["unit"] for r in response.context["ranking"]] == [territory.tehran, territory.isfahan]
    assert 'data-region="IR-TE"' in html and "chart.umd.min.js" in html
    assert "trend-data" in html


def test_it_shows_insider_and_readonly_their_province_and_outsider_404(
    web, md, territory, insider, readonly, outsider
):
    for user in (insider, readonly):
        assert web(user).get(dash(territory.tehran)).status_code == 200
    assert web(outsider).get(dash(territory.tehran)).status_code == 404
    assert web(outsider).get(f"/monitoring/units/{territory.tehran.pk}/export/cards.xlsx").status_code == 404
    assert web(None).get(dash(territory.tehran)).status_code == 302
    assert web(insider).get("/monitoring/").url.endswith(f"/monitoring/units/{territory.tehran.pk}/")


def test_it_rejects_a_bad_period_and_an_unknown_table(web, md, territory, insider):
    assert web(insider).get(f"/monitoring/units/{territory.tehran.pk}/?period=1403Q7").status_code == 404
    assert web(insider).get(f"/monitoring/units/{territory.tehran.pk}/export/nope.xlsx").status_code == 404


def test_it_keeps_the_dashboard_query_count_flat_with_more_children_and_values(
    web, md, territory, national, insider, approved
):
    client = web(national)
    make_implementer(territory.tehran, "دانشگاه تهران")
    Target.objects.create(indicator=md.ind_trainings, unit=territory.tehran, period="1403", value=40)
    client.get(dash(territory.country))
    cache.clear()  # unit counts are cached briefly; measure both pages cold
    with CaptureQueriesContext(connection) as small:
        assert client.get(dash(territory.country)).status_code == 200
    for i in range(6):
        Unit(kind=Kind.PROVINCE, name=f"استان {i}", parent=territory.country).save()
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    approved(territory.isfahan_county, national, national, {md.trainings.pk: 1, md.people.pk: 3})
    make_implementer(territory.isfahan, "بهزیستی اصفهان")
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(dash(territory.country)).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 25


def test_it_exports_each_table_to_excel(web, md, territory, insider, national, approved):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    make_implementer(territory.tehran, "دانشگاه تهران")
    Target.objects.create(indicator=md.ind_trainings, unit=territory.tehran, period=QUARTER, value=10)
    client = web(insider)
    for table in ("cards", "trend", "ranking", "scorecard"):
        response = client.get(f"/monitoring/units/{territory.tehran.pk}/export/{table}.xlsx?period={QUARTER}")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.values)
        assert len(rows) >= 2, table
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                f"/monitoring/units/{territory.tehran.pk}/export/ranking.xlsx?period={QUARTER}"
            ).content
        )
    ).active
    assert list(sheet.values)[1][:4] == (1, "ری", "شهرستان", 12)
    sheet = load_workbook(
        io.BytesIO(
            client.get(
                f"/monitoring/units/{territory.tehran.pk}/export/scorecard.xlsx?period={QUARTER}"
            ).content
        )
    ).active
    assert list(sheet.values)[1][-1] == "بله"


def test_it_compares_implementers_with_their_targets(web, md, territory, insider, national, approved):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    make_implementer(territory.tehran, "دانشگاه تهران")
    make_implementer(territory.isfahan, "بهزیستی اصفهان")
    Target.objects.create(indicator=md.ind_trainings, unit=territory.tehran, period=QUARTER, value=20)
    response = web(insider).get(dash(territory.tehran))
    [item] = response.context["scorecard"]  # Isfahan's implementer is out of scope
    assert item["implementer"].name == "دانشگاه تهران"
    assert item["score"] == 0 and item["rows"][0]["cell"].target == 20 and item["rows"][0]["met"] is False


def test_it_scores_only_active_organizations_flagged_as_implementers(
    web, md, territory, insider, national, approved
):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    Target.objects.create(indicator=md.ind_trainings, unit=territory.tehran, period=QUARTER, value=10)
    Organization.objects.create(unit=territory.tehran, name="سمن تهران", kind="ngo")  # not an implementer
    make_implementer(territory.tehran, "بهزیستی تهران (بسته)", kind="welfare", is_active=False)
    ngo_implementer = make_implementer(territory.tehran_county, "خیریهٔ مجری", kind="charity")
    university = make_implementer(territory.tehran, "دانشگاه تهران")
    scorecard = web(insider).get(dash(territory.tehran)).context["scorecard"]
    assert [item["implementer"] for item in scorecard] == [university, ngo_implementer]
    assert scorecard[0]["score"] == 100 and scorecard[1]["rows"] == []


def test_it_saves_submits_and_shows_persian_errors_on_the_entry_form(web, md, territory, insider):
    client = web(insider)
    url = f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"e_{md.trainings.pk}": "۵۰۰", f"e_{md.people.pk}": "", "submit": "1"})
    assert response.status_code == 200
    assert "مقدار نمی‌تواند بیشتر از ۱۰۰ باشد." in response.content.decode()
    assert not DataValue.objects.exists()
    response = client.post(url, {f"e_{md.trainings.pk}": "۵", f"e_{md.people.pk}": "", "submit": "1"})
    assert "این مقدار الزامی است." in response.content.decode()
    response = client.post(url, {f"e_{md.trainings.pk}": "۵", f"e_{md.people.pk}": "40", "submit": "1"})
    assert response.status_code == 302
    assert Report.objects.get().status == ReportStatus.SUBMITTED
    page = client.get(url).content.decode()  # the report's history: drafted, then submitted
    assert 'id="history"' in page and ReportStatus.SUBMITTED.label in page


def test_it_refuses_the_form_to_readonly_and_hides_it_from_outsider(web, md, territory, readonly, outsider):
    url = f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"
    page = web(readonly).get(url)
    assert page.status_code == 200 and "ذخیره و ارسال" not in page.content.decode()
    assert web(readonly).post(url, {f"e_{md.trainings.pk}": "1"}).status_code == 403
    assert web(outsider).get(url).status_code == 404


def test_it_approves_and_unapproves_from_the_pages(web, md, territory, insider, national, county_expert):
    client = web(insider)
    url = f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"
    client.post(url, {f"e_{md.trainings.pk}": "5", f"e_{md.people.pk}": "40", "submit": "1"})
    report = Report.objects.get()
    assert web(county_expert).post(f"/monitoring/reports/{report.pk}/approve/").status_code == 403
    response = web(insider).post(f"/monitoring/reports/{report.pk}/approve/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert web(national).get(dash(territory.country)).context["cards"][0]["cell"].value == 5
    web(insider).post(f"/monitoring/reports/{report.pk}/unapprove/", {"reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    web(insider).post(f"/monitoring/reports/{report.pk}/unapprove/", {"reason": "خطای ورود"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_lists_reporting_units_with_status(web, md, territory, insider, outsider):
    response = web(insider).get(f"/monitoring/units/{territory.tehran.pk}/reports/?period={QUARTER}")
    assert response.status_code == 200
    units = [r["unit"] for r in response.context["rows"]]
    assert units == [territory.tehran_county, territory.yousefabad, territory.rey_county]
    assert response.context["summary"].expected == 3
    url = f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"
    web(insider).post(url, {f"e_{md.trainings.pk}": "5", f"e_{md.people.pk}": "40", "submit": "1"})
    base = f"/monitoring/units/{territory.tehran.pk}/reports/?period={QUARTER}"
    assert [r["unit"] for r in web(insider).get(base + "&status=submitted").context["rows"]] == [
        territory.rey_county
    ]
    missing = web(insider).get(base + "&status=missing").context["rows"]
    assert [r["unit"] for r in missing] == [territory.tehran_county, territory.yousefabad]
    assert web(outsider).get(f"/monitoring/units/{territory.tehran.pk}/reports/").status_code == 404


def test_it_lists_indicators_and_sources_on_the_definitions_page(web, md, insider):
    html = web(insider).get("/monitoring/definitions/").content.decode()
    assert "آموزش‌دیده در هر جلسه" in html and "S:active_centers" in html


@pytest.mark.slow
def test_it_renders_the_quarterly_report_as_a_persian_pdf(
    web, md, territory, insider, national, approved, artifacts_dir
):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 30})
    response = web(national).get(f"/monitoring/units/{territory.country.pk}/report.pdf?period={QUARTER}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = os.path.join(artifacts_dir, "monitoring-report.pdf")
    with open(path, "wb") as fh:
        fh.write(response.content)
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    assert "Vazirmatn" in fonts, fonts
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "گزارش فصلی پایش و ارزشیابی" in text


def test_it_lets_only_national_admins_define_on_the_web(web, md, national, insider):
    url = "/monitoring/definitions/indicator/new/"
    assert web(insider).get(url).status_code == 403
    client = web(national)
    bad = {
        "code": "1bad",
        "name": "x",
        "unit_of_measure": "عدد",
        "numerator": "E:NOPE",
        "factor": "1",
        "decimals": "0",
        "direction": "higher",
        "position": "0",
        "is_active": "on",
    }
    html = client.post(url, bad).content.decode()
    assert "کد باید با حرف لاتین شروع شود" in html and "عنصر داده‌ای با کد «NOPE» وجود ندارد." in html
    good = {
        **bad,
        "code": "SOLVED_RATE",
        "name": "حل‌شده",
        "numerator": "E:SOLVED",
        "denominator": "E:TRAININGS",
    }
    assert client.post(url, good).status_code == 302
    from kanoon.monitoring.models import Indicator

    assert Indicator.objects.get(code="SOLVED_RATE").denominator == "E:TRAININGS"
    assert client.get("/monitoring/definitions/planet/new/").status_code == 404
    element = {
        "code": "VISITS",
        "name": "بازدید",
        "value_type": "integer",
        "minimum": "5",
        "maximum": "1",
        "time_aggregation": "sum",
        "is_active": "on",
    }
    assert (
        "بیشینه نمی‌تواند از کمینه کمتر باشد."
        in client.post("/monitoring/definitions/element/new/", element).content.decode()
    )
