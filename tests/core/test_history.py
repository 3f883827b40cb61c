"""Readable history (kanoon.core.history): entries in words, the shared partial, the API pattern."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kanoon.core import history
from kanoon.core.history import SYSTEM, history_entries
from kanoon.geo.models import Kind, Unit
from kanoon.organizations import services as org_services
from kanoon.organizations.models import Organization
from tests.openapi import assert_conforms


def _org(territory, actor, **extra) -> Organization:
    return org_services.organization_create(
        actor=actor,
        name=extra.pop("name", "سمن مهر"),
        kind=extra.pop("kind", "ngo"),
        unit=territory.rey_county,
        **extra,
    )


def test_it_lists_created_changed_and_deactivated_in_words(territory, insider, national):
    org = _org(territory, insider)
    org_services.organization_update(
        actor=national, organization=org, kind="charity", unit=territory.tehran_county, phone="021555"
    )
    org_services.organization_set_active(actor=insider, organization=org, active=False)
    entries = history_entries(org)
    assert [e.type for e in entries] == ["deactivated", "changed", "created"]
    deactivated, changed, created = entries
    assert created.user == "insider" and created.changes == []
    assert changed.user == "national"
    words = {c.field: (c.label, c.old, c.new) for c in changed.changes}
    assert words == {
        "kind": ("نوع", "سازمان مردم‌نهاد (سمن)", "مؤسسهٔ خیریه"),
        "unit": ("محدودهٔ کار", "ری", "تهران"),
        "phone": ("تلفن", "—", "021555"),
    }
    assert [(c.label, c.old, c.new) for c in deactivated.changes] == [("فعال", "بله", "خیر")]
    assert deactivated.type_label == "غیرفعال‌سازی"


def test_it_skips_saves_that_change_no_shown_field_and_names_the_system(territory, insider):
    org = _org(territory, insider)
    org.save()  # no actor, nothing changed
    org.name_key = "x"  # a field history never shows
    org.save()
    assert org.history.count() == 3
    entries = history_entries(org)
    assert [e.type for e in entries] == ["created"]
    org = Organization.objects.get(pk=org.pk)  # saved by no one (a script, a task)
    org.address = "خیابان یک"
    org.save()
    newest = history_entries(org)[0]
    assert newest.user == SYSTEM and [(c.old, c.new) for c in newest.changes] == [("—", "خیابان یک")]


def test_a_login_adds_no_history_entry_and_passwords_never_show(territory, insider, web):
    before = len(history_entries(insider))
    records = insider.history.count()
    update_last_login(None, insider)  # what a login does
    assert insider.history.count() == records  # a save of last_login only writes no record at all
    insider.set_password("another-long-pass-1")
    insider.save()
    insider.first_name = "مریم"
    insider.save()
    assert insider.history.count() == records + 2
    entries = history_entries(insider)
    assert len(entries) == before + 1
    assert [c.field for c in entries[0].changes] == ["first_name"]
    assert all(c.field not in {"password", "last_login"} for e in entries for c in e.changes)


def test_dates_are_jalali_with_persian_digits_and_hidden_fields_never_show(territory, insider):
    org = _org(territory, insider)
    field = Organization._meta.get_field("is_active")
    assert history.words(field, True) == "بله" and history.words(field, None) == "—"
    created_at = Organization._meta.get_field("created_at")
    assert history.words(created_at, dt.datetime(2025, 3, 20, 10, 5, tzinfo=dt.UTC)) == "۱۴۰۳/۱۲/۳۰ ۱۳:۳۵"
    assert history.words(created_at, dt.date(2025, 3, 20)) == "۱۴۰۳/۱۲/۳۰"
    org_services.organization_update(actor=insider, organization=org, email="a@b.ir", phone="1")
    history.hide_fields(Organization, ["email"])
    try:
        assert [c.field for c in history_entries(org)[0].changes] == ["phone"]
    finally:
        history.unhide_fields(Organization, ["email"])
    assert {c.field for c in history_entries(org)[0].changes} == {"phone", "email"}


def test_related_names_are_looked_up_in_bulk(territory, insider, django_assert_max_num_queries):
    org = _org(territory, insider)
    units = [
        territory.tehran_county,
        territory.zone6,
        territory.village,
        territory.yousefabad,
        territory.rey_county,
    ]
    for unit in units * 3:
        org_services.organization_update(actor=insider, organization=org, unit=unit)
    with CaptureQueriesContext(connection) as ctx:
        entries = history_entries(org, limit=100)
    assert len(entries) == 16
    assert len(ctx.captured_queries) == 2  # the history rows (with users), then the units named
    assert entries[0].changes[0].new == "ری" and entries[0].changes[0].old == "یوسف‌آباد"


def test_limit_and_more(territory, insider, rf):
    org = _org(territory, insider)
    for i in range(7):
        org_services.organization_update(actor=insider, organization=org, phone=f"0215{i}")
    entries = history_entries(org, limit=3)
    assert len(entries) == 3 and entries.total == 8 and entries.more and entries.next_limit == 6
    request = rf.get("/", {"history": "6"})
    assert len(history_entries(org, limit=3, request=request)) == 6
    request = rf.get("/", {"history": "9999999"})
    everything = history_entries(org, limit=3, request=request)
    assert len(everything) == 8 and not everything.more
    assert len(history_entries(org, limit=3, request=rf.get("/", {"history": "abc"}))) == 3


def test_the_partial_on_the_organization_page(web, territory, insider, readonly, outsider):
    org = _org(territory, insider)
    for i in range(35):
        org_services.organization_update(actor=insider, organization=org, phone=f"021{i:03d}")
    html = web(readonly).get(f"/organizations/{org.pk}/").content.decode()
    assert 'id="history"' in html and "<summary>" in html and 'aria-labelledby="history-title"' in html
    assert "(۳۶ مورد)" in html and "نمایش موارد قدیمی‌تر" in html and "?history=60#history" in html
    assert html.count("<ins") == 30
    html = web(readonly).get(f"/organizations/{org.pk}/", {"history": "60"}).content.decode()
    assert '<details id="history" open>' in html and html.count("<ins") == 35
    assert "نمایش موارد قدیمی‌تر" not in html
    assert web(outsider).get(f"/organizations/{org.pk}/").status_code == 404


def test_the_partial_on_unit_and_user_pages(web, territory, insider, national):
    zone = Unit(kind=Kind.ZONE, name="منطقه ۷", parent=territory.tehran_city)
    zone._history_user = insider
    zone.save()
    web(insider).post(f"/units/{zone.pk}/edit/", {"name": "منطقهٔ هفت"})
    html = web(insider).get(f"/units/{zone.pk}/").content.decode()
    assert "تاریخچهٔ تغییرات" in html and "منطقهٔ هفت</ins>" in html and ">ثبت</strong>" in html
    insider.first_name = "مریم"
    insider.save()
    html = web(national).get(f"/accounts/users/{insider.pk}/").content.decode()
    assert 'id="history"' in html and "مریم</ins>" in html


def test_the_history_endpoint_is_scoped_paginated_and_documented(api, territory, insider, readonly, outsider):
    org = _org(territory, insider)
    for i in range(4):
        org_services.organization_update(actor=insider, organization=org, phone=f"0215{i}")
    url = f"/api/v1/organizations/{org.pk}/history/"
    response = api(readonly).get(url, {"page_size": 2})
    assert response.status_code == 200
    assert_conforms(response, "GET")
    body = response.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]
    first = body["results"][0]
    assert set(first) >= {"id", "at", "user", "type", "changes"}
    assert first["user"] == "insider" and first["type"] == "changed"
    assert first["changes"] == [{"field": "phone", "label": "تلفن", "old": "02152", "new": "02153"}]
    last = api(readonly).get(url, {"page_size": 2, "page": 3}).json()
    assert [e["type"] for e in last["results"]] == ["created"]
    assert api(outsider).get(url).status_code == 404
    assert api().get(url).status_code == 401
    missing = api(insider).get("/api/v1/organizations/999999/history/")
    assert missing.status_code == 404


def test_units_have_the_history_endpoint(api, territory, insider, outsider):
    zone = Unit(kind=Kind.ZONE, name="منطقه ۸", parent=territory.tehran_city)
    zone.save()
    response = api(insider).patch(f"/api/v1/units/{zone.pk}/", {"name": "منطقهٔ هشت"}, format="json")
    assert response.status_code == 200
    response = api(insider).get(f"/api/v1/units/{zone.pk}/history/")
    assert response.status_code == 200
    assert_conforms(response, "GET")
    changes = response.json()["results"][0]["changes"]
    assert changes == [{"field": "name", "label": "نام", "old": "منطقه ۸", "new": "منطقهٔ هشت"}]
    assert api(outsider).get(f"/api/v1/units/{zone.pk}/history/").status_code == 404
