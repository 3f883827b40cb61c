"""Excel export of list pages (issue 10, point 7): `kanoon.core.export` and every list page.

The walk below lists every list page explicitly; each must show the «خروجی اکسل» link and its
export must be a right-to-left sheet with a title row, a Persian header row, Jalali dates and
only the rows the page itself shows the user (an outsider's export has none of them).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from kanoon.core import export
from kanoon.core.xlsx import is_risky

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@x", "\t=1", "  =SUM(A1)", "\r=1", "＝1"]
JALALI = re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}( [۰-۹]{2}:[۰-۹]{2})?$")
PERSIAN = re.compile(r"[\u0600-\u06ff]")


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_of(response):
    return load_workbook(io.BytesIO(body_of(response))).active


def rows_of(response) -> list[tuple]:
    return list(sheet_of(response).iter_rows(values_only=True))


def get(path: str = "/x/", **params):
    request = RequestFactory().get(path, params)
    request.session = {}
    request._messages = _Messages()
    return request


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(message)


# ---- the mechanism --------------------------------------------------------------------------


class Thing:
    def __init__(self, name, on, n, status="active"):
        self.name, self.on, self.n, self.status = name, on, n, status

    def get_status_display(self):
        return {"active": "فعال", "closed": "بسته"}[self.status]


COLUMNS = [
    export.Column("نام", "name"),
    export.Column("تاریخ", "on", "date"),
    export.Column("تعداد", "n", "number"),
    export.Column("وضعیت", "status", "choice"),
]


def test_it_writes_a_right_to_left_sheet_with_title_header_jalali_dates_and_numbers():
    things = [Thing("مریم", dt.date(2024, 3, 20), 12345), Thing("علی", None, 2, "closed")]
    response = export.xlsx_response(
        get(q="مریم"), "things", COLUMNS, things, title="چیزها", filters={"q": "جستجو"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == export.CONTENT_TYPE
    assert re.match(
        r'attachment; filename="kanoon-things-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"]
    )
    ws = sheet_of(response)
    assert ws.sheet_view.rightToLeft
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:D4"
    title = ws.cell(1, 1).value
    assert title.startswith("چیزها؛ پالایه‌ها — جستجو: مریم؛ تاریخ خروجی: ۱۴")
    assert [c.value for c in ws[2]] == ["نام", "تاریخ", "تعداد", "وضعیت"]
    assert all(c.font.bold for c in ws[2])
    assert [c.value for c in ws[3]] == ["مریم", "۱۴۰۳/۰۱/۰۱", 12345, "فعال"]
    assert ws.cell(3, 3).data_type == "n"
    assert [c.value for c in ws[4]] == ["علی", None, 2, "بسته"]
    assert ws.column_dimensions["A"].width >= export.MIN_WIDTH


def test_it_says_when_nothing_was_filtered_and_formats_datetimes_in_jalali():
    at = dt.datetime(2025, 3, 20, 20, 30, tzinfo=dt.UTC)  # 00:00 on 1 Farvardin 1404 in Tehran
    response = export.xlsx_response(get(), "x", ["زمان", "درست", "عدد"], [(at, True, 1.5)], title="آزمون")
    rows = rows_of(response)
    assert "بدون پالایه" in rows[0][0]
    assert rows[2] == ("۱۴۰۴/۰۱/۰۱ ۰۰:۰۰", "بله", 1.5)


@pytest.mark.parametrize("text", HOSTILE)
def test_it_neutralizes_every_formula_looking_text(text):
    assert is_risky(text)
    response = export.xlsx_response(
        get(), "x", [export.Column("نام", "name")], [Thing(text, None, 0)], title="ت"
    )
    cell = sheet_of(response).cell(3, 1)
    assert cell.value == text.replace("\r", "\n")  # XML reads a carriage return back as a line feed
    assert cell.data_type == "s" and cell.quotePrefix


def test_it_keeps_a_formula_looking_filter_in_the_title_row_as_text():
    response = export.xlsx_response(get(q="=1+1"), "x", ["نام"], [], title="ت", filters={"q": "=جستجو"})
    assert sheet_of(response).cell(1, 1).data_type == "s"


def test_it_refuses_more_rows_than_the_limit_with_a_persian_message():
    request = get("/list/", q="x", export="xlsx", page="3")
    response = export.xlsx_response(request, "x", ["n"], [(i,) for i in range(11)], title="ت", limit=10)
    assert response.status_code == 302 and response["Location"] == "/list/?q=x&page=3"
    assert request._messages == [export.too_many_message(10)]
    assert "۱۰" in request._messages[0] and PERSIAN.search(request._messages[0])
    assert export.MAX_ROWS == 100_000
    ok = export.xlsx_response(get(), "x", ["n"], [(i,) for i in range(10)], title="ت", limit=10)
    assert ok.status_code == 200 and len(rows_of(ok)) == 12


# ---- every list page ------------------------------------------------------------------------

MARK = "نشانِ‌آزمون"  # in the names of the insider's rows (Tehran province)


@dataclass
class ListPage:
    """A list page: its address, the text of one of the insider's rows in its export, the
    header of a date column (if any), and why an outsider may see the same rows (if so)."""

    name: str
    url: str
    marker: str
    date_header: str | None = None
    shared: str = ""  # the rows are not scoped: why
    users: tuple[str, ...] = ("insider",)  # who opens the page (the first exports it)


def build_world(t, insider, readonly):
    from kanoon.assemblies import services as assemblies
    from kanoon.assemblies.models import Level
    from kanoon.audit.services import reveal
    from kanoon.centers import services as centers
    from kanoon.centers.models import Candidate, Election, Office
    from kanoon.meetings import services as meetings
    from kanoon.meetings.kinds import BodyKind
    from kanoon.monitoring.models import DataElement, DataSet, DataSetElement, Indicator, Report, Target
    from kanoon.notifications.models import Notification
    from kanoon.organizations.models import Organization
    from tests.centers.conftest import make_center, make_member

    w = SimpleNamespace(t=t)
    w.center = make_center(t.yousefabad, f"کانون {MARK}")
    w.person = make_member(w.center, first_name=MARK, last_name="کریمی", birth_date=dt.date(1990, 3, 21))
    election = Election.objects.create(center=w.center, held_on=dt.date(2024, 5, 1), voters=12)
    Candidate.objects.create(
        election=election, person=w.person, office=Office.SECRETARY, votes=9, elected=True
    )
    centers.group_create(actor=None, center=w.center, name=f"گروه {MARK}", topic="nutrition", head=w.person)
    w.assembly = assemblies.assembly_create(actor=None, level=Level.PROVINCE, unit=t.tehran)
    w.problem = assemblies.problem_register(
        actor=None, assembly=w.assembly, title=f"مسئلهٔ {MARK}", description="آب آشامیدنی"
    )
    assemblies.policy_issue(actor=None, issuer=w.assembly, title=f"سیاست {MARK}", body="متن")
    soon = timezone.now() + dt.timedelta(hours=1)
    assemblies.meeting_schedule(
        actor=None, assembly=w.assembly, title=f"جلسهٔ مجمع {MARK}", starts_at=soon, place="سالن"
    )
    w.body = meetings.body_create(
        actor=None, kind=BodyKind.WORKING_GROUP, unit=t.tehran, name=f"کارگروه {MARK}"
    )
    meetings.meeting_schedule(
        actor=None, body=w.body, title=f"جلسهٔ کارگروه {MARK}", starts_at=soon, place="سالن"
    )
    Notification.objects.create(user=insider, kind="test", title=f"اعلان {MARK}")
    Organization.objects.create(unit=t.tehran, name=f"سازمان {MARK}", kind="ngo")
    Organization.objects.create(unit=t.tehran, name=f"مجری {MARK}", kind="university", is_implementer=True)
    element = DataElement.objects.create(code="TRAININGS", name="جلسات آموزشی", minimum=0)
    w.data_set = DataSet.objects.create(code="Q", name="گزارش فصلی", unit_kinds=["county"], due_days=15)
    DataSetElement.objects.create(data_set=w.data_set, element=element, position=1)
    indicator = Indicator.objects.create(code="TRAININGS", name="جلسات آموزشی", numerator="E:TRAININGS")
    Target.objects.create(indicator=indicator, unit=t.tehran, period="1403Q2", value=40)
    Report.objects.create(
        data_set=w.data_set,
        unit=t.rey_county,
        period="1403Q2",
        status="submitted",
        submitted_at=timezone.now(),
    )
    w.person.disability = "کم‌شنوایی"
    w.person.save()
    request = RequestFactory().get(f"/people/{w.person.pk}/")
    request.user = insider
    reveal(request, w.person, ["disability"])  # one row of the read-audit log
    return w


def list_pages(w) -> list[ListPage]:
    t = w.t
    return [
        ListPage("users", "/accounts/users/", "readonly"),
        ListPage("assemblies", "/assemblies/", "استان تهران"),
        ListPage("problems", "/assemblies/problems/", f"مسئلهٔ {MARK}", "تاریخ ثبت"),
        ListPage("policies", "/assemblies/policies/", f"سیاست {MARK}", "تاریخ تصویب"),
        ListPage("priorities", f"/assemblies/{w.assembly.pk}/priorities/", f"مسئلهٔ {MARK}"),
        ListPage("assembly calendar", "/assemblies/calendar/", f"جلسهٔ مجمع {MARK}", "زمان برگزاری"),
        ListPage("notifications", "/notifications/", f"اعلان {MARK}", "زمان"),
        ListPage("units", f"/units/{t.tehran.pk}/", "ری"),
        ListPage("bodies", "/meetings/bodies/", f"کارگروه {MARK}"),
        ListPage("meeting calendar", "/meetings/calendar/", f"جلسهٔ کارگروه {MARK}", "زمان برگزاری"),
        ListPage("definitions", "/monitoring/definitions/", "جلسات آموزشی", shared="national catalog"),
        ListPage("data sets", "/monitoring/data-sets/", "گزارش فصلی", shared="national catalog"),
        ListPage("targets", "/monitoring/targets/", "استان تهران"),
        ListPage("implementers", "/monitoring/implementers/", f"مجری {MARK}"),
        ListPage(
            "reports", f"/monitoring/units/{t.tehran.pk}/reports/?period=1403Q2", "شهرستان ری", "زمان ارسال"
        ),
        ListPage("organizations", "/organizations/", f"سازمان {MARK}"),
        ListPage("people", "/people/", MARK, "تاریخ تولد"),
        ListPage("centers", "/centers/", f"کانون {MARK}", "تاریخ تشکیل"),
        ListPage("members", f"/centers/{w.center.pk}/members/", MARK, "تاریخ عضویت"),
        ListPage("memberships", "/centers/memberships/", f"کانون {MARK}", "تاریخ عضویت"),
        ListPage("elections", f"/centers/{w.center.pk}/elections/", w.person.full_name, "تاریخ"),
        ListPage("groups", f"/centers/{w.center.pk}/", f"گروه {MARK}", "تاریخ تشکیل"),
        ListPage("centers dashboard", f"/centers/dashboard/{t.tehran.pk}/", "تهران"),
        ListPage("establishment catalog", "/centers/catalog/", "۱. ", shared="national catalog"),
        ListPage("read audit", "/audit/reads/", "insider", "زمان", users=("national",)),
    ]


def export_url(page: ListPage, html: str) -> str:
    """The address of the page's «خروجی اکسل» (a link, or the filter form's export button)."""
    link = re.search(r'<a [^>]*data-export="xlsx"[^>]*href="([^"]+)"', html) or re.search(
        r'<a [^>]*href="([^"]+)"[^>]*data-export="xlsx"', html
    )
    if link:
        href = link.group(1).replace("&amp;", "&")
        return href if href.startswith("/") else page.url.split("?")[0] + href
    assert re.search(r'<button [^>]*name="export" value="xlsx"[^>]*data-export="xlsx"', html), page.name
    sep = "&" if "?" in page.url else "?"
    return page.url + sep + "export=xlsx"


@pytest.fixture
def world(territory, insider, readonly, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world(territory, insider, readonly)


def test_every_list_page_has_an_export_and_it_is_right_to_left_persian_jalali_and_scoped(
    web, world, insider, outsider, national
):
    users = {"insider": insider, "national": national}
    for page in list_pages(world):
        user = users[page.users[0]]
        html = web(user).get(page.url).content.decode()
        assert "خروجی اکسل" in html and 'data-export="xlsx"' in html, f"{page.name}: no export link"
        url = export_url(page, html)
        response = web(user).get(url)
        assert response.status_code == 200, (page.name, url, response.status_code)
        assert response["Content-Type"] == export.CONTENT_TYPE, page.name
        ws = sheet_of(response)
        assert ws.sheet_view.rightToLeft, page.name
        rows = list(ws.iter_rows(values_only=True))
        assert "تاریخ خروجی: ۱۴" in rows[0][0], page.name
        header = [h for h in rows[1] if h is not None]
        assert header and all(PERSIAN.search(h) or h == "IP" for h in header), (page.name, header)
        data = rows[2:]
        found = [r for r in data if any(page.marker in str(v) for v in r if v is not None)]
        assert found, (page.name, page.marker, data[:3])
        if page.date_header:
            column = header.index(page.date_header)
            dates = [r[column] for r in found if r[column]]
            assert dates and all(JALALI.match(d) for d in dates), (page.name, dates)
        # another province's expert: the same export shows none of these rows (or the page is 404/403)
        theirs = web(outsider).get(url)
        if page.shared:
            continue
        assert theirs.status_code in (200, 403, 404), page.name
        if theirs.status_code == 200:
            other = list(sheet_of(theirs).iter_rows(values_only=True))[2:]
            leaked = [r for r in other if any(page.marker in str(v) for v in r if v is not None)]
            assert not leaked, (page.name, leaked)


def test_an_export_has_exactly_the_rows_of_the_filtered_list(web, world, insider):
    client = web(insider)
    from kanoon.assemblies import services as assemblies

    assemblies.problem_register(actor=None, assembly=world.assembly, title="مسئلهٔ دیگر", description="-")
    rows = rows_of(client.get("/assemblies/problems/", {"export": "xlsx", "q": "دیگر", "page": "1"}))
    assert [r[0] for r in rows[2:]] == ["مسئلهٔ دیگر"]
    assert "عنوان: دیگر" in rows[0][0]
    everything = rows_of(client.get("/assemblies/problems/", {"export": "xlsx"}))
    assert sorted(r[0] for r in everything[2:]) == sorted(["مسئلهٔ دیگر", f"مسئلهٔ {MARK}"])
    none = rows_of(client.get("/centers/", {"export": "xlsx", "status": "closed"}))
    assert none[2:] == [] and "وضعیت:" in none[0][0]


def test_a_formula_looking_name_is_exported_as_text_on_the_list_pages(web, world, insider):
    from kanoon.assemblies import services as assemblies
    from kanoon.organizations.models import Organization

    for text in HOSTILE[:5]:
        Organization.objects.create(unit=world.t.tehran, name=text, kind="ngo")
        assemblies.problem_register(actor=None, assembly=world.assembly, title=text, description="-")
    for url in ("/organizations/?export=xlsx", "/assemblies/problems/?export=xlsx"):
        ws = sheet_of(web(insider).get(url))
        cells = {c.value: c for row in ws.iter_rows(min_row=3) for c in row if c.value in HOSTILE}
        assert set(cells) >= set(HOSTILE[:4]), url  # a problem's title is saved stripped («\t=1» → «=1»)
        assert all(c.data_type == "s" for c in cells.values()), url


def test_a_card_is_exported_without_what_the_list_does_not_show(web, world, territory):
    """A person seen only through a membership in the viewer's scope: no birth date, no unit."""
    from kanoon.core import scope
    from tests.conftest import make_user

    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    rows = rows_of(web(secretary).get("/people/?export=xlsx"))
    assert rows[1] == ("کد ملی", "نام", "نام خانوادگی", "جنسیت", "تاریخ تولد", "واحد ثبت")
    assert all("همراه" not in h for h in rows[1])


