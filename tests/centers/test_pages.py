import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kanoon.centers import importer, services
from kanoon.centers.models import (
    CenterAction,
    EstablishmentAction,
    Membership,
    OfficeHolder,
    Person,
    ThematicGroup,
)
from kanoon.core import scope
from kanoon.files.selectors import attachments_of
from tests.conftest import make_user

from .conftest import make_center, make_member, make_person, national_code


def page_urls(center, person, group, mi):
    return [
        "/centers/",
        f"/centers/{center.pk}/",
        f"/centers/{center.pk}/establishment/",
        f"/centers/{center.pk}/members/",
        f"/centers/{center.pk}/elections/",
        f"/centers/{center.pk}/groups.xlsx",
        f"/people/{person.pk}/",
        f"/centers/imports/{mi.pk}/",
        f"/centers/dashboard/{center.unit.pk}/",
    ]


@pytest.fixture
def world(territory, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    person = make_member(center)
    group = services.group_create(
        actor=None, center=center, name="گروه تغذیه", topic="nutrition", head=person
    )
    mi = importer.run_import(
        __import__("kanoon.centers.models", fromlist=["MemberImport"]).MemberImport.objects.create(
            center=center,
            file=SimpleUploadedFile("a.xlsx", importer.template_workbook()),
            original_name="a.xlsx",
        )
    )
    return center, person, group, mi


def test_every_page_answers_insider_readonly_and_hides_from_outsider(web, world, insider, readonly, outsider):
    for url in page_urls(*world):
        assert web(insider).get(url).status_code == 200, url
        assert web(readonly).get(url).status_code == 200, url
        if url != "/centers/":
            assert web(outsider).get(url).status_code == 404, url
    assert world[0].name not in web(outsider).get("/centers/").content.decode()
    assert world[0].name in web(insider).get("/centers/").content.decode()
    assert world[1].full_name in web(insider).get(f"/centers/{world[0].pk}/members/").content.decode()
    assert world[1].full_name in web(insider).get("/people/").content.decode()
    assert web(None).get("/centers/").status_code == 302


def test_readonly_cannot_open_write_pages(web, world, readonly, outsider):
    center, person, group, _ = world
    for url in (
        f"/centers/{center.pk}/edit/",
        f"/centers/{center.pk}/members/add/",
        f"/centers/{center.pk}/members/import/",
        f"/centers/{center.pk}/groups/new/",
        f"/centers/{center.pk}/elections/new/",
        f"/centers/groups/{group.pk}/edit/",
        f"/people/{person.pk}/edit/",
    ):
        assert web(readonly).get(url).status_code == 403, url
        assert web(outsider).get(url).status_code == 404, url
    assert web(readonly).get("/centers/new/").status_code == 403
    response = web(readonly).post(f"/centers/{center.pk}/status/", {"status": "establishing"})
    assert response.status_code == 403


def test_it_creates_a_center_from_the_form(web, territory, insider):
    client = web(insider)
    assert client.get("/centers/new/").status_code == 200
    response = client.post(
        "/centers/new/",
        {
            "name": "كانون سلامت یوسف‌آباد",
            "unit": territory.yousefabad.pk,
            "kind": "neighborhood",
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    center = territory.yousefabad.centers.get()
    assert center.name == "کانون سلامت یوسف‌آباد" and center.created_by == insider
    bad = client.post("/centers/new/", {"name": "x", "unit": territory.jolfa.pk, "kind": "neighborhood"})
    assert bad.status_code == 200 and "محدودهٔ شما" in bad.content.decode()
    bad = client.post(
        "/centers/new/", {"name": "x", "unit": territory.tehran_county.pk, "kind": "neighborhood"}
    )
    assert bad.status_code == 200 and not territory.tehran_county.centers.exists()


def test_status_change_from_the_page(web, territory, insider):
    center = make_center(territory.yousefabad, founded_on=dt.date(2024, 1, 1))
    response = web(insider).post(
        f"/centers/{center.pk}/status/",
        {"status": "establishing", "on": "1403/02/01", "reason": ""},
        follow=True,
    )
    assert "در حال راه‌اندازی" in response.content.decode()
    center.refresh_from_db()
    assert center.status == "establishing"
    response = web(insider).post(
        f"/centers/{center.pk}/status/", {"status": "closed", "reason": ""}, follow=True
    )
    assert "دلیل" in response.content.decode()
    center.refresh_from_db()
    assert center.status == "establishing"


def test_adding_members_new_and_existing(web, territory, insider):
    center = make_center(territory.yousefabad)
    existing = make_person(territory.jolfa)
    client = web(insider)
    code = national_code()
    response = client.post(
        f"/centers/{center.pk}/members/add/",
        {
            "national_code": code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
            "first_name": "مریم",
            "last_name": "احمدی",
            "gender": "female",
            "birth_date": "۱۳۷۰/۰۵/۱۲",
            "kind": "member",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get(national_code=code).birth_date == dt.date(1991, 8, 3)
    # registered in Isfahan, out of the insider's sight: the same fields as for a new person
    blank = client.post(
        f"/centers/{center.pk}/members/add/", {"national_code": existing.national_code, "kind": "volunteer"}
    )
    assert blank.status_code == 200 and "این مورد لازم است" in blank.content.decode()
    typed = {"first_name": "نرگس", "last_name": "رستمی", "gender": "female"}
    response = client.post(
        f"/centers/{center.pk}/members/add/",
        {"national_code": existing.national_code, "kind": "volunteer", **typed},
        follow=True,
    )
    assert response.redirect_chain and "نرگس رستمی" in response.content.decode()
    assert Membership.objects.filter(center=center, person=existing, kind="volunteer").exists()
    existing.refresh_from_db()
    assert existing.first_name == "زهرا"  # not overwritten
    # now a member of the insider's center: visible, the fields may be left out
    again = client.post(
        f"/centers/{center.pk}/members/add/", {"national_code": existing.national_code, "kind": "member"}
    )
    assert again.status_code == 200 and "از قبل عضو" in again.content.decode()
    bad = client.post(f"/centers/{center.pk}/members/add/", {"national_code": "1234567890", "kind": "member"})
    assert "کد ملی معتبر نیست" in bad.content.decode()
    missing = client.post(
        f"/centers/{center.pk}/members/add/", {"national_code": national_code(), "kind": "member"}
    )
    assert missing.status_code == 200 and "این مورد لازم است" in missing.content.decode()


def test_import_page_and_rejected_download(web, world, insider, readonly):
    center = world[0]
    client = web(insider)
    assert client.get("/centers/imports/template.xlsx")["Content-Type"] == importer.XLSX
    rows = [["1234567890", "الف", "ب", "زن"], [national_code(), "مریم", "احمدی", "زن"]]
    from .test_import import xlsx

    content = xlsx([r + [""] * 7 for r in rows])
    response = client.post(
        f"/centers/{center.pk}/members/import/", {"file": SimpleUploadedFile("m.xlsx", content)}
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "سطرهای ردشده" in detail.content.decode()
    mi = center.imports.order_by("-pk").first()
    assert (mi.created_memberships, mi.rejected_rows) == (1, 1)
    download = client.get(f"/centers/imports/{mi.pk}/rejected.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert "کد ملی" in ws.cell(2, ws.max_column).value
    wrong = client.post(f"/centers/{center.pk}/members/import/", {"file": SimpleUploadedFile("m.pdf", b"x")})
    assert wrong.status_code == 200 and "قالب نمونه" in wrong.content.decode()
    assert web(readonly).get(f"/centers/imports/{mi.pk}/rejected.xlsx").status_code == 200


def test_groups_elections_and_ticking_from_the_pages(web, territory, insider, settings, tmp_path):
    settings.KANOON_PRIVATE_ROOT = str(tmp_path)
    center = make_center(territory.yousefabad)
    a, b, c, d = (make_member(center) for _ in range(4))
    client = web(insider)
    response = client.post(
        f"/centers/{center.pk}/groups/new/",
        {"name": "گروه ورزش", "topic": "activity", "head": a.pk, "members": [a.pk, b.pk]},
    )
    assert response.status_code == 302
    assert set(ThematicGroup.objects.get(center=center).members.all()) == {a, b}
    form = {
        "held_on": "1403/02/10",
        "voters": "20",
        "term_months": "24",
        "observers": "",
        "note": "",
        "c-TOTAL_FORMS": "4",
        "c-INITIAL_FORMS": "0",
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "12",
        "c-0-office": "secretary",
        "c-0-person": a.pk,
        "c-0-votes": "12",
        "c-1-office": "secretary",
        "c-1-person": b.pk,
        "c-1-votes": "8",
        "c-2-office": "deputy",
        "c-2-person": c.pk,
        "c-2-votes": "11",
        "c-3-office": "deputy",
        "c-3-person": d.pk,
        "c-3-votes": "9",
    }
    assert client.get(f"/centers/{center.pk}/elections/new/").status_code == 200
    response = client.post(f"/centers/{center.pk}/elections/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert {
        h.office: h.person for h in OfficeHolder.objects.filter(center=center, ended_on__isnull=True)
    } == {"secretary": a, "deputy": c}
    tie = {**form, "c-1-votes": "12", "held_on": "1404/02/10"}
    assert "برابر" in client.post(f"/centers/{center.pk}/elections/new/", tie).content.decode()
    action = EstablishmentAction.objects.get(code="1.1")
    response = client.post(
        f"/centers/{center.pk}/establishment/{action.pk}/done/",
        {"done_on": "1403/01/20", "note": "گزارش", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302
    record = CenterAction.objects.get(center=center, action=action)
    (ev,) = attachments_of(record)  # the evidence is an attachment of the record
    assert record.done_by == insider and (ev.kind, ev.mime) == ("evidence", "application/pdf")
    assert client.get(f"/files/{ev.uid}/").status_code == 200
    bad = client.post(
        f"/centers/{center.pk}/establishment/{action.pk}/done/", {"done_on": "1403/01/20"}, follow=True
    )
    assert "از قبل" in bad.content.decode()
    page = client.get(f"/centers/{center.pk}/establishment/").content.decode()
    assert "۱۴۰۳/۰۱/۲۰" in page and "خودکار" in page


def test_the_secretary_accepts_a_public_sign_up(web, territory, client):
    center = make_center(territory.yousefabad, status="active", public_description="پیاده‌روی صبحگاهی")
    page = client.get(f"/c/{center.pk}/")
    assert page.status_code == 200 and "پیاده‌روی صبحگاهی" in page.content.decode()
    code = national_code()
    response = client.post(
        f"/c/{center.pk}/",
        {
            "national_code": code,
            "first_name": "نرگس",
            "last_name": "نوری",
            "gender": "female",
            "mobile": "09351234567",
            "consent": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?done=1")
    membership = Membership.objects.get(center=center, person__national_code=code)
    assert membership.status == "pending" and membership.source == "public"
    again = client.post(
        f"/c/{center.pk}/",
        {
            "national_code": code,
            "first_name": "نرگس",
            "last_name": "نوری",
            "gender": "female",
            "mobile": "09351234567",
            "consent": "on",
        },
    )
    # the public page never tells who already signed up: the same answer, nothing added
    assert again.status_code == 302 and again["Location"].endswith("?done=1")
    assert Membership.objects.filter(center=center, person__national_code=code).count() == 1
    no_consent = client.post(
        f"/c/{center.pk}/",
        {
            "national_code": national_code(),
            "first_name": "a",
            "last_name": "b",
            "gender": "male",
            "mobile": "09351234567",
        },
    )
    assert "رضایت" in no_consent.content.decode()
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    detail = web(secretary).get(f"/centers/{center.pk}/").content.decode()
    assert "نرگس نوری" in detail and "پذیرش" in detail
    response = web(secretary).post(f"/centers/memberships/{membership.pk}/accept/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "active" and membership.decided_by == secretary


def test_public_pages_hide_proposed_closed_and_private_centers(client, territory):
    proposed = make_center(territory.yousefabad, "کانون پیشنهادی")
    private = make_center(territory.village, "کانون خصوصی", status="active", is_public=False)
    shown = make_center(territory.jolfa, "کانون سلامت جلفا", status="active")
    for c in (proposed, private):
        assert client.get(f"/c/{c.pk}/").status_code == 404
    body = client.get("/c/").content.decode()
    assert shown.name in body and proposed.name not in body and private.name not in body
    assert shown.name in client.get("/c/", {"province": territory.isfahan.pk}).content.decode()
    assert shown.name not in client.get("/c/", {"province": territory.tehran.pk}).content.decode()
    assert shown.name in client.get("/c/", {"q": "جلفا"}).content.decode()


def test_every_list_exports_to_excel(web, world, insider):
    center = world[0]
    client = web(insider)
    for url in (
        "/centers/?export=xlsx",
        f"/centers/{center.pk}/members/?export=xlsx",
        "/people/?export=xlsx",
        f"/centers/{center.pk}/groups.xlsx",
        f"/centers/{center.pk}/elections/?export=xlsx",
        f"/centers/dashboard/{center.unit.parent.parent.pk}/?export=xlsx",
    ):
        response = client.get(url)
        assert response["Content-Type"] == importer.XLSX, url
        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws.max_row >= 1 and ws.sheet_view.rightToLeft, url
    ws = load_workbook(io.BytesIO(client.get("/centers/?export=xlsx").content)).active
    assert ws.cell(2, 1).value == "نام کانون"  # row 1: the title, filters and export time
    assert ws.cell(3, 1).value == center.name


def test_disability_only_for_roles_that_need_it(web, territory, insider, readonly):
    center = make_center(territory.yousefabad)
    person = make_member(center, has_disability=True, disability="کم‌شنوایی")
    assert "کم‌شنوایی" in web(insider).get(f"/people/{person.pk}/").content.decode()
    assert "کم‌شنوایی" not in web(readonly).get(f"/people/{person.pk}/").content.decode()
    facilitator = make_user("fac", scope.FACILITATOR, territory.tehran_county)
    form = web(facilitator).get(f"/people/{person.pk}/edit/").content.decode()
    assert "معلولیت" not in form


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_counts_do_not_grow_with_rows(web, territory, insider):
    client = web(insider)
    center = make_center(territory.yousefabad)
    for _ in range(2):
        make_member(center)
    services.group_create(actor=None, center=center, name="گروه ۱", topic="other")
    urls = [
        "/centers/",
        f"/centers/{center.pk}/",
        f"/centers/dashboard/{territory.tehran.pk}/",
        f"/centers/{center.pk}/members/",
        "/people/",
    ]
    client.get(urls[0])
    small = {u: _count(client, u) for u in urls}
    for i in range(6):
        other = make_center(territory.village, f"کانون {i}")
        make_member(other)
        make_member(center)
        services.group_create(actor=None, center=center, name=f"گروه {i + 2}", topic="other")
    large = {u: _count(client, u) for u in urls}
    assert large == small
    assert small["/centers/"] <= 12 and small[f"/centers/dashboard/{territory.tehran.pk}/"] <= 20


def test_only_the_national_admin_edits_the_catalog(
    web, territory, insider, national, django_capture_on_commit_callbacks
):
    from kanoon.centers.models import Center, Strategy

    action = EstablishmentAction.objects.get(code="1.1")
    center = make_center(territory.yousefabad)
    services.action_mark_done(actor=None, center=center, action=action, done_on=dt.date(2024, 1, 1))
    center.refresh_from_db()
    before = center.progress
    assert web(insider).get("/centers/catalog/").status_code == 200
    denied = web(insider).post("/centers/catalog/", {"action_pk": action.pk, "title": "x", "is_active": "on"})
    assert denied.status_code == 403
    client = web(national)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/centers/catalog/", {"action_pk": action.pk, "title": "مطالعهٔ پایهٔ محله", "auto_rule": ""}
        )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "مطالعهٔ پایهٔ محله" and not action.is_active
    assert Center.objects.get(pk=center.pk).progress < before  # recomputed without the deactivated action
    strategy = Strategy.objects.get(number=1)
    client.post(
        "/centers/catalog/", {"strategy_pk": strategy.pk, "code": "1.2", "title": "نقشهٔ ظرفیت‌های محله"}
    )
    assert strategy.actions.filter(code="1.2", is_active=True).exists()
    dup = client.post(
        "/centers/catalog/", {"strategy_pk": strategy.pk, "code": "1.2", "title": "دوباره"}, follow=True
    )
    assert strategy.actions.filter(code="1.2").count() == 1 and "کد" in dup.content.decode()


def test_a_sign_up_texts_the_secretary(client, territory, django_capture_on_commit_callbacks):
    from kanoon.core.notify import MemorySMSBackend

    center = make_center(territory.yousefabad, status="active")
    make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09127777777")
    make_user("other-sec", scope.CENTER_SECRETARY, territory.village, mobile="09128888888")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/c/{center.pk}/",
            {
                "national_code": national_code(),
                "first_name": "نرگس",
                "last_name": "نوری",
                "gender": "female",
                "mobile": "09351234567",
                "consent": "on",
            },
        )
    assert [m for m, _ in MemorySMSBackend.outbox] == ["09127777777"]
    assert center.name in MemorySMSBackend.outbox[0][1]
