"""History on every important record's page (issue 10, point 6): who, when (Jalali, Persian
digits) and what changed, in Persian words, for insiders and for the read-only user when they
may see the record; the history of records without a page of their own (memberships, seats,
agenda items, resolutions, deliveries, role assignments, reported values) on their parent's
page; related names only within the viewer's scope; no empty rows after a login."""

from __future__ import annotations

import re

from kanoon.assemblies import services as assembly_services
from kanoon.centers import services as center_services
from kanoon.core.history import OUT_OF_SCOPE, history_entries
from kanoon.geo.models import Kind, Unit
from kanoon.meetings import services as meeting_services
from kanoon.monitoring import services as monitoring_services
from kanoon.organizations import services as org_services
from kanoon.people import services as people_services
from tests.assemblies.conftest import chain, people  # noqa: F401 (fixtures)
from tests.centers.conftest import make_center, make_member, make_person
from tests.meetings.conftest import future, members, working_group
from tests.monitoring.conftest import QUARTER, md  # noqa: F401 (fixture)

ENGLISH = re.compile(r"\b(Changed|Created|Deleted|history_type|None)\b")


def _history(html: str) -> str:
    """The history panel of a page (fails if the page has none)."""
    match = re.search(r'<section class="card mt-3 kanoon-history".*?</section>', html, re.S)
    assert match, "no history panel on the page"
    return match.group(0)


