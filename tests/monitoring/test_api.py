import itertools

import pytest

from kanoon.monitoring import services
from kanoon.monitoring.models import DataValue, Indicator
from tests.scoped import ScopedAPICase, is_persian

from .conftest import QUARTER

_elements = itertools.count()


class TestDataValueAPI(ScopedAPICase):
    url = "/api/v1/data-values/"

    def _element(self):
        from kanoon.monitoring.models import DataElement, DataSet, DataSetElement

        data_set = DataSet.objects.filter(code="API").first() or DataSet.objects.create(
            code="API", name="فرم", unit_kinds=["county", "neighborhood"]
        )
        element = DataElement.objects.create(code=f"E{next(_elements)}", name="عنصر", maximum=100)
        DataSetElement.objects.create(data_set=data_set, element=element)
        return data_set, element

    def _make(self, t, unit):
        from kanoon.monitoring.models import Report

        data_set, element = self._element()
        report = Report.objects.get_or_create(data_set=data_set, unit=unit, period="1403Q1")[0]
        return DataValue.objects.create(report=report, element=element, unit=unit, period="1403Q1", value=5)

    def make_inside(self, t):
        return self._make(t, t.rey_county)

    def make_outside(self, t):
        return self._make(t, t.isfahan_county)

    def create_payload(self, t):
        _, element = self._element()
        return {"element": element.code, "unit": t.tehran_county.pk, "period": QUARTER, "value": "۱۲"}

    def create_outside_payload(self, t):
        _, element = self._element()
        return {"element": element.code, "unit": t.isfahan_county.pk, "period": QUARTER, "value": "12"}

    def invalid_payload(self, t):
        _, element = self._element()
        return {
            "element": element.code,
            "unit": t.tehran_county.pk,
            "period": QUARTER,
            "value": "500",
        }, "value"

    def update_payload(self, t, obj):
        return {"value": "7"}


def test_it_writes_then_approves_through_the_api_and_analytics_sees_it(api, md, territory, insider, national):
    client = api(insider)
    for element, value in ((md.trainings, "12"), (md.people, "300")):
        response = client.post(
            "/api/v1/data-values/",
            {"element": element.code, "unit": territory.rey_county.pk, "period": QUARTER, "value": value},
            format="json",
        )
        assert response.status_code == 201, response.content
    body = {"data_set": "Q", "unit": territory.rey_county.pk, "period": QUARTER}
    assert client.post("/api/v1/data-values/submit/", body, format="json").status_code == 200
    response = client.post("/api/v1/data-values/approve/", body, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    analytics = (
        api(national)
        .get(
            "/api/v1/analytics/", {"indicator": "TRAININGS", "unit": territory.country.pk, "period": QUARTER}
        )
        .json()
    )
    assert analytics["value"] == 12
    children = {c["unit"]["id"]: c["value"] for c in analytics["children"]}
    assert children == {territory.tehran.pk: 12, territory.isfahan.pk: None}
    # locked now: a write answers 400 in Persian
    response = client.post(
        "/api/v1/data-values/",
        {"element": "TRAININGS", "unit": territory.rey_county.pk, "period": QUARTER, "value": "1"},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert "قفل" in response.json()["errors"]["status"][0], response.json()
    # un-approve needs a reason
    response = api(national).post("/api/v1/data-values/unapprove/", body, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    body["reason"] = "بازبینی"
    assert (
        api(national).post("/api/v1/data-values/unapprove/", body, format="json").json()["status"]
        == "submitted"
    )


def test_it_refuses_approval_by_readonly_and_writes_by_readonly(
    api, md, territory, insider, readonly, approved, national
):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: 1, md.people.pk: 1}, user=insider)
    services.report_submit(report=report, user=insider)
    body = {"data_set": "Q", "unit": territory.rey_county.pk, "period": QUARTER}
    assert api(readonly).post("/api/v1/data-values/approve/", body, format="json").status_code == 403
    response = api(readonly).post(
        "/api/v1/data-values/",
        {"element": "TRAININGS", "unit": territory.rey_county.pk, "period": QUARTER, "value": "1"},
        format="json",
    )
    assert response.status_code == 403


def test_it_does_not_offer_units_outside_the_scope_for_approval(api, md, territory, insider, outsider):
    report = services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    services.report_save_values(report=report, values={md.trainings.pk: 1, md.people.pk: 1}, user=insider)
    services.report_submit(report=report, user=insider)
    body = {"data_set": "Q", "unit": territory.rey_county.pk, "period": QUARTER}
    response = api(outsider).post("/api/v1/data-values/approve/", body, format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]  # the unit is not even offered


def test_it_answers_analytics_for_unit_and_children_and_hides_other_scopes(
    api, md, territory, insider, readonly, outsider, national, approved
):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 4, md.people.pk: 10})
    for user in (insider, readonly):
        body = (
            api(user)
            .get(
                "/api/v1/analytics/",
                {"indicator": "per_session", "unit": territory.tehran.pk, "period": QUARTER},
            )
            .json()
        )
        assert body["value"] == 2.5 and body["numerator"] == 10 and body["denominator"] == 4
        assert {c["unit"]["name"]: c["value"] for c in body["children"]} == {"تهران": None, "ری": 2.5}
    response = api(outsider).get(
        "/api/v1/analytics/", {"indicator": "TRAININGS", "unit": territory.tehran.pk, "period": QUARTER}
    )
    assert response.status_code == 404
    year = api(insider).get(
        "/api/v1/analytics/", {"indicator": "TRAININGS", "unit": territory.tehran.pk, "period": "۱۴۰۳"}
    )
    assert year.json()["value"] == 4 and year.json()["period"]["label"] == "سال ۱۴۰۳"


