"""The assemblies pages with the insider, read-only and outsider users."""

import datetime as dt
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kanoon.assemblies import services
from kanoon.assemblies.models import Assembly, Level, MeetingStatus, Problem, ProblemStatus, SeatKind
from kanoon.core import jalali
from tests.centers.conftest import make_center, make_person
from tests.conftest import make_unit

from .conftest import fill_seats, future, past


@pytest.fixture
def content(chain):
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ فصلی",
        starts_at=future(),
        place="مسجد",
        agenda=["آب"],
    )
    problem = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    policy = services.policy_issue(actor=None, issuer=chain.tehran, title="غربالگری فشار خون", body="متن")
    return meeting, problem, policy


def page_urls(chain, content):
    meeting, problem, policy = content
    a = chain.yousefabad.pk
    return [
        f"/assemblies/{a}/",
        f"/assemblies/{a}/priorities/",
        f"/assemblies/{a}/criteria/",
        f"/assemblies/meetings/{meeting.pk}/",
        f"/assemblies/problems/{problem.pk}/",
        f"/assemblies/policies/{policy.pk}/",
    ]


def test_it_shows_the_pages_inside_the_scope_and_hides_them_outside(
    web, chain, content, insider, readonly, outsider
):
    for user in (insider, readonly):
        client = web(user)
        for url in page_urls(chain, content):
            assert client.get(url).status_code == 200, url
    client = web(outsider)
    for url in page_urls(chain, content):
        assert client.get(url).status_code == 404, url
    for url in (
        "/assemblies/",
        "/assemblies/policies/",
        "/assemblies/calendar/",
        "/assemblies/notifications/",
    ):
        assert client.get(url).status_code == 200


def test_read_only_users_get_no_forms(web, chain, content, readonly):
    client = web(readonly)
    a = chain.yousefabad.pk
    for url in (
        f"/assemblies/{a}/edit/",
        f"/assemblies/{a}/seats/new/",
        f"/assemblies/{a}/meetings/new/",
        f"/assemblies/{a}/problems/new/",
    ):
        assert client.get(url).status_code == 403, url
    problem = content[1]
    response = client.post(f"/assemblies/problems/{problem.pk}/refer/", {"justification": "x"})
    assert response.status_code == 403
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.OPEN
    assert (
        "ارجاع"
        not in client.get(f"/assemblies/problems/{problem.pk}/").content.decode().split("مسیر پیگیری")[1]
    )


def test_the_composition_warns_about_empty_groups(web, chain, insider):
    seat = chain.yousefabad.seats.get(kind=SeatKind.CENTER_SECRETARY)
    services.seat_assign(
        actor=None, seat=seat, person=make_person(chain.t.yousefabad), start_date=jalali.today()
    )
    html = web(insider).get(f"/assemblies/{chain.yousefabad.pk}/").content.decode()
    assert 'data-empty-group="government"' in html and 'data-empty-group="trustees"' in html
    assert 'data-empty-group="people"' not in html
    assert "خالی" in html


def test_an_insider_forms_an_assembly_and_schedules_a_meeting(web, chain, insider):
    client = web(insider)
    unit = make_unit("neighborhood", "امیرآباد", chain.t.zone6)
    center = make_center(unit, "کانون امیرآباد")
    response = client.post("/assemblies/new/", {"level": "neighborhood", "center": center.pk})
    assembly = Assembly.objects.get(center=center)
    assert response.status_code == 302 and assembly.parent == chain.tehran_county
    bad = client.post(
        f"/assemblies/{assembly.pk}/meetings/new/",
        {"title": "جلسه", "date": "1404/13/01", "time": "25:00", "quorum_percent": 50},
    )
    assert bad.status_code == 200 and "ماه باید بین" in bad.content.decode()
    ok = client.post(
        f"/assemblies/{assembly.pk}/meetings/new/",
        {
            "title": "جلسهٔ اول",
            "date": "۱۴۰۴/۰۷/۱۰",
            "time": "۱۷:۳۰",
            "place": "مسجد",
            "agenda": "آب\nپسماند",
            "quorum_percent": 60,
            "record_past": "on",  # a date already past: recorded as a held meeting
        },
    )
    assert ok.status_code == 302
    meeting = assembly.meetings.get()
    assert jalali.format_datetime(meeting.starts_at, persian_digits=False) == "1404/07/10 17:30"
    assert [a.title for a in meeting.agenda.all()] == ["آب", "پسماند"] and meeting.quorum_percent == 60
    calendar = client.get(
        "/assemblies/calendar/", {"unit": chain.t.tehran.pk, "month": "1404-7"}
    ).content.decode()
    assert f"/assemblies/meetings/{meeting.pk}/" in calendar and "مهر" in calendar