def _records(territory, chain, people, md, insider, national):  # noqa: F811
    """One record of each kind, each changed once by a named user; (url, words its history
    must show, may the read-only user open the page)."""
    rows = []
    center = make_center(territory.yousefabad, "کانون قدیم")
    center_services.center_update(actor=insider, center=center, name="کانون نو")
    member = make_member(center)
    rows.append((f"/centers/{center.pk}/", ["کانون نو</ins>", f"عضویت: {member.full_name}"], True))

    person = make_person(territory.yousefabad, first_name="زهرا")
    people_services.person_update(actor=insider, person=person, first_name="زینب")
    rows.append((f"/people/{person.pk}/", ["زینب</ins>"], False))

    org = org_services.organization_create(
        actor=insider, name="سمن مهر", kind="ngo", unit=territory.rey_county
    )
    org_services.organization_update(actor=insider, organization=org, name="سمن مهرورزان")
    rows.append((f"/organizations/{org.pk}/", ["سمن مهرورزان</ins>"], True))

    body = working_group(territory.tehran)
    holders = members(body, ["chair", "member"])
    rows.append((f"/meetings/bodies/{body.pk}/", ["کرسی: ", f"دورهٔ عضویت: {holders[0].full_name}"], True))

    meeting = meeting_services.meeting_schedule(
        actor=insider, body=body, title="نشست نخست", starts_at=future(), place="استانداری", agenda=["آب"]
    )
    meeting_services.meeting_update(actor=insider, meeting=meeting, title="نشست فصلی", agenda=["آب سالم"])
    rows.append(
        (f"/meetings/{meeting.pk}/", ["نشست فصلی</ins>", "دستور جلسه: آب سالم", "آب سالم</ins>"], True)
    )

    rows.append((f"/assemblies/{chain.yousefabad.pk}/", ['id="history"'], True))
    problem = assembly_services.problem_register(
        actor=people.secretary, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    assembly_services.problem_update(actor=people.secretary, problem=problem, title="آب آشامیدنی ناسالم")
    rows.append((f"/assemblies/problems/{problem.pk}/", ["آب آشامیدنی ناسالم</ins>"], True))
    policy = assembly_services.policy_issue(actor=None, issuer=chain.tehran, title="غربالگری", body="متن")
    delivery = policy.deliveries.get(assembly=chain.yousefabad)
    assembly_services.policy_acknowledge(actor=people.secretary, delivery=delivery, adaptation="با زبان محلی")
    rows.append((f"/assemblies/policies/{policy.pk}/", [f"ابلاغ سیاست: {chain.yousefabad.name}"], True))

    zone = Unit(kind=Kind.ZONE, name="منطقه ۷", parent=territory.tehran_city)
    zone._history_user = insider
    zone.save()
    zone.name = "منطقهٔ هفت"
    zone.save()
    rows.append((f"/units/{zone.pk}/", ["منطقهٔ هفت</ins>"], True))

    insider.first_name = "مریم"
    insider.save()
    rows.append((f"/accounts/users/{insider.pk}/", ["مریم</ins>", "نقش کاربر: "], False))

    report = monitoring_services.report_get_or_create(
        data_set=md.data_set, unit=territory.rey_county, period=QUARTER, user=insider
    )
    monitoring_services.report_save_values(report=report, values={md.trainings.pk: "5"}, user=insider)
    monitoring_services.report_save_values(report=report, values={md.trainings.pk: "7"}, user=insider)
    entry = f"/monitoring/entry/{md.data_set.pk}/{territory.rey_county.pk}/{QUARTER}/"
    rows.append((entry, ["مقدار داده: ", "۷</ins>"], True))

    md.trainings._history_user = national
    md.trainings.name = "نشست‌های آموزشی"
    md.trainings.save()
    rows.append((f"/monitoring/definitions/element/{md.trainings.pk}/", ["نشست‌های آموزشی</ins>"], False))
    md.ind_trainings.name = "نشست‌های آموزشی برگزارشده"
    md.ind_trainings.save()
    url = f"/monitoring/definitions/indicator/{md.ind_trainings.pk}/"
    rows.append((url, ["نشست‌های آموزشی برگزارشده</ins>"], False))
    md.data_set.name = "گزارش فصلی کانون‌ها"
    md.data_set.save()
    rows.append((f"/monitoring/data-sets/{md.data_set.pk}/", ["گزارش فصلی کانون‌ها</ins>"], False))
    target = monitoring_services.target_save(
        user=insider, indicator=md.ind_trainings, unit=territory.rey_county, period="1403", value="10"
    )
    monitoring_services.target_save(
        user=insider,
        target=target,
        indicator=md.ind_trainings,
        unit=territory.rey_county,
        period="1403",
        value="12",
    )
    rows.append((f"/monitoring/targets/{target.pk}/", ["۱۲</ins>"], False))
    return rows


def test_every_record_page_shows_its_history_in_persian(
    web,
    territory,
    chain,  # noqa: F811 (fixture)
    people,  # noqa: F811 (fixture)
    md,  # noqa: F811 (fixture)
    insider,
    national,
    readonly,
):
    rows = _records(territory, chain, people, md, insider, national)
    for url, words, readonly_sees in rows:
        national_only = "/monitoring/definitions/" in url or "/data-sets/" in url  # defined nationally
        for user in (national,) if national_only else (insider,):
            response = web(user).get(url)
            assert response.status_code == 200, (url, user)
            panel = _history(response.content.decode())
            for word in words:
                assert word in panel, (url, word)
            assert "<strong>" in panel and "مورد)" in panel
            assert not ENGLISH.search(panel), (url, ENGLISH.search(panel))
            assert not re.search(r"<time[^>]*>[^<]*[0-9]", panel), url  # Persian digits only
            assert re.search(r"<time[^>]*>[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", panel), url  # Jalali
        if readonly_sees:
            response = web(readonly).get(url)
            assert response.status_code == 200, (url, "readonly")
            panel = _history(response.content.decode())
            for word in words:
                assert word in panel, (url, word, "readonly")


def test_who_and_the_field_labels_are_persian(web, territory, insider):
    center = make_center(territory.yousefabad, "کانون قدیم")  # made by no one: the system
    web(insider).post(f"/centers/{center.pk}/edit/", {"name": "کانون نو"})
    org = org_services.organization_create(
        actor=insider, name="سمن مهر", kind="ngo", unit=territory.rey_county
    )
    org_services.organization_update(actor=insider, organization=org, kind="charity")
    panel = _history(web(insider).get(f"/organizations/{org.pk}/").content.decode())
    assert re.search(
        r"<strong>تغییر</strong>.*?insider.*?نوع: <del>.*?سازمان مردم‌نهاد.*?مؤسسهٔ خیریه</ins>", panel, re.S
    )
    panel = _history(web(insider).get(f"/centers/{center.pk}/").content.decode())
    assert "<strong>ثبت</strong>" in panel and "سامانه" in panel


def test_a_login_writes_no_history_and_shows_no_empty_row(client, territory, insider, national, web):
    before = insider.history.count()
    response = client.post("/accounts/login/", {"username": "insider", "password": "pass-insider"})
    assert response.status_code == 302
    insider.refresh_from_db()
    assert insider.last_login is not None
    assert insider.history.count() == before  # last_login is not tracked at all
    panel = _history(web(national).get(f"/accounts/users/{insider.pk}/").content.decode())
    rows = re.findall(
        r'<li class="border-top py-2">(.*?)</li>\s*(?=<li class="border-top|</ol>)', panel, re.S
    )
    assert rows and all("<strong>ثبت</strong>" in r or "<ins" in r for r in rows)


def test_a_related_name_outside_the_viewers_scope_is_not_shown(territory, chain, people):  # noqa: F811
    problem = assembly_services.problem_register(
        actor=people.secretary, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    assembly_services.problem_refer(
        actor=people.secretary, problem=problem, justification="فراتر از توان محله"
    )
    problem.refresh_from_db()
    parent = problem.assembly
    assert parent != chain.yousefabad
    moved = [
        c
        for e in history_entries(problem, viewer=people.secretary)
        for c in e.changes
        if c.field == "assembly"
    ]
    assert moved and moved[0].old == chain.yousefabad.name and moved[0].new == OUT_OF_SCOPE
    seen = [
        c
        for e in history_entries(problem, viewer=people.province)
        for c in e.changes
        if c.field == "assembly"
    ]
    assert seen[0].new == parent.name
    assert OUT_OF_SCOPE not in str(history_entries(problem, viewer=people.province))


def test_a_unit_above_the_viewer_keeps_its_name(territory, insider, readonly, national):
    org = org_services.organization_create(actor=national, name="سمن", kind="ngo", unit=territory.rey_county)
    org_services.organization_update(actor=national, organization=org, unit=territory.tehran)
    change = history_entries(org, viewer=readonly)[0].changes[0]
    assert (change.old, change.new) == ("ری", "تهران")  # the viewer's own province, by name


def test_the_api_history_names_the_subject_field(api, territory, insider):
    org = org_services.organization_create(
        actor=insider, name="سمن مهر", kind="ngo", unit=territory.rey_county
    )
    org_services.organization_update(actor=insider, organization=org, phone="021555")
    entry = api(insider).get(f"/api/v1/organizations/{org.pk}/history/").json()["results"][0]
    assert entry["subject"] == "" and entry["type_label"] == "تغییر"
