"""Data entry (issue 10, point 5): a refused save or submit leaves nothing behind (no empty draft
report), and a submit shows every problem at once (bad values and required values left empty)."""

from __future__ import annotations

from kanoon.monitoring.models import DataValue, Report, ReportStatus
from tests.monitoring.conftest import QUARTER


def _url(md, territory) -> str:
    return f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"


def test_a_refused_save_creates_no_draft_report(web, md, territory, insider):
    response = web(insider).post(_url(md, territory), {f"e_{md.trainings.pk}": "۵۰۰"})  # over the maximum
    assert response.status_code == 200
    assert "مقدار نمی‌تواند بیشتر از" in response.content.decode()
    assert not Report.objects.exists() and not DataValue.objects.exists()


def test_a_refused_submit_creates_no_draft_and_saves_no_value(web, md, territory, insider):
    response = web(insider).post(
        _url(md, territory), {f"e_{md.trainings.pk}": "۵", f"e_{md.people.pk}": "", "submit": "1"}
    )
    assert response.status_code == 200 and "این مقدار الزامی است." in response.content.decode()
    assert not Report.objects.exists() and not DataValue.objects.exists()


def test_a_submit_shows_bad_values_and_missing_required_values_together(web, md, territory, insider):
    response = web(insider).post(
        _url(md, territory),
        {f"e_{md.trainings.pk}": "۵۰۰", f"e_{md.people.pk}": "", f"e_{md.solved.pk}": "", "submit": "1"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {f"e_{md.trainings.pk}", f"e_{md.people.pk}"}, errors
    assert "بیشتر از" in errors[f"e_{md.trainings.pk}"][0]
    assert errors[f"e_{md.people.pk}"] == ["این مقدار الزامی است."]
    html = response.content.decode()
    assert html.count('aria-invalid="true"') == 2
    assert not Report.objects.exists()


def test_an_existing_draft_keeps_its_values_when_a_later_submit_is_refused(web, md, territory, insider):
    client = web(insider)
    url = _url(md, territory)
    assert client.post(url, {f"e_{md.trainings.pk}": "۵"}).status_code == 302  # a draft, saved on purpose
    report = Report.objects.get()
    response = client.post(url, {f"e_{md.trainings.pk}": "۷", f"e_{md.people.pk}": "", "submit": "1"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert DataValue.objects.get(report=report).value == 5  # the refused submit changed nothing
    assert (
        client.post(url, {f"e_{md.trainings.pk}": "۷", f"e_{md.people.pk}": "۴۰", "submit": "1"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_api_refuses_a_bad_value_without_creating_a_report(api, md, territory, insider):
    response = api(insider).post(
        "/api/v1/data-values/",
        {"element": "TRAININGS", "unit": territory.rey_county.pk, "period": QUARTER, "value": "500"},
        format="json",
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