def test_it_explains_bad_analytics_parameters(api, md, territory, insider):
    client = api(insider)
    response = client.get("/api/v1/analytics/", {"indicator": "TRAININGS"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"unit", "period"}
    response = client.get(
        "/api/v1/analytics/", {"indicator": "NOPE", "unit": territory.tehran.pk, "period": QUARTER}
    )
    assert response.status_code == 400 and "indicator" in response.json()["errors"]
    response = client.get(
        "/api/v1/analytics/", {"indicator": "TRAININGS", "unit": territory.tehran.pk, "period": "Q9"}
    )
    assert response.status_code == 400 and is_persian(response.json()["errors"]["period"][0])
    assert api().get("/api/v1/analytics/", {"indicator": "TRAININGS"}).status_code == 401


def test_it_lists_indicators_by_code_and_lets_only_national_admins_define_them(
    api, md, territory, insider, readonly, national
):
    body = api(readonly).get("/api/v1/indicators/", {"code": "trainings"}).json()
    assert [r["code"] for r in body["results"]] == ["TRAININGS"]
    payload = {"code": "NEW_ONE", "name": "شاخص تازه", "numerator": "E:SOLVED", "unit_of_measure": "مورد"}
    response = api(insider).post("/api/v1/indicators/", payload, format="json")
    assert response.status_code == 403 and is_persian(response.json()["message"])
    assert api(national).post("/api/v1/indicators/", payload, format="json").status_code == 201
    bad = {**payload, "code": "BAD", "numerator": "E:MISSING"}
    response = api(national).post("/api/v1/indicators/", bad, format="json")
    assert response.status_code == 400 and "numerator" in response.json()["errors"]
    assert (
        Indicator.objects.filter(code="NEW_ONE").exists()
        and not Indicator.objects.filter(code="BAD").exists()
    )
    assert api(national).delete(f"/api/v1/indicators/{md.ind_trainings.pk}/").status_code == 405


def test_it_lets_the_national_admin_define_data_elements_and_sets(api, md, national, insider):
    element = {"code": "VISITS", "name": "بازدیدها", "minimum": 0, "maximum": 10}
    assert api(insider).post("/api/v1/data-elements/", element, format="json").status_code == 403
    assert api(national).post("/api/v1/data-elements/", element, format="json").status_code == 201
    bad = {"code": "X1", "name": "بد", "minimum": 5, "maximum": 1}
    assert "maximum" in api(national).post("/api/v1/data-elements/", bad, format="json").json()["errors"]
    data_set = {
        "code": "NEW",
        "name": "فرم تازه",
        "unit_kinds": ["village"],
        "elements": [{"element": "VISITS"}],
    }
    response = api(national).post("/api/v1/data-sets/", data_set, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["elements"][0]["element"] == "VISITS"
    response = api(national).post(
        "/api/v1/data-sets/", {**data_set, "code": "N2", "unit_kinds": ["planet"]}, format="json"
    )
    assert response.status_code == 400 and "unit_kinds" in response.json()["errors"]


class TestTargetAPI(ScopedAPICase):
    url = "/api/v1/targets/"
    _periods = itertools.count(1390)

    def _make(self, t, unit):
        from kanoon.monitoring.models import Target

        indicator = Indicator.objects.first() or Indicator.objects.create(
            code="T1", name="شاخص", numerator="S:active_centers"
        )
        return Target.objects.create(
            indicator=indicator, unit=unit, period=str(next(self._periods)), value=10
        )

    def make_inside(self, t):
        return self._make(t, t.rey_county)

    def make_outside(self, t):
        return self._make(t, t.isfahan_county)

    def _indicator(self):
        return (
            Indicator.objects.first()
            or Indicator.objects.create(code="T1", name="شاخص", numerator="S:active_centers")
        ).code

    def create_payload(self, t):
        return {"indicator": self._indicator(), "unit": t.tehran_county.pk, "period": "۱۴۰۴Q۱", "value": "15"}

    def create_outside_payload(self, t):
        return {"indicator": self._indicator(), "unit": t.isfahan_county.pk, "period": "1404", "value": "15"}

    def invalid_payload(self, t):
        return {
            "indicator": self._indicator(),
            "unit": t.tehran_county.pk,
            "period": "1404-1",
            "value": "1",
        }, "period"

    def update_payload(self, t, obj):
        return {"value": "20"}


def test_it_keeps_one_target_per_indicator_unit_and_period(api, md, territory, insider):
    payload = {"indicator": "TRAININGS", "unit": territory.tehran.pk, "period": "1404", "value": "50"}
    assert api(insider).post("/api/v1/targets/", payload, format="json").status_code == 201
    response = api(insider).post("/api/v1/targets/", payload, format="json")
    assert response.status_code == 400 and "period" in response.json()["errors"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1e-30", "رقم اعشار"),  # was stored as 0
        ("0.00001", "رقم اعشار"),
        ("1e400", "بیش از حد بزرگ"),  # was a 500
        ("1234567890123456789012345678", "بیش از حد بزرگ"),  # was a 500
        (
            "１２",
            "یک عدد وارد کنید",
        ),  # Decimal() reads full-width digits; only ASCII/Persian/Arabic are numbers here
    ],
)
def test_it_refuses_values_the_column_would_round_or_overflow(api, md, territory, insider, value, expected):
    body = {"element": "SOLVED", "unit": territory.rey_county.pk, "period": QUARTER, "value": value}
    response = api(insider).post("/api/v1/data-values/", body, format="json")
    assert response.status_code == 400
    assert expected in response.json()["errors"]["value"][0]
    assert not DataValue.objects.exists()


def test_it_refuses_a_target_that_would_be_rounded(api, md, territory, insider):
    body = {"indicator": "TRAININGS", "unit": territory.rey_county.pk, "period": "1403", "value": "1e-30"}
    response = api(insider).post("/api/v1/targets/", body, format="json")
    assert response.status_code == 400 and "value" in response.json()["errors"]
