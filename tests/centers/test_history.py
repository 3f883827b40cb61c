"""A center's history (who, when, which field, old and new value) on its page and in the API."""

from __future__ import annotations

from kanoon.centers import services
from tests.centers.conftest import make_center


def test_it_shows_a_renamed_centers_history_on_its_page(web, territory, insider):
    center = make_center(territory.yousefabad, "کانون قدیم")
    services.center_update(actor=insider, center=center, name="کانون نو")
    html = web(insider).get(f"/centers/{center.pk}/").content.decode()
    assert "کانون قدیم" in html and "کانون نو" in html
    assert 'id="history"' in html


def test_it_serves_a_centers_history_in_the_api_to_insiders_only(api, territory, insider, readonly, outsider):
    center = make_center(territory.yousefabad, "کانون قدیم")
    services.center_update(actor=insider, center=center, name="کانون نو")
    for user in (insider, readonly):
        response = api(user).get(f"/api/v1/centers/{center.pk}/history/")
        assert response.status_code == 200
        changes = [c for entry in response.json()["results"] for c in entry["changes"]]
        assert {"field": "name", "old": "کانون قدیم", "new": "کانون نو"}.items() <= next(
            c for c in changes if c["field"] == "name"
        ).items()
    assert api(outsider).get(f"/api/v1/centers/{center.pk}/history/").status_code == 404
