from kanoon.core.jalali import Quarter
from kanoon.monitoring import exports
from kanoon.monitoring.models import DataValue

from .conftest import QUARTER


def test_it_exports_approved_values_as_dhis2_data_value_sets(api, md, territory, insider, national, approved):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 300})
    body = (
        api(insider)
        .get("/api/v1/dataValueSets/", {"orgUnit": territory.tehran.pk, "period": "2024Q3"})
        .json()
    )
    rows = sorted(body["dataValues"], key=lambda r: r["dataElement"])
    assert [(r["dataElement"], r["period"], r["orgUnit"], r["value"]) for r in rows] == [
        ("PEOPLE", "2024Q3", f"K{territory.rey_county.pk:010d}", "300"),
        ("TRAININGS", "2024Q3", f"K{territory.rey_county.pk:010d}", "12"),
    ]
    assert set(rows[0]) >= {"dataElement", "period", "orgUnit", "value", "storedBy", "created", "lastUpdated"}
    outside = api(insider).get(
        "/api/v1/dataValueSets/", {"orgUnit": territory.isfahan.pk, "period": "2024Q3"}
    )
    assert outside.status_code == 404


def test_it_imports_data_value_sets_and_reports_conflicts_in_persian(api, md, territory, insider):
    payload = {
        "dataValues": [
            {
                "dataElement": "TRAININGS",
                "period": "2024Q3",
                "orgUnit": f"K{territory.rey_county.pk:010d}",
                "value": "8",
            },
            {"dataElement": "PEOPLE", "period": QUARTER, "orgUnit": territory.rey_county.code, "value": "80"},
            {
                "dataElement": "TRAININGS",
                "period": "2024Q3",
                "orgUnit": territory.isfahan_county.code,
                "value": "1",
            },
            {
                "dataElement": "TRAININGS",
                "period": "2024Q3",
                "orgUnit": territory.tehran_county.code,
                "value": "900",
            },
            {"dataElement": "NOPE", "period": "2024Q3", "orgUnit": territory.rey_county.code, "value": "1"},
            {
                "dataElement": "TRAININGS",
                "period": "2024April",
                "orgUnit": territory.rey_county.code,
                "value": "1",
            },
        ]
    }
    response = api(insider).post("/api/v1/dataValueSets/", payload, format="json")
    # all or nothing: four bad rows, so the two good ones are not kept either; each is reported
    assert response.status_code == 400
    summary = response.json()
    assert summary["status"] == "ERROR" and summary["code"] == "invalid"
    assert "\u0600" <= summary["message"][0] <= "\u06ff"
    assert summary["importCount"] == {"imported": 0, "updated": 0, "ignored": 6, "deleted": 0}
    assert [c["row"] for c in summary["conflicts"]] == [2, 3, 4, 5]
    assert sorted(summary["errors"]) == [f"dataValues[{i}]" for i in (2, 3, 4, 5)]
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in c["value"]) for c in summary["conflicts"])
    assert not DataValue.objects.exists()
    good = api(insider).post(
        "/api/v1/dataValueSets/", {"dataValues": payload["dataValues"][:2]}, format="json"
    )
    assert good.status_code == 200 and good.json()["status"] == "SUCCESS"
    assert good.json()["importCount"] == {"imported": 2, "updated": 0, "ignored": 0, "deleted": 0}
    assert {(v.element.code, v.value) for v in DataValue.objects.select_related("element")} == {
        ("TRAININGS", 8),
        ("PEOPLE", 80),
    }
    again = api(insider).post(
        "/api/v1/dataValueSets/", {"dataValues": payload["dataValues"][:1]}, format="json"
    )
    assert again.json()["importCount"]["updated"] == 1


def test_it_keeps_no_row_when_a_later_row_fails(api, md, territory, insider):
    """The probe: the first row was committed, then a value too large for the column answered
    500. Now the whole request is refused with 400, each bad row named, and nothing is saved."""
    rey = territory.rey_county.code
    rows = [
        {"dataElement": "TRAININGS", "period": "2024Q3", "orgUnit": rey, "value": "8"},
        {"dataElement": "SOLVED", "period": "2024Q3", "orgUnit": rey, "value": "1e400"},
        {"dataElement": "PEOPLE", "period": "2024Q3", "orgUnit": rey, "value": "1e-30"},
        {
            "dataElement": "SOLVED",
            "period": "2024Q3",
            "orgUnit": rey,
            "value": "1234567890123456789012345678",
        },
    ]
    response = api(insider).post("/api/v1/dataValueSets/", {"dataValues": rows}, format="json")
    assert response.status_code == 400
    assert [c["row"] for c in response.json()["conflicts"]] == [1, 2, 3]
    assert not DataValue.objects.exists()


def test_it_saves_nothing_on_a_dry_run_and_refuses_garbage(api, md, territory, insider, readonly):
    row = {"dataElement": "TRAININGS", "period": "2024Q3", "orgUnit": territory.rey_county.code, "value": "8"}
    response = api(insider).post("/api/v1/dataValueSets/?dryRun=true", {"dataValues": [row]}, format="json")
    assert response.json()["importCount"]["imported"] == 1 and not DataValue.objects.exists()
    response = api(insider).post("/api/v1/dataValueSets/", {"rows": []}, format="json")
    assert response.status_code == 400 and response.json()["status"] == "ERROR"
    response = api(readonly).post("/api/v1/dataValueSets/", {"dataValues": [row]}, format="json")
    assert response.json()["importCount"]["ignored"] == 1 and not DataValue.objects.exists()


def test_it_round_trips_export_then_import(md, territory, insider, national, approved):
    approved(territory.rey_county, insider, national, {md.trainings.pk: 12, md.people.pk: 300})
    exported = exports.data_value_set(
        exports.export_values(national, territory.country, [Quarter.parse(QUARTER)])
    )
    assert len(exported["dataValues"]) == 2
    summary = exports.import_data_value_set(national, exported)
    # the values are locked (approved), so re-importing them is refused row by row, nothing changes
    assert summary["importCount"]["ignored"] == 2
    assert "قفل" in summary["conflicts"][0]["value"]


def test_it_reads_a_file_on_the_web_import_page(web, md, territory, insider):
    import io
    import json

    payload = {
        "dataValues": [
            {
                "dataElement": "TRAININGS",
                "period": QUARTER,
                "orgUnit": territory.rey_county.code,
                "value": "3",
            }
        ]
    }
    upload = io.BytesIO(json.dumps(payload).encode())
    upload.name = "dvs.json"
    response = web(insider).post("/monitoring/dhis2/import/", {"file": upload})
    assert response.status_code == 200 and response.context["summary"]["importCount"]["imported"] == 1
    bad = io.BytesIO(b"not json")
    bad.name = "x.json"
    response = web(insider).post("/monitoring/dhis2/import/", {"file": bad})
    assert "فایل JSON معتبر نیست." in response.content.decode()
    response = web(insider).get(
        f"/monitoring/units/{territory.tehran.pk}/dataValueSets.json?period={QUARTER}"
    )
    assert response.status_code == 200 and response.json()["dataValues"][0]["value"] == "3"
