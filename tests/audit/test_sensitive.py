"""Sensitive attributes: shown only to the registered roles at the object's unit, every view
written to the read-audit log (one row per object per request), no hint for anyone else."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kanoon.audit import sensitive
from kanoon.audit.models import ReadAudit
from kanoon.audit.services import reveal, reveal_many
from kanoon.core.history import history_entries
from kanoon.organizations import services as org_services
from kanoon.organizations.models import Organization
from tests.conftest import make_user

pytestmark = pytest.mark.urls("tests.audit.urls")


def _inserts(ctx) -> int:
    return sum(1 for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "audit_readaudit"'))


def test_a_page_view_writes_exactly_one_row(web, territory, insider, org, contacts_sensitive):
    html = web(insider).get(f"/test-audit/organizations/{org.pk}/").content.decode()
    assert "<dt>رایانامه</dt><dd>mehr@example.ir</dd>" in html and "09121234567" in html
    row = ReadAudit.objects.get()  # e-mail shown twice and mobile once: still one row
    assert row.user == insider and row.object_id == str(org.pk)
    assert row.content_type.model_class() is Organization
    assert row.fields == ["email", "mobile"]
    assert row.source == "test-audit-organization" and row.path == f"/test-audit/organizations/{org.pk}/"
    assert row.ip == "127.0.0.1"
    web(insider).get(f"/test-audit/organizations/{org.pk}/")
    assert ReadAudit.objects.count() == 2  # a second request is a second view


def test_no_role_no_value_no_label_no_hint(web, territory, readonly, org, contacts_sensitive):
    empty = Organization.objects.create(unit=territory.tehran_county, name=org.name, kind="ngo")
    pages = []
    for target in (org, empty):
        html = web(readonly).get(f"/test-audit/organizations/{target.pk}/").content.decode()
        assert "رایانامه" not in html and "تلفن همراه" not in html
        assert "mehr@example.ir" not in html and "0912" not in html
        pages.append(html[html.index("<main") : html.index("</main>")])
    assert pages[0] == pages[1]  # a filled and an empty field look the same: nothing to infer
    assert not ReadAudit.objects.exists()


def test_outsiders_and_anonymous_see_nothing_and_write_nothing(
    web, territory, outsider, org, contacts_sensitive
):
    assert web(outsider).get(f"/test-audit/organizations/{org.pk}/").status_code == 404
    assert web(None).get(f"/test-audit/organizations/{org.pk}/").status_code == 302
    assert not ReadAudit.objects.exists()


def test_users_without_any_role(web, territory, org, contacts_sensitive):
    nobody = make_user("nobody")
    assert web(nobody).get(f"/test-audit/organizations/{org.pk}/").status_code == 404
    assert sensitive.can_see(nobody, org, "email") is False
    assert reveal(nobody, org, ["email", "name"]) == {"name": org.name}
    assert not ReadAudit.objects.exists()


def test_unregistered_fields_pass_through_unaudited(web, territory, readonly, org):
    html = web(readonly).get(f"/test-audit/organizations/{org.pk}/").content.decode()
    assert "<dt>رایانامه</dt><dd>mehr@example.ir</dd>" in html
    assert not ReadAudit.objects.exists()


def test_a_page_listing_many_objects_writes_one_row_per_object(
    web, territory, insider, org, contacts_sensitive
):
    for i in range(4):
        Organization.objects.create(unit=territory.tehran_county, name=f"سازمان {i}", kind="ngo")
    Organization.objects.create(unit=territory.jolfa, name="اصفهانی", kind="ngo", email="x@y.ir")
    web(insider).get("/test-audit/organizations/")
    assert ReadAudit.objects.count() == 5  # the Isfahan one is not listed for the insider
    assert all(r.fields == ["email"] for r in ReadAudit.objects.all())


def test_api_detail_includes_and_audits_for_the_role_only(
    api, territory, insider, readonly, outsider, org, contacts_sensitive
):
    url = f"/api/v1/test-audit/organizations/{org.pk}/"
    body = api(insider).get(url).json()
    assert body["email"] == "mehr@example.ir" and body["mobile"] == "09121234567"
    row = ReadAudit.objects.get()
    assert row.fields == ["email", "mobile"] and row.source == "GET sensitive-organization-detail"
    body = api(readonly).get(url).json()
    assert "email" not in body and "mobile" not in body and body["name"] == org.name
    assert api(outsider).get(url).status_code == 404
    assert ReadAudit.objects.count() == 1


def test_api_list_writes_one_row_per_object_in_one_insert(
    api, territory, insider, readonly, org, contacts_sensitive
):
    for i in range(6):
        Organization.objects.create(
            unit=territory.tehran_county, name=f"سازمان {i}", kind="ngo", email=f"o{i}@x.ir"
        )
    with CaptureQueriesContext(connection) as ctx:
        body = api(insider).get("/api/v1/test-audit/organizations/", {"page_size": 100}).json()
    assert len(body["results"]) == 7 and all("email" in r for r in body["results"])
    assert ReadAudit.objects.count() == 7 and _inserts(ctx) == 1
    assert {r.fields[0] for r in ReadAudit.objects.all()} == {"email"}
    body = api(readonly).get("/api/v1/test-audit/organizations/", {"page_size": 100}).json()
    assert len(body["results"]) == 7 and not any("email" in r or "mobile" in r for r in body["results"])
    assert ReadAudit.objects.count() == 7


def test_reveal_many_and_the_role_rule(territory, insider, readonly, national, org, contacts_sensitive):
    other = Organization.objects.create(unit=territory.jolfa, name="جلفا", kind="ngo", email="j@x.ir")
    values = reveal_many(insider, [org, other], ["email", "name"], source="script")
    assert values == [{"email": "mehr@example.ir", "name": "سمن مهر"}, {"name": "جلفا"}]
    assert list(ReadAudit.objects.values_list("object_id", "source")) == [(str(org.pk), "script")]
    assert sensitive.can_see(national, other, "email") and not sensitive.can_see(readonly, org, "email")
    insider.is_active = False
    assert not sensitive.can_see(insider, org, "email")


def test_sensitive_fields_never_show_in_history(territory, insider, org, contacts_sensitive):
    org_services.organization_update(actor=insider, organization=org, email="new@example.ir", phone="021")
    changes = history_entries(org)[0].changes
    assert [c.field for c in changes] == ["phone"]
    assert "new@example.ir" not in str(history_entries(org))


def test_register_refuses_typos_and_unknown_roles(contacts_sensitive):
    with pytest.raises(FieldDoesNotExist):
        sensitive.register(Organization, fields={"emial": {"observer"}})
    with pytest.raises(ValueError):
        sensitive.register(Organization, fields={"email": {"king"}})
