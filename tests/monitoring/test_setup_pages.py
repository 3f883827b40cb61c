"""Web pages for data sets, targets and implementers: scope (insider, read-only, outsider,
national admin), happy paths, Persian errors and nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kanoon.monitoring.models import DataSet, DataSetElement, Target
from kanoon.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _data_set(md, **extra):
    data = {
        "code": "ANNUAL",
        "name": "گزارش آموزش",
        "description": "",
        "unit_kinds": ["county"],
        "due_days": "20",
        "elements": [md.trainings.pk, md.people.pk],
        "required": [md.trainings.pk],
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_only_national_admins_define_data_sets_on_the_web(web, md, insider, readonly, outsider):
    for user in (insider, readonly, outsider):
        client = web(user)
        assert client.get("/monitoring/data-sets/").status_code == 200
        assert client.get("/monitoring/data-sets/new/").status_code == 403
        assert client.post("/monitoring/data-sets/new/", _data_set(md)).status_code == 403
        assert client.get(f"/monitoring/data-sets/{md.data_set.pk}/").status_code == 403
    assert not DataSet.objects.filter(code="ANNUAL").exists()


def test_a_national_admin_creates_and_edits_a_data_set(web, md, national):
    client = web(national)
    assert "فرم تازه" in client.get("/monitoring/data-sets/").content.decode()
    response = client.post("/monitoring/data-sets/new/", _data_set(md))
    assert response.status_code == 302
    ds = DataSet.objects.get(code="ANNUAL")
    assert ds.unit_kinds == ["county"] and ds.due_days == 20
    members = list(ds.members.order_by("position"))  # new elements in code order
    assert [(m.element, m.required) for m in members] == [(md.people, False), (md.trainings, True)]
    assert ds.history.count() == 1 and ds.history.first().history_user == national

    edit = f"/monitoring/data-sets/{ds.pk}/"
    assert "گزارش آموزش" in client.get(edit).content.decode()
    response = client.post(
        edit,
        _data_set(
            md,
            elements=[md.people.pk, md.solved.pk],
            required=[md.people.pk, md.solved.pk],
            unit_kinds=["county", "neighborhood"],
            due_days="10",
            is_active="",
        ),
    )
    assert response.status_code == 302
    ds.refresh_from_db()
    assert not ds.is_active and ds.due_days == 10 and ds.unit_kinds == ["county", "neighborhood"]
    assert {(m.element_id, m.required) for m in ds.members.all()} == {
        (md.people.pk, True),
        (md.solved.pk, True),
    }
    assert ds.history.count() == 2
    assert "گزارش آموزش" in client.get("/monitoring/data-sets/").content.decode()


def test_bad_data_set_input_shows_persian_errors_and_saves_nothing(web, md, national):
    client = web(national)
    html = client.post(
        "/monitoring/data-sets/new/", _data_set(md, code="1bad", unit_kinds=[], elements=[])
    ).content.decode()
    assert "سطح گزارش‌دهی را انتخاب کنید." in html
    assert "دست‌کم یک عنصر داده برای فرم انتخاب کنید." in html
    # the service's rules (code format; a required element must be on the form) come back too
    html = client.post(
        "/monitoring/data-sets/new/",
        _data_set(md, code="1bad", elements=[md.trainings.pk], required=[md.people.pk]),
    ).content.decode()
    assert "عنصر الزامی باید از عناصر همین فرم باشد." in html
    html = client.post("/monitoring/data-sets/new/", _data_set(md, code="1bad")).content.decode()
    assert "کد باید با حرف لاتین شروع شود" in html
    # a duplicate code on edit leaves the data set and its members as they were
    before = list(DataSetElement.objects.filter(data_set=md.data_set).values_list("element_id", "required"))
    other = DataSet.objects.create(code="OTHER", name="دیگر", unit_kinds=["county"])
    response = client.post(
        f"/monitoring/data-sets/{md.data_set.pk}/", _data_set(md, code="OTHER", elements=[md.solved.pk])
    )
    assert response.status_code == 200
    md.data_set.refresh_from_db()
    assert md.data_set.code == "Q" and other.code == "OTHER"
    after = list(DataSetElement.objects.filter(data_set=md.data_set).values_list("element_id", "required"))
    assert after == before
    assert DataSet.objects.count() == 2


def _target(md, unit, **extra):
    data = {"indicator": md.ind_trainings.pk, "unit": unit.pk, "period": "۱۴۰۳Q2", "value": "۱۲"}
    data.update(extra)
    return data


def test_targets_are_scoped_insider_readonly_outsider(web, md, territory, insider, readonly, outsider):
    target = Target.objects.create(
        indicator=md.ind_trainings, unit=territory.rey_county, period="1403Q2", value=10
    )
    # read-only sees the target but may neither add nor edit
    client = web(readonly)
    assert "ری" in client.get("/monitoring/targets/").content.decode()
    assert client.get("/monitoring/targets/new/").status_code == 403
    assert client.get(f"/monitoring/targets/{target.pk}/").status_code == 403
    assert (
        client.post(f"/monitoring/targets/{target.pk}/", _target(md, territory.rey_county)).status_code == 403
    )
    # an outsider does not see it at all, and cannot place a target in Tehran
    client = web(outsider)
    assert client.get("/monitoring/targets/").context["page"].object_list.count() == 0
    assert client.get(f"/monitoring/targets/{target.pk}/").status_code == 404
    response = client.post("/monitoring/targets/new/", _target(md, territory.tehran_county))
    assert response.status_code == 200
    assert "واحد را از جستجو و از محدودهٔ خودتان انتخاب کنید." in response.content.decode()
    assert Target.objects.count() == 1
    target.refresh_from_db()
    assert target.value == 10


def test_an_insider_sets_and_edits_a_target_with_history(web, md, territory, insider):
    client = web(insider)
    assert client.get("/monitoring/targets/new/").status_code == 200
    response = client.post("/monitoring/targets/new/", _target(md, territory.rey_county))
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.unit, target.period, target.value) == (territory.rey_county, "1403Q2", Decimal(12))
    page = client.get(f"/monitoring/targets/{target.pk}/").content.decode()
    assert "شهرستان ری" in page  # the unit picker shows the chosen unit
    response = client.post(
        f"/monitoring/targets/{target.pk}/", _target(md, territory.rey_county, period="1403", value="40.5")
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.period, target.value) == ("1403", Decimal("40.5"))
    assert target.history.count() == 2 and target.history.first().history_user == insider
    assert list(client.get("/monitoring/targets/?period=۱۴۰۳").context["page"]) == [target]
    assert not list(client.get("/monitoring/targets/?period=1403Q2").context["page"])


def test_a_duplicate_or_bad_target_gets_a_persian_error_and_nothing_is_saved(web, md, territory, insider):
    Target.objects.create(indicator=md.ind_trainings, unit=territory.rey_county, period="1403Q2", value=10)
    client = web(insider)
    html = client.post(
        "/monitoring/targets/new/", _target(md, territory.rey_county, value="99")
    ).content.decode()
    assert "از قبل هدف تعیین شده است" in html
    html = client.post(
        "/monitoring/targets/new/", _target(md, territory.tehran_county, period="1403Q7", value="x")
    ).content.decode()
    assert "دوره را به شکل 1403Q2 (فصل) یا 1403 (سال) وارد کنید." in html
    html = client.post(
        "/monitoring/targets/new/", _target(md, territory.tehran_county, value="ده")
    ).content.decode()
    assert "یک عدد وارد کنید." in html
    html = client.post(
        "/monitoring/targets/new/", {**_target(md, territory.tehran_county), "unit": ""}
    ).content.decode()
    assert "واحد را از جستجو انتخاب کنید." in html
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal(10)]


def _implementer(unit, **extra):
    data = {
        "name": "معاونت اجتماعی دانشگاه علوم پزشکی تهران",
        "kind": "university",
        "unit": unit.pk,
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_implementers_are_scoped_and_deactivated_not_deleted(web, md, territory, insider, readonly, outsider):
    client = web(insider)
    assert client.post("/monitoring/implementers/new/", _implementer(territory.tehran)).status_code == 302
    implementer = Organization.objects.get()  # an implementer is an organization of the registry
    assert (
        implementer.unit == territory.tehran
        and implementer.is_implementer
        and implementer.kind == "university"
    )
    # the same name in the same area is refused in Persian, nothing added
    html = client.post("/monitoring/implementers/new/", _implementer(territory.tehran)).content.decode()
    assert "از قبل ثبت شده است" in html and Organization.objects.count() == 1
    # read-only: sees, cannot change
    assert "معاونت اجتماعی" in web(readonly).get("/monitoring/implementers/").content.decode()
    assert web(readonly).get("/monitoring/implementers/new/").status_code == 403
    assert (
        web(readonly)
        .post(f"/monitoring/implementers/{implementer.pk}/", _implementer(territory.tehran, is_active=""))
        .status_code
        == 403
    )
    # outsider: does not see it
    assert web(outsider).get(f"/monitoring/implementers/{implementer.pk}/").status_code == 404
    assert list(web(outsider).get("/monitoring/implementers/").context["implementers"]) == []
    # deactivate: the row stays, hidden from the default list
    client = web(insider)
    response = client.post(
        f"/monitoring/implementers/{implementer.pk}/", _implementer(territory.tehran, is_active="")
    )
    assert response.status_code == 302
    implementer.refresh_from_db()
    assert not implementer.is_active
    assert list(client.get("/monitoring/implementers/").context["implementers"]) == []
    assert list(client.get("/monitoring/implementers/?inactive=1").context["implementers"]) == [implementer]


def test_it_flags_an_organization_of_the_registry_as_an_implementer(web, md, territory, insider, outsider):
    org = Organization.objects.create(
        unit=territory.tehran, name="معاونت اجتماعی دانشگاه علوم پزشکی تهران", kind="university"
    )
    html = web(insider).get("/monitoring/implementers/").content.decode()
    assert org.name not in html  # not an implementer yet
    # not an implementer: its edit page as an implementer is not there
    assert web(insider).get(f"/monitoring/implementers/{org.pk}/").status_code == 404
    response = web(insider).post("/monitoring/implementers/new/", _implementer(territory.tehran))
    assert response.status_code == 302
    assert Organization.objects.count() == 1  # the same organization, flagged, no copy
    org.refresh_from_db()
    assert org.is_implementer
    last = org.history.first()
    assert last.is_implementer and last.history_user == insider and last.history_type == "~"
    html = web(insider).get("/monitoring/implementers/").content.decode()
    assert f'href="/organizations/{org.pk}/"' in html
    # an outsider neither sees it nor may register an implementer in Tehran
    assert web(outsider).get(f"/monitoring/implementers/{org.pk}/").status_code == 404
    response = web(outsider).post("/monitoring/implementers/new/", _implementer(territory.tehran))
    assert response.status_code == 200 and "از محدودهٔ خودتان انتخاب کنید" in response.content.decode()
    assert Organization.objects.count() == 1


def test_it_edits_an_implementer_through_the_registry(web, md, territory, insider, readonly):
    client = web(insider)
    client.post("/monitoring/implementers/new/", _implementer(territory.tehran))
    org = Organization.objects.get()
    edited = _implementer(territory.tehran_county, name="ادارهٔ بهزیستی شهرستان تهران", kind="welfare")
    assert client.post(f"/monitoring/implementers/{org.pk}/", edited).status_code == 302
    org.refresh_from_db()
    assert (org.name, org.kind, org.unit, org.is_implementer) == (
        "ادارهٔ بهزیستی شهرستان تهران",
        "welfare",
        territory.tehran_county,
        True,
    )
    assert [h.history_type for h in org.history.all()] == ["~", "+"]
    # a kind outside the implementers' kinds is refused in Persian
    html = client.post(f"/monitoring/implementers/{org.pk}/", {**edited, "kind": "hospital"}).content.decode()
    assert "یک گزینهٔ معتبر انتخاب کنید" in html
    org.refresh_from_db()
    assert org.kind == "welfare"
    assert web(readonly).get(f"/monitoring/implementers/{org.pk}/").status_code == 403


def test_setup_pages_are_linked_from_the_dashboard_and_definitions(web, md, territory, national):
    client = web(national)
    html = client.get(f"/monitoring/units/{territory.country.pk}/").content.decode()
    for url in ("/monitoring/definitions/", "/monitoring/targets/", "/monitoring/implementers/"):
        assert f'href="{url}"' in html
    html = client.get("/monitoring/definitions/").content.decode()
    assert 'href="/monitoring/data-sets/"' in html and 'href="/monitoring/data-sets/new/"' in html
