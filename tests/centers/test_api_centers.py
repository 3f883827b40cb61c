import datetime as dt

from kanoon.centers.models import Center, CenterStatus, CenterStatusChange
from tests.scoped import ScopedAPICase, ids, is_persian

from .conftest import make_center


class TestCenterAPI(ScopedAPICase):
    url = "/api/v1/centers/"

    def make_inside(self, t):
        return make_center(t.yousefabad)

    def make_outside(self, t):
        return make_center(t.jolfa)

    def create_payload(self, t):
        return {"name": "کانون سلامت یوسف‌آباد", "unit": t.yousefabad.pk}

    def create_outside_payload(self, t):
        return {"name": "کانون سلامت جلفا", "unit": t.jolfa.pk}

    def invalid_payload(self, t):
        return {"name": "کانون شهرستان", "unit": t.tehran_county.pk}, "unit"

    def update_payload(self, t, obj):
        return {"address": "خیابان فتحی شقاقی، مسجد جامع", "venue_kind": "mosque"}


def test_it_creates_a_center_with_only_name_and_unit(api, territory, insider):
    response = api(insider).post(
        "/api/v1/centers/", {"name": "كانون سلامت روستا", "unit": territory.village.pk}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "کانون سلامت روستا"  # Arabic ك normalized
    assert (
        body["status"] == "proposed"
        and body["kind"] == "neighborhood"
        and body["unit"] == territory.village.pk
    )
    assert {"id", "name", "unit", "status", "kind"} <= set(body)
    center = Center.objects.get(pk=body["id"])
    assert center.status_changes.get().to_status == "proposed"
    assert center.created_by == insider


def test_it_refuses_a_duplicate_name_in_the_same_place(api, territory, insider):
    make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    response = api(insider).post(
        "/api/v1/centers/", {"name": "کانون سلامت یوسف‌آباد", "unit": territory.yousefabad.pk}
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_it_accepts_jalali_dates_and_returns_both(api, territory, insider):
    response = api(insider).post(
        "/api/v1/centers/", {"name": "کانون", "unit": territory.yousefabad.pk, "opening_date": "۱۴۰۲/۰۷/۰۱"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["opening_date"] == "2023-09-23"
    assert response.json()["opening_date_jalali"] == "1402/07/01"


def test_it_moves_status_with_date_reason_and_user(api, territory, insider, readonly, outsider):
    center = make_center(territory.yousefabad, founded_on=dt.date(2024, 1, 1))
    url = f"/api/v1/centers/{center.pk}/status/"
    assert api(outsider).post(url, {"status": "establishing"}).status_code == 404
    assert api(readonly).post(url, {"status": "establishing"}).status_code == 403
    response = api(insider).post(
        url, {"status": "establishing", "on": "1403/01/15", "reason": "جلسهٔ ذینفعان"}
    )
    assert response.status_code == 201, response.content
    center.refresh_from_db()
    assert center.status == CenterStatus.ESTABLISHING and center.status_changed_on == dt.date(2024, 4, 3)
    change = CenterStatusChange.objects.filter(center=center).first()
    assert (
        change.changed_by == insider and change.reason == "جلسهٔ ذینفعان" and change.from_status == "proposed"
    )
    history = api(readonly).get(f"/api/v1/centers/{center.pk}/status-history/").json()
    assert [h["to_status"] for h in history] == ["establishing", "proposed"]


def test_it_refuses_an_impossible_transition(api, territory, insider):
    center = make_center(territory.yousefabad)
    response = api(insider).post(f"/api/v1/centers/{center.pk}/status/", {"status": "active"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"] and is_persian(response.json()["errors"]["status"])


def test_closing_needs_a_reason_and_keeps_the_records(api, territory, insider):
    center = make_center(territory.yousefabad)
    url = f"/api/v1/centers/{center.pk}/status/"
    response = api(insider).post(url, {"status": "closed"})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert api(insider).post(url, {"status": "closed", "reason": "انحلال با رأی اعضا"}).status_code == 201
    assert api(insider).get(f"/api/v1/centers/{center.pk}/").json()["status"] == "closed"


def test_it_filters_by_status_name_and_unit(api, territory, insider):
    a = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    b = make_center(territory.village, "کانون روستای قلعه نو")
    client = api(insider)
    assert ids(client.get("/api/v1/centers/", {"q": "يوسف آباد"})) == {a.pk}
    assert ids(client.get("/api/v1/centers/", {"within": territory.rey_county.pk})) == {b.pk}
    assert ids(client.get("/api/v1/centers/", {"status": "proposed"})) == {a.pk, b.pk}
    assert ids(client.get("/api/v1/centers/", {"status": "active"})) == set()


def test_stalled_filter(api, territory, insider):
    old = make_center(territory.yousefabad, "کانون قدیمی", founded_on=dt.date(2020, 1, 1))
    make_center(territory.village, "کانون تازه")
    response = api(insider).get("/api/v1/centers/", {"stalled": "true", "stalled_days": 30})
    assert ids(response) == {old.pk}


def test_the_progress_endpoint_and_ticking_an_action(api, territory, insider, readonly, outsider):
    center = make_center(territory.yousefabad)
    url = f"/api/v1/centers/{center.pk}/progress/"
    assert api(outsider).get(url).status_code == 404
    body = api(readonly).get(url).json()
    assert [p["number"] for p in body["phases"]] == [1, 2, 3, 4]
    assert sum(len(p["strategies"]) for p in body["phases"]) == 12
    assert body["progress"] == 0 and body["phase"] == 1
    tick = f"/api/v1/centers/{center.pk}/actions/"
    assert api(readonly).post(tick, {"action": "1.1", "done_on": "1403/02/01"}).status_code == 403
    response = api(insider).post(
        tick, {"action": "1.1", "done_on": "1403/02/01", "note": "گزارش پیشینهٔ محله"}
    )
    assert response.status_code == 201, response.content
    action = response.json()["phases"][0]["strategies"][0]["actions"][0]
    assert (
        action["done"] and action["done_on_jalali"] == "1403/02/01" and action["note"] == "گزارش پیشینهٔ محله"
    )
    assert response.json()["progress"] > 0
    again = api(insider).post(tick, {"action": "1.1", "done_on": "1403/02/01"})
    assert again.status_code == 400 and "action" in again.json()["errors"]
    bad = api(insider).post(tick, {"action": "99.9", "done_on": "1403/02/01"})
    assert bad.status_code == 400 and "action" in bad.json()["errors"]


def test_a_status_change_cannot_predate_the_last_one(api, territory, insider):
    center = make_center(territory.yousefabad, founded_on=dt.date(2024, 6, 1))
    response = api(insider).post(
        f"/api/v1/centers/{center.pk}/status/", {"status": "establishing", "on": "2024-01-01"}
    )
    assert response.status_code == 400 and "on" in response.json()["errors"]


def test_facilitators_are_assigned_from_the_scope(api, territory, insider):
    from kanoon.core import scope
    from tests.conftest import make_user

    mine = make_user("fac-tehran", scope.FACILITATOR, territory.tehran_county)
    theirs = make_user("fac-isfahan", scope.FACILITATOR, territory.isfahan_county)
    center = make_center(territory.yousefabad)
    url = f"/api/v1/centers/{center.pk}/"
    response = api(insider).patch(url, {"facilitators": [mine.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["facilitators"] == [mine.pk]
    response = api(insider).patch(url, {"facilitators": [theirs.pk]}, format="json")
    assert response.status_code == 400 and "facilitators" in response.json()["errors"]
    assert list(center.facilitators.all()) == [mine]