def test_the_minutes_pdf_is_persian_with_the_bundled_font(web, chain, insider, tmp_path):
    holders = fill_seats(chain.yousefabad, 3)
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسهٔ فصلی", starts_at=past(), place="مسجد"
    )
    client = web(insider)
    assert client.get(f"/assemblies/meetings/{meeting.pk}/minutes.pdf").status_code == 302  # no minutes yet
    client.post(f"/assemblies/meetings/{meeting.pk}/attendance/", {"present": [p.pk for p in holders[:2]]})
    client.post(
        f"/assemblies/meetings/{meeting.pk}/minutes/", {"minutes": "جلسه برگزار شد و مسائل بررسی شد."}
    )
    client.post(
        f"/assemblies/meetings/{meeting.pk}/resolution/",
        {"text": "پاکسازی پارک", "owner": "شهرداری", "due_date": "1404/09/01"},
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.resolutions.count() == 1
    response = client.get(f"/assemblies/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Vazirmatn" in fonts and "DejaVu" not in fonts  # the bundled font, not a fallback
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "پاکسازی پارک" in text and "شهرداری" in text


def test_a_problem_is_referred_and_decided_through_the_pages(web, chain, people):
    problem = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    secretary = web(people.secretary)
    empty = secretary.post(f"/assemblies/problems/{problem.pk}/refer/", {"justification": ""}, follow=True)
    assert "این مقدار لازم است" in empty.content.decode() or "لازم" in empty.content.decode()
    secretary.post(f"/assemblies/problems/{problem.pk}/refer/", {"justification": "فراتر از توان محله"})
    problem.refresh_from_db()
    assert problem.assembly == chain.tehran_county
    county_page = web(people.county).get(f"/assemblies/{chain.tehran_county.pk}/").content.decode()
    assert "آب ناسالم" in county_page  # incoming referrals
    web(people.county).post(f"/assemblies/problems/{problem.pk}/accept/", {"note": "بررسی می‌شود"})
    web(people.county).post(
        f"/assemblies/problems/{problem.pk}/resolve/", {"actions": "تعویض لوله", "outcome": "حل شد"}
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    html = web(people.secretary).get(f"/assemblies/problems/{problem.pk}/").content.decode()
    assert html.count('data-step="') == 4 and "تعویض لوله" in html


def test_scores_votes_and_the_ranked_list(web, chain, insider):
    member = fill_seats(chain.yousefabad, 1)[0]
    problem = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="دخانیات", description="شرح"
    )
    client = web(insider)
    criteria = {f"c-{c.pk}": "5" for c in chain.yousefabad.criteria.all()}
    client.post(f"/assemblies/problems/{problem.pk}/score/", criteria)
    client.post(f"/assemblies/problems/{problem.pk}/vote/", {"person": member.pk})
    problem.refresh_from_db()
    assert problem.score is not None and problem.votes.count() == 1
    html = client.get(f"/assemblies/{chain.yousefabad.pk}/priorities/", {"order": "votes"}).content.decode()
    assert "دخانیات" in html
    # weights are configurable on the criteria page
    magnitude = chain.yousefabad.criteria.get(key="magnitude")
    form = {f"w-{c.pk}": c.weight for c in chain.yousefabad.criteria.all()} | {
        f"a-{c.pk}": "on" for c in chain.yousefabad.criteria.all()
    }
    form[f"w-{magnitude.pk}"] = 7
    client.post(f"/assemblies/{chain.yousefabad.pk}/criteria/", {**form, "save": "1"})
    magnitude.refresh_from_db()
    assert magnitude.weight == 7


def test_a_receiving_assembly_acknowledges_a_policy_and_the_issuer_sees_coverage(web, chain, people):
    policy = services.policy_issue(actor=None, issuer=chain.tehran, title="غربالگری", body="متن")
    delivery = policy.deliveries.get(assembly=chain.yousefabad)
    assert (
        web(people.rey)
        .post(f"/assemblies/policies/{policy.pk}/ack/{delivery.pk}/", {"adaptation": "x"})
        .status_code
        == 404
    )
    web(people.secretary).post(
        f"/assemblies/policies/{policy.pk}/ack/{delivery.pk}/", {"adaptation": "در مسجد"}
    )
    delivery.refresh_from_db()
    assert delivery.acknowledged_at and delivery.adaptation == "در مسجد"
    html = web(people.province).get(f"/assemblies/policies/{policy.pk}/").content.decode()
    assert "۲۵٫۰٪" in html or "۲۵٪" in html
    assert 'id="missing"' in html and chain.rey.name in html


def test_notifications_page_marks_read_and_follows_the_link(web, chain, people):
    problem = services.problem_register(actor=None, assembly=chain.yousefabad, title="آب", description="شرح")
    services.problem_refer(actor=None, problem=problem, justification="x")
    note = people.county.notifications.get()
    client = web(people.county)
    assert "ارجاع مسئله" in client.get("/assemblies/notifications/").content.decode()
    response = client.post(f"/assemblies/notifications/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == f"/assemblies/problems/{problem.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert web(people.rey).post(f"/assemblies/notifications/{note.pk}/read/").status_code == 404


def test_the_assembly_list_has_a_fixed_number_of_queries(web, chain, insider):
    client = web(insider)
    client.get("/assemblies/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/assemblies/").status_code == 200
    for i in range(4):
        unit = make_unit("neighborhood", f"محلهٔ تازه {i}", chain.t.zone6)
        services.assembly_create(
            actor=None, level=Level.NEIGHBORHOOD, center=make_center(unit, f"کانون تازه {i}")
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get("/assemblies/").status_code == 200
    assert len(large) == len(small)


def test_a_member_submission_names_the_member_by_national_code(web, chain, insider):
    member = make_person(chain.t.yousefabad)
    client = web(insider)
    url = f"/assemblies/{chain.yousefabad.pk}/problems/new/"
    form = {"title": "کمبود پیاده‌رو", "description": "شرح", "topic": "safety", "source": "member"}
    unknown = client.post(url, {**form, "submitted_by": "0000000000"})
    assert unknown.status_code == 200 and "کد ملی" in unknown.content.decode()
    persian_code = member.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert (
        client.post(url, {**form, "submitted_by": persian_code, "affected_population": "۱٬۲۰۰"}).status_code
        == 302
    )
    problem = Problem.objects.get(title="کمبود پیاده‌رو")
    assert problem.submitted_by == member and problem.affected_population == 1200


def test_detail_and_priority_pages_do_not_grow_queries_with_rows(web, chain, insider):
    client = web(insider)
    pages = [
        f"/assemblies/{chain.yousefabad.pk}/",
        f"/assemblies/{chain.yousefabad.pk}/priorities/",
        "/assemblies/problems/",
    ]

    def counts():
        result = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx))
        return result

    fill_seats(chain.yousefabad, 2)
    services.problem_register(actor=None, assembly=chain.yousefabad, title="یک", description="شرح")
    counts()
    small = counts()
    for seat in list(chain.yousefabad.seats.order_by("pk"))[2:10]:
        services.seat_assign(
            actor=None, seat=seat, person=make_person(chain.t.yousefabad), start_date=jalali.today()
        )
    for i in range(5):
        p = services.problem_register(
            actor=None, assembly=chain.yousefabad, title=f"مسئله {i}", description="شرح"
        )
        if i % 2:
            services.problem_refer(actor=None, problem=p, justification="x")
    assert counts() == small


def test_the_problem_list_follows_the_cross_county_rule_and_filters(web, chain, people):
    mine = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="آب محله", description="شرح"
    )
    services.problem_refer(actor=None, problem=mine, justification="x")
    services.problem_refer(actor=None, problem=mine, justification="x")  # now at the province
    rey = services.problem_register(
        actor=None, assembly=chain.village, title="گرد و غبار روستا", description="شرح"
    )
    county_html = web(people.county).get("/assemblies/problems/").content.decode()
    assert "آب محله" in county_html and "گرد و غبار روستا" not in county_html
    rey_html = web(people.rey).get("/assemblies/problems/").content.decode()
    assert "گرد و غبار روستا" in rey_html and "آب محله" not in rey_html
    province = web(people.province)
    assert "آب محله" not in province.get("/assemblies/problems/", {"level": "county"}).content.decode()
    assert (
        "آب محله"
        in province.get("/assemblies/problems/", {"level": "province", "status": "referred"}).content.decode()
    )
    assert "آب محله" not in province.get("/assemblies/problems/", {"overdue": "1"}).content.decode()
    type(mine).objects.filter(pk=mine.pk).update(due_date=jalali.today() - dt.timedelta(days=3))
    html = province.get("/assemblies/problems/", {"overdue": "1"}).content.decode()
    assert "آب محله" in html and rey.title not in html
