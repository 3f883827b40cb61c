"""/api/v1/assemblies/, /seats/, /meetings/, /problems/, /policies/ with the insider (Tehran
province expert), read-only (Tehran observer) and outsider (Isfahan province expert) users."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kanoon.assemblies import services
from kanoon.assemblies.models import Level, Problem, ProblemStatus, SeatKind
from kanoon.core import jalali
from tests.centers.conftest import make_center, make_person
from tests.conftest import make_unit
from tests.openapi import assert_conforms
from tests.scoped import ScopedAPICase, ids, is_persian

from .conftest import fill_seats, future, past

_n = itertools.count(1)


def new_neighborhood_assembly(parent_unit):
    unit = make_unit("neighborhood", f"محلهٔ {next(_n)}", parent_unit)
    return services.assembly_create(
        actor=None, level=Level.NEIGHBORHOOD, center=make_center(unit, f"کانون {next(_n)}")
    )


@pytest.fixture(autouse=True)
def _chain(request, territory):
    """The generated permission tests need the assembly chain; build it once per test."""
    request.getfixturevalue("chain")


def chain_of(t):
    from kanoon.assemblies.models import Assembly

    return {
        "tehran_county": Assembly.objects.get(unit=t.tehran_county),
        "isfahan_county": Assembly.objects.get(unit=t.isfahan_county),
        "yousefabad": Assembly.objects.get(unit=t.yousefabad),
        "jolfa": Assembly.objects.get(unit=t.jolfa),
        "tehran": Assembly.objects.get(unit=t.tehran),
        "national": Assembly.objects.get(unit=t.country),
    }


class TestAssemblyAPI(ScopedAPICase):
    url = "/api/v1/assemblies/"

    def make_inside(self, t):
        return new_neighborhood_assembly(t.zone6)

    def make_outside(self, t):
        return new_neighborhood_assembly(t.isfahan_city)

    def create_payload(self, t):
        unit = make_unit("neighborhood", f"محلهٔ {next(_n)}", t.zone6)
        return {"level": "neighborhood", "center": make_center(unit, f"کانون {next(_n)}").pk}

    def create_outside_payload(self, t):
        unit = make_unit("neighborhood", f"محلهٔ {next(_n)}", t.isfahan_city)
        return {"level": "neighborhood", "center": make_center(unit, f"کانون {next(_n)}").pk}

    def invalid_payload(self, t):
        return {"level": "county", "unit": t.tehran.pk}, "unit"

    def update_payload(self, t, obj):
        return {"quorum_percent": 60, "time_limit_days": 20}


def test_it_shows_level_unit_and_parent(api, chain, insider):
    fill_seats(chain.yousefabad, 2)
    services.problem_register(actor=None, assembly=chain.yousefabad, title="آب", description="شرح")
    body = api(insider).get(f"/api/v1/assemblies/{chain.yousefabad.pk}/").json()
    assert (body["filled_count"], body["open_problems"]) == (2, 1)
    assert body["seat_count"] == chain.yousefabad.seats.filter(is_active=True).count()
    assert body["level"] == "neighborhood" and body["unit"] == chain.t.yousefabad.pk
    assert body["parent"] == chain.tehran_county.pk and body["center"] == chain.center.pk
    levels = {
        row["level"] for row in api(insider).get("/api/v1/assemblies/", {"page_size": 100}).json()["results"]
    }
    assert levels == {"neighborhood", "county", "province"}  # the national assembly is above Tehran's scope
    filtered = api(insider).get("/api/v1/assemblies/", {"parent": chain.tehran.pk})
    assert ids(filtered) == {chain.tehran_county.pk, chain.rey.pk}


def test_a_county_assembly_is_created_with_its_unit_and_finds_its_parent(api, chain, national):
    response = api(national).post("/api/v1/assemblies/", {"level": "county"}, format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    shemiranat = make_unit("county", "شمیرانات", chain.t.tehran, "2399")
    response = api(national).post(
        "/api/v1/assemblies/", {"level": "county", "unit": shemiranat.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (
        response.json()["parent"] == chain.tehran.pk
        and response.json()["name"] == "مجمع سلامت شهرستان شمیرانات"
    )
    assert response.json()["seat_count"] > 0


class TestSeatAPI(ScopedAPICase):
    url = "/api/v1/seats/"

    def make_inside(self, t):
        return services.seat_create(
            actor=None, assembly=chain_of(t)["yousefabad"], kind=SeatKind.NGO, title="سمن"
        )

    def make_outside(self, t):
        return services.seat_create(actor=None, assembly=chain_of(t)["jolfa"], kind=SeatKind.NGO)

    def create_payload(self, t):
        return {"assembly": chain_of(t)["yousefabad"].pk, "kind": "donor", "title": "خیرین مسجد"}

    def create_outside_payload(self, t):
        return {"assembly": chain_of(t)["jolfa"].pk, "kind": "donor"}

    def invalid_payload(self, t):
        return {"assembly": chain_of(t)["yousefabad"].pk, "kind": "king"}, "kind"

    def update_payload(self, t, obj):
        return {"title": "سمن سلامت زنان"}


def test_it_assigns_a_seat_and_shows_the_holder_and_vacancies(api, chain, insider, readonly):
    seat = chain.yousefabad.seats.get(kind=SeatKind.HEALTH)
    person = make_person(chain.t.yousefabad)
    url = f"/api/v1/seats/{seat.pk}/assign/"
    payload = {"person": person.pk, "start_date": "۱۴۰۳/۰۷/۰۱"}
    assert api(readonly).post(url, payload, format="json").status_code == 403
    response = api(insider).post(url, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["start_date_jalali"] == "1403/07/01"
    body = api(insider).get(f"/api/v1/seats/{seat.pk}/").json()
    assert body["holder"]["person"] == person.pk and body["is_vacant"] is False
    vacant = ids(
        api(insider).get(
            "/api/v1/seats/", {"assembly": chain.yousefabad.pk, "vacant": "true", "page_size": 100}
        )
    )
    assert seat.pk not in vacant and len(vacant) == chain.yousefabad.seats.count() - 1
    ended = api(insider).post(
        f"/api/v1/seats/{seat.pk}/end-term/", {"ended_on": "1403/07/02", "reason": "انتقال"}, format="json"
    )
    assert ended.status_code == 200 and api(insider).get(f"/api/v1/seats/{seat.pk}/").json()["is_vacant"]


class TestMeetingAPI(ScopedAPICase):
    url = "/api/v1/meetings/"

    def make_inside(self, t):
        return services.meeting_schedule(
            actor=None,
            assembly=chain_of(t)["yousefabad"],
            title="جلسه",
            starts_at=future(),
            place="مسجد",
            agenda=["آب"],
        )

    def make_outside(self, t):
        return services.meeting_schedule(
            actor=None, assembly=chain_of(t)["jolfa"], title="جلسه", starts_at=future(), place="مدرسه"
        )

    def create_payload(self, t):
        return {
            "assembly": chain_of(t)["yousefabad"].pk,
            "title": "جلسهٔ فصلی",
            "starts_at": future().isoformat(),
            "online_link": "https://meet.example.ir/room",
            "agenda": ["پسماند", "آب"],
        }

    def create_outside_payload(self, t):
        return {**self.create_payload(t), "assembly": chain_of(t)["jolfa"].pk}

    def invalid_payload(self, t):
        return {
            "assembly": chain_of(t)["yousefabad"].pk,
            "title": "بی‌مکان",
            "starts_at": future().isoformat(),
        }, "place"

    def update_payload(self, t, obj):
        return {"place": "فرهنگسرا", "agenda": ["تغذیه"]}


def test_a_meeting_is_held_with_quorum_minutes_and_resolutions(api, chain, insider, readonly):
    holders = fill_seats(chain.yousefabad, 3)
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=past(), place="مسجد"
    )
    base = f"/api/v1/meetings/{meeting.pk}"
    assert (
        api(readonly).post(f"{base}/attendance/", {"present": [holders[0].pk]}, format="json").status_code
        == 403
    )
    quorum = (
        api(insider)
        .post(f"{base}/attendance/", {"present": [holders[0].pk, holders[1].pk]}, format="json")
        .json()
    )
    assert quorum == {"members": 3, "present": 2, "required": 2, "met": True}
    early = api(insider).post(
        f"{base}/resolutions/", {"text": "x", "owner": "y", "due_date": "1404/01/01"}, format="json"
    )
    assert early.status_code == 400 and is_persian(early.json()["errors"]["meeting"])
    assert (
        api(insider).post(f"{base}/minutes/", {"minutes": "شرح جلسه"}, format="json").json()["status"]
        == "held"
    )
    created = api(insider).post(
        f"{base}/resolutions/",
        {"text": "پاکسازی پارک", "owner": "شهرداری منطقه ۶", "due_date": "1404/01/15"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["number"] == 1
    status = api(insider).post(
        f"{base}/resolution-status/",
        {"resolution": created.json()["id"], "status": "in_progress"},
        format="json",
    )
    assert status.json()["status"] == "in_progress"
    detail = api(readonly).get(f"{base}/")
    assert detail.json()["quorum"]["met"] and detail.json()["resolutions"][0]["owner"] == "شهرداری منطقه ۶"
    assert_conforms(detail, "GET")


def test_it_invites_seat_holders(api, chain, insider):
    fill_seats(chain.yousefabad, 2)
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=future(), place="مسجد"
    )
    response = api(insider).post(f"/api/v1/meetings/{meeting.pk}/invite/")
    assert response.json() == {"invited": 2}
    assert_conforms(response, "POST")


class TestProblemAPI(ScopedAPICase):
    url = "/api/v1/problems/"

    def make_inside(self, t):
        return services.problem_register(
            actor=None, assembly=chain_of(t)["yousefabad"], title="آب", description="شرح"
        )

    def make_outside(self, t):
        return services.problem_register(
            actor=None, assembly=chain_of(t)["jolfa"], title="آب", description="شرح"
        )

    def create_payload(self, t):
        return {
            "assembly": chain_of(t)["yousefabad"].pk,
            "title": "زباله در کوچه‌ها",
            "description": "جمع‌آوری نامنظم",
        }

    def create_outside_payload(self, t):
        return {**self.create_payload(t), "assembly": chain_of(t)["jolfa"].pk}

    def invalid_payload(self, t):
        return {"assembly": chain_of(t)["yousefabad"].pk, "title": "  ", "description": "x"}, "title"

    def update_payload(self, t, obj):
        return {"affected_population": 1200}


@pytest.fixture
def referred(chain, people):
    problem = services.problem_register(
        actor=people.secretary, assembly=chain.yousefabad, title="آب ناسالم", description="شرح"
    )
    services.problem_refer(actor=people.secretary, problem=problem, justification="فراتر از توان محله")
    return problem


def test_a_county_sees_its_neighborhoods_and_referrals_not_another_countys(api, chain, people, referred):
    rey_problem = services.problem_register(
        actor=None, assembly=chain.village, title="گرد و غبار", description="شرح"
    )
    at_province = services.problem_register(
        actor=None, assembly=chain.yousefabad, title="حمل‌ونقل", description="شرح"
    )
    for _ in range(2):
        services.problem_refer(actor=None, problem=at_province, justification="نیاز به استان")
    county_sees = ids(api(people.county).get("/api/v1/problems/", {"page_size": 100}))
    assert county_sees == {referred.pk, at_province.pk}
    rey_sees = ids(api(people.rey).get("/api/v1/problems/", {"page_size": 100}))
    assert rey_sees == {rey_problem.pk}
    assert api(people.rey).get(f"/api/v1/problems/{at_province.pk}/").status_code == 404
    # the originating neighborhood always sees where its problem is
    body = api(people.secretary).get(f"/api/v1/problems/{at_province.pk}/").json()
    assert body["assembly"] == chain.tehran.pk and body["origin"] == chain.yousefabad.pk
    assert [s["action"] for s in body["trail"]] == ["registered", "referred", "referred"]


def test_the_referral_actions_follow_the_levels(api, chain, people, referred):
    base = f"/api/v1/problems/{referred.pk}"
    # origin follows but cannot act; another county cannot even see it
    assert api(people.secretary).post(f"{base}/accept/", {}, format="json").status_code == 403
    assert api(people.rey).post(f"{base}/accept/", {}, format="json").status_code == 404
    missing = api(people.county).post(f"{base}/refer/", {}, format="json")
    assert missing.status_code == 400 and "justification" in missing.json()["errors"]
    response = api(people.county).post(
        f"{base}/refer/", {"justification": "اعتبار استانی لازم است"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert_conforms(response, "POST")
    body = response.json()
    assert body["assembly"] == chain.tehran.pk and body["status"] == "referred" and body["due_date_jalali"]
    assert body["trail"][-1]["note"] == "اعتبار استانی لازم است" and body["trail"][-1]["actor"]
    assert (
        api(people.county).post(f"{base}/accept/", {}, format="json").status_code == 403
    )  # now the province's
    returned = api(people.province).post(
        f"{base}/return/", {"guidance": "از خیرین کمک بگیرید"}, format="json"
    )
    assert returned.json()["assembly"] == chain.tehran_county.pk and returned.json()["status"] == "returned"
    again = api(people.county).post(f"{base}/accept/", {}, format="json")
    assert again.status_code == 400  # a returned problem is not waiting for acceptance
    resolved = api(people.county).post(
        f"{base}/resolve/",
        {"actions": "نصب تصفیه‌خانه", "outcome": "کیفیت آب تأیید شد", "resolved_on": "1403/08/01"},
        format="json",
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert api(people.county).post(f"{base}/refer/", {"justification": "x"}, format="json").status_code == 400
    actions = [s["action"] for s in api(people.secretary).get(f"{base}/").json()["trail"]]
    assert actions == ["registered", "referred", "referred", "returned", "resolved"]


def test_read_only_users_follow_problems_but_never_act(api, chain, readonly, referred):
    assert api(readonly).get(f"/api/v1/problems/{referred.pk}/").status_code == 200
    for action, body in (("accept", {}), ("refer", {"justification": "x"}), ("return", {"guidance": "x"})):
        assert (
            api(readonly).post(f"/api/v1/problems/{referred.pk}/{action}/", body, format="json").status_code
            == 403
        )
    assert Problem.objects.get(pk=referred.pk).status == ProblemStatus.REFERRED


def test_the_national_assembly_refers_to_the_supreme_council(api, chain, national, referred):
    for _ in range(2):
        services.problem_refer(actor=None, problem=referred, justification="سطح بالاتر")
    body = (
        api(national)
        .post(f"/api/v1/problems/{referred.pk}/refer/", {"justification": "نیاز به قانون"}, format="json")
        .json()
    )
    assert body["status"] == "sent_to_council" and body["trail"][-1]["action"] == "sent_to_council"


def test_it_scores_and_votes_through_the_api(api, chain, insider):
    member = fill_seats(chain.yousefabad, 1)[0]
    problem = services.problem_register(actor=None, assembly=chain.yousefabad, title="آب", description="شرح")
    values = {"magnitude": 5, "severity": 5, "concern": 5, "feasibility": 5, "cost": 1}
    assert (
        api(insider)
        .post(f"/api/v1/problems/{problem.pk}/score/", {"values": values}, format="json")
        .json()["score"]
        == "100.0"
    )
    bad = api(insider).post(
        f"/api/v1/problems/{problem.pk}/score/", {"values": {"severity": 7}}, format="json"
    )
    assert bad.status_code == 400 and is_persian(bad.json()["errors"]["values"][0])
    vote = api(insider).post(f"/api/v1/problems/{problem.pk}/vote/", {"person": member.pk}, format="json")
    assert vote.status_code == 201 and vote.json()["period"] == jalali.Quarter.current().code
    assert_conforms(vote, "POST")
    assert (
        api(insider)
        .post(f"/api/v1/problems/{problem.pk}/vote/", {"person": member.pk}, format="json")
        .status_code
        == 400
    )


def test_problem_list_queries_do_not_grow_with_trail_length(api, chain, insider):
    client = api(insider)
    services.problem_register(actor=None, assembly=chain.yousefabad, title="یک", description="شرح")
    client.get("/api/v1/problems/")
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/problems/", {"page_size": 1000})
    for i in range(4):
        p = services.problem_register(
            actor=None, assembly=chain.yousefabad, title=f"مسئله {i}", description="شرح"
        )
        services.problem_refer(actor=None, problem=p, justification="x")
        services.problem_accept(actor=None, problem=p)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/problems/", {"page_size": 1000})
    assert len(large) == len(small)


class TestPolicyAPI(ScopedAPICase):
    url = "/api/v1/policies/"
    updatable = False

    def make_inside(self, t):
        return services.policy_issue(
            actor=None, issuer=chain_of(t)["tehran_county"], title="سیاست", body="متن"
        )

    def make_outside(self, t):
        return services.policy_issue(
            actor=None, issuer=chain_of(t)["isfahan_county"], title="سیاست", body="متن"
        )

    def create_payload(self, t):
        return {
            "issuer": chain_of(t)["tehran"].pk,
            "title": "کاهش مصرف نمک",
            "body": "در همهٔ محلات",
            "approved_on": "1403/06/01",
        }

    def create_outside_payload(self, t):
        return {**self.create_payload(t), "issuer": chain_of(t)["isfahan_county"].pk}

    def invalid_payload(self, t):
        return {"issuer": chain_of(t)["yousefabad"].pk, "title": "سیاست محله", "body": "متن"}, "issuer"


def test_a_national_policy_is_seen_below_and_acknowledged_with_adaptation(api, chain, people, outsider):
    policy = services.policy_issue(actor=None, issuer=chain.national, title="سیاست ملی تغذیه", body="متن")
    assert policy.pk in ids(api(people.secretary).get("/api/v1/policies/"))
    assert policy.pk in ids(api(outsider).get("/api/v1/policies/"))  # Isfahan's assemblies received it too
    url = f"/api/v1/policies/{policy.pk}/acknowledge/"
    response = api(people.secretary).post(url, {"adaptation": "در برنامهٔ آموزشی مسجد"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["acknowledged"] and response.json()["assembly"] == chain.yousefabad.pk
    # a county expert covers several receiving assemblies: they must name one
    ambiguous = api(people.county).post(url, {}, format="json")
    assert ambiguous.status_code == 400 and "assembly" in ambiguous.json()["errors"]
    jolfa = api(people.county).post(url, {"assembly": chain.jolfa.pk}, format="json")
    assert jolfa.status_code == 400  # not visible to Tehran county
    ok = api(people.county).post(
        url, {"assembly": chain.tehran_county.pk, "adaptation": "شورای سلامت"}, format="json"
    )
    assert ok.status_code == 200
    coverage = api(people.nation).get(f"/api/v1/policies/{policy.pk}/").json()["coverage"]
    total = policy.deliveries.count()
    assert coverage["acknowledged"] == 2 and coverage["delivered"] == total
    assert coverage["percent"] == round(200 / total, 1)
    assert {m["id"] for m in coverage["missing"]} == set(
        policy.deliveries.filter(acknowledged_at__isnull=True).values_list("assembly_id", flat=True)
    )
    listed = api(people.nation).get("/api/v1/policies/").json()["results"][0]["coverage"]
    assert listed["acknowledged"] == 2 and "missing" not in listed


def test_readonly_cannot_acknowledge(api, chain, readonly):
    policy = services.policy_issue(actor=None, issuer=chain.tehran, title="سیاست", body="متن")
    response = api(readonly).post(
        f"/api/v1/policies/{policy.pk}/acknowledge/", {"assembly": chain.yousefabad.pk}, format="json"
    )
    assert response.status_code == 403


def test_only_the_holder_edits_an_open_problem(api, chain, people, referred):
    url = f"/api/v1/problems/{referred.pk}/"
    assert api(people.secretary).patch(url, {"title": "عنوان تازه"}, format="json").status_code == 403
    response = api(people.county).patch(url, {"affected_population": 5000}, format="json")
    assert response.status_code == 200 and response.json()["affected_population"] == 5000
    services.problem_resolve(actor=None, problem=referred, actions="x", outcome="y")
    closed = api(people.county).patch(url, {"title": "دیر"}, format="json")
    assert closed.status_code == 400 and "status" in closed.json()["errors"]


def test_a_problem_records_its_source_meeting_and_submitter(api, chain, insider):
    member = make_person(chain.t.yousefabad)
    mine = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=past(), place="مسجد"
    )
    other = services.meeting_schedule(
        actor=None, assembly=chain.tehran_county, title="جلسه", starts_at=past(), place="فرمانداری"
    )
    payload = {
        "assembly": chain.yousefabad.pk,
        "title": "پسماند",
        "description": "شرح",
        "source": "meeting",
        "source_meeting": mine.pk,
        "submitted_by": member.pk,
        "evidence": "عکس‌ها",
        "affected_population": 300,
    }
    response = api(insider).post("/api/v1/problems/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["source_meeting"] == mine.pk and response.json()["submitted_by"] == member.pk
    wrong = api(insider).post("/api/v1/problems/", {**payload, "source_meeting": other.pk}, format="json")
    assert wrong.status_code == 400 and "source_meeting" in wrong.json()["errors"]


def test_users_read_only_their_own_notifications(api, chain, people, referred):
    mine = api(people.county).get("/api/v1/notifications/").json()
    assert mine["count"] == 1 and mine["results"][0]["kind"] == "referral"
    assert mine["results"][0]["url"] == f"/assemblies/problems/{referred.pk}/"
    note_id = mine["results"][0]["id"]
    assert api(people.rey).get(f"/api/v1/notifications/{note_id}/").status_code == 404
    assert api(people.county).post(f"/api/v1/notifications/{note_id}/read/").json()["read_at"]
    assert api(people.county).get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 0
    # the origin was told its problem went up; read-all marks it, a second time nothing
    marked = api(people.secretary).post("/api/v1/notifications/read-all/")
    assert marked.json() == {"marked": 1}
    assert_conforms(marked, "POST")
    assert api(people.secretary).post("/api/v1/notifications/read-all/").json() == {"marked": 0}
