import itertools

from kanoon.geo.models import Kind, Unit
from tests.scoped import ScopedAPICase, ids

_names = itertools.count(1)


class TestUnitAPI(ScopedAPICase):
    url = "/api/v1/units/"

    def make_inside(self, t):
        unit = Unit(kind=Kind.NEIGHBORHOOD, name=f"محله {next(_names)}", parent=t.zone6)
        unit.save()
        return unit

    def make_outside(self, t):
        unit = Unit(kind=Kind.NEIGHBORHOOD, name=f"محله {next(_names)}", parent=t.isfahan_city)
        unit.save()
        return unit

    def create_payload(self, t):
        return {"name": "امیرآباد", "kind": "neighborhood", "parent": t.zone6.pk}

    def create_outside_payload(self, t):
        return {"name": "نظر", "kind": "neighborhood", "parent": t.isfahan_city.pk}

    def invalid_payload(self, t):
        return {"name": "بخش تازه", "kind": "district", "parent": t.tehran_county.pk}, "kind"

    def update_payload(self, t, obj):
        return {"name": obj.name + " جدید"}


def test_it_filters_by_parent_kind_and_name(api, territory, insider):
    client = api(insider)
    response = client.get("/api/v1/units/", {"parent": territory.tehran.pk})
    assert ids(response) == {territory.tehran_county.pk, territory.rey_county.pk}
    assert client.get("/api/v1/units/", {"kind": "village"}).json()["results"][0]["name"] == "قلعه نو خالصه"
    # Arabic ي and a plain space instead of the ZWNJ still find یوسف‌آباد
    found = client.get("/api/v1/units/", {"q": "يوسف آباد"}).json()
    assert [u["id"] for u in found["results"]] == [territory.yousefabad.pk]
    row = found["results"][0]
    assert row["kind"] == "neighborhood" and row["parent"] == territory.zone6.pk and "code" in row


def test_page_size_is_capped_at_1000(api, territory, national):
    response = api(national).get("/api/v1/units/", {"page_size": 5000})
    assert response.status_code == 200
    response = api(national).get("/api/v1/units/", {"page_size": 2})
    body = response.json()
    assert len(body["results"]) == 2 and body["next"] and body["count"] == Unit.objects.count()


def test_a_neighborhood_name_is_unique_under_its_parent(api, territory, insider):
    response = api(insider).post(
        "/api/v1/units/",
        {"name": "يوسف‌آباد", "kind": "neighborhood", "parent": territory.zone6.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_invalid_page_is_a_persian_404(api, territory, insider):
    response = api(insider).get("/api/v1/units/", {"page": 999})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_api_urls_and_huge_numbers_answer_json(api, territory, insider):
    client = api(insider)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.get("/api/v1/units/", {"parent": "3.4e38"})
    assert response.status_code == 400
    response = client.get("/api/v1/units/99999999999999999999999/")
    assert response.status_code in (400, 404)


def test_a_new_unit_needs_a_parent(api, territory, insider):
    response = api(insider).post(
        "/api/v1/units/", {"name": "x", "kind": "zone", "parent": None}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()["errors"]
