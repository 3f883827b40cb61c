"""Generic permission suite (NetBox style): a model's API test class fills in the data,
and gets list/detail/create/update/no-delete tests with insider, read-only and outsider users.

    class TestUnitAPI(ScopedAPICase):
        url = "/api/v1/units/"
        def make_inside(self, t): ...          # an object in Tehran (insider's scope)
        def make_outside(self, t): ...         # an object in Isfahan (outsider's scope)
        def create_payload(self, t): ...       # valid new object inside Tehran
        def create_outside_payload(self, t): ...  # valid payload aimed at Isfahan
        def invalid_payload(self, t): ...      # (payload, field that must be named)
        def update_payload(self, t, obj): ...  # a valid change

Set `updatable = False` for read-only endpoints and `creatable = False` when POST is not offered.
`t` is the `territory` fixture. Users: insider (Tehran province expert), readonly (Tehran observer),
outsider (Isfahan province expert).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.openapi import assert_conforms


def is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in str(text))


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


class ScopedAPICase:
    url: str = ""
    creatable = True
    updatable = True
    list_query_budget = 12  # queries for a list page, whatever its length

    # ---- to fill in -------------------------------------------------------------------
    def make_inside(self, t):
        raise NotImplementedError

    def make_outside(self, t):
        raise NotImplementedError

    def create_payload(self, t) -> dict:
        raise NotImplementedError

    def create_outside_payload(self, t) -> dict:
        raise NotImplementedError

    def invalid_payload(self, t) -> tuple[dict, str]:
        raise NotImplementedError

    def update_payload(self, t, obj) -> dict:
        raise NotImplementedError

    def detail_url(self, obj) -> str:
        return f"{self.url}{obj.pk}/"

    # ---- generated tests --------------------------------------------------------------
    def test_it_requires_authentication(self, api, territory):
        response = api().get(self.url)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        assert is_persian(response.json()["message"])

    def test_it_lists_only_the_callers_scope(self, api, territory, insider, readonly, outsider):
        inside, outside = self.make_inside(territory), self.make_outside(territory)
        for user in (insider, readonly):
            response = api(user).get(self.url, {"page_size": 1000})
            assert response.status_code == 200
            assert set(response.json()) >= {"count", "next", "previous", "results"}
            assert_conforms(response, "GET")
            assert inside.pk in ids(response)
            assert outside.pk not in ids(response)
        response = api(outsider).get(self.url, {"page_size": 1000})
        assert outside.pk in ids(response) and inside.pk not in ids(response)

    def test_it_hides_other_scopes_with_404(self, api, territory, insider, readonly, outsider):
        inside = self.make_inside(territory)
        detail = api(insider).get(self.detail_url(inside))
        assert detail.status_code == 200
        assert_conforms(detail, "GET")
        assert api(readonly).get(self.detail_url(inside)).status_code == 200
        response = api(outsider).get(self.detail_url(inside))
        assert response.status_code == 404
        assert is_persian(response.json()["message"])

    def test_it_creates_inside_the_scope(self, api, territory, insider):
        if not self.creatable:
            pytest.skip("not creatable")
        response = api(insider).post(self.url, self.create_payload(territory), format="json")
        assert response.status_code == 201, response.content
        assert "id" in response.json()
        assert_conforms(response, "POST")

    def test_read_only_user_cannot_create(self, api, territory, readonly):
        if not self.creatable:
            pytest.skip("not creatable")
        response = api(readonly).post(self.url, self.create_payload(territory), format="json")
        assert response.status_code == 403, response.content
        assert is_persian(response.json()["message"])

    def test_it_refuses_to_create_outside_the_scope(self, api, territory, insider):
        if not self.creatable:
            pytest.skip("not creatable")
        model = self.make_inside(territory).__class__
        before = model._default_manager.count()
        response = api(insider).post(self.url, self.create_outside_payload(territory), format="json")
        assert response.status_code in (400, 403, 404), response.content
        assert model._default_manager.count() == before

    def test_it_explains_bad_input_in_persian(self, api, territory, insider):
        if not self.creatable:
            pytest.skip("not creatable")
        payload, field = self.invalid_payload(territory)
        response = api(insider).post(self.url, payload, format="json")
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "invalid"
        assert field in body["errors"], body
        assert is_persian(body["message"]) and is_persian(body["errors"][field])

    def test_it_updates_inside_the_scope(self, api, territory, insider, readonly, outsider):
        if not self.updatable:
            pytest.skip("not updatable")
        inside = self.make_inside(territory)
        payload = self.update_payload(territory, inside)
        assert api(outsider).patch(self.detail_url(inside), payload, format="json").status_code == 404
        assert api(readonly).patch(self.detail_url(inside), payload, format="json").status_code == 403
        response = api(insider).patch(self.detail_url(inside), payload, format="json")
        assert response.status_code == 200, response.content
        assert_conforms(response, "PATCH")

    def test_nothing_is_hard_deleted(self, api, territory, insider):
        inside = self.make_inside(territory)
        response = api(insider).delete(self.detail_url(inside))
        assert response.status_code in (403, 405)
        assert inside.__class__._default_manager.filter(pk=inside.pk).exists()

    def test_list_query_count_does_not_grow_with_rows(self, api, territory, insider):
        self.make_inside(territory)
        client = api(insider)
        client.get(self.url)  # warm per-user caches
        with CaptureQueriesContext(connection) as small:
            assert client.get(self.url, {"page_size": 1000}).status_code == 200
        for _ in range(5):
            self.make_inside(territory)
        with CaptureQueriesContext(connection) as large:
            assert client.get(self.url, {"page_size": 1000}).status_code == 200
        assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
        assert len(large) <= self.list_query_budget