def test_an_export_reads_a_fixed_number_of_queries_however_many_rows(web, world, insider):
    """No query per row: ten more rows in each list cost no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kanoon.assemblies import services as assemblies
    from kanoon.core import scope
    from kanoon.meetings import services as meetings
    from kanoon.meetings.kinds import BodyKind
    from kanoon.organizations.models import Organization
    from tests.centers.conftest import make_member
    from tests.conftest import make_user

    urls = [
        "/organizations/",
        "/assemblies/problems/",
        "/assemblies/policies/",
        "/assemblies/",
        "/accounts/users/",
        "/meetings/bodies/",
        f"/centers/{world.center.pk}/members/",
        "/centers/memberships/",
        "/people/",
    ]

    def counts():
        client = web(insider)
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, {"export": "xlsx"}).status_code == 200
            found[url] = len(ctx.captured_queries)
        return found

    before = counts()
    for i in range(10):
        Organization.objects.create(unit=world.t.tehran, name=f"سازمان {i}", kind="ngo")
        assemblies.problem_register(actor=None, assembly=world.assembly, title=f"مسئله {i}", description="-")
        assemblies.policy_issue(actor=None, issuer=world.assembly, title=f"سیاست {i}", body="-")
        assemblies.assembly_create(actor=None, level="county", unit=_county(world, i))
        make_user(f"user{i}", scope.OBSERVER, world.t.tehran_county)
        meetings.body_create(
            actor=None, kind=BodyKind.WORKING_GROUP, unit=world.t.tehran, name=f"کارگروه {i}"
        )
        make_member(world.center)
    assert counts() == before


def _county(world, i):
    from tests.conftest import make_unit

    return make_unit("county", f"شهرستان آزمون {i}", world.t.tehran, f"29{i:02d}")


def test_the_title_row_names_filters_in_persian_only():
    request = get(q="مریم", status="active", page="2", export="xlsx")
    assert export.describe_filters(request) == ""  # no labels: nothing in English
    labels = {"q": "جستجو", "status": ("وضعیت", {"active": "فعال"})}
    assert export.describe_filters(request, labels) == "جستجو: مریم؛ وضعیت: فعال"
    assert export.describe_filters(request, [("سال", "1403")]) == "سال: ۱۴۰۳"
