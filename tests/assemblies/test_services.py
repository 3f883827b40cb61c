import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kanoon.assemblies import selectors, services
from kanoon.assemblies.models import (
    Assembly,
    Level,
    NotificationKind,
    ProblemStatus,
    SeatGroup,
    SeatKind,
    StepAction,
)
from kanoon.core import jalali
from kanoon.core.notify import MemorySMSBackend
from kanoon.notifications.models import Notification
from tests.centers.conftest import make_center, make_person

from .conftest import fill_seats, future, past, users_notified


def register(assembly, title="آب آشامیدنی ناسالم", actor=None):
    return services.problem_register(actor=actor, assembly=assembly, title=title, description="شرح مسئله")


# ---- levels and parents -------------------------------------------------------------------


def test_it_links_parents_along_the_territory(chain):
    assert chain.yousefabad.parent == chain.tehran_county
    assert chain.village.parent == chain.rey
    assert chain.tehran_county.parent == chain.tehran
    assert chain.tehran.parent == chain.national
    assert chain.national.parent is None
    assert chain.jolfa.parent == chain.isfahan_county
    assert chain.yousefabad.name == "مجمع سلامت محله یوسف‌آباد"


def test_it_attaches_waiting_assemblies_when_the_upper_level_is_formed(territory):
    center = make_center(territory.jolfa, "کانون جلفا")
    neighborhood = services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=center)
    assert neighborhood.parent is None
    county = services.assembly_create(actor=None, level=Level.COUNTY, unit=territory.isfahan_county)
    neighborhood.refresh_from_db()
    assert neighborhood.parent == county


def test_it_refuses_wrong_levels_and_duplicates(chain):
    t = chain.t
    with pytest.raises(ValidationError) as exc:
        services.assembly_create(actor=None, level=Level.COUNTY, unit=t.tehran)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, unit=t.yousefabad)
    assert "center" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.assembly_create(actor=None, level=Level.COUNTY, unit=t.tehran_county)
    with pytest.raises(ValidationError):
        services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=chain.center)


def test_it_checks_the_actors_scope(chain, outsider, readonly):
    center = make_center(chain.t.zone6.children.first(), "کانون دوم")
    for user in (outsider, readonly):
        with pytest.raises(PermissionDenied):
            services.assembly_create(actor=user, level=Level.NEIGHBORHOOD, center=center)


# ---- seats and composition ----------------------------------------------------------------


def test_it_gives_new_assemblies_the_three_seat_groups(chain):
    kinds = set(chain.yousefabad.seats.values_list("kind", flat=True))
    assert {SeatKind.CENTER_SECRETARY, SeatKind.EDUCATION, SeatKind.MUNICIPALITY, SeatKind.CLERGY} <= kinds
    assert SeatKind.VILLAGE_ADMIN not in kinds
    village_kinds = set(chain.village.seats.values_list("kind", flat=True))
    assert SeatKind.VILLAGE_ADMIN in village_kinds and SeatKind.MUNICIPALITY not in village_kinds
    assert set(chain.yousefabad.seats.values_list("group", flat=True)) == set(SeatGroup.values)


def test_it_shows_vacancies_and_warns_about_empty_groups(chain):
    seat = chain.yousefabad.seats.get(kind=SeatKind.CENTER_SECRETARY)
    person = make_person(chain.t.yousefabad)
    services.seat_assign(actor=None, seat=seat, person=person, start_date=jalali.today())
    groups = {g.group: g for g in selectors.composition(chain.yousefabad)}
    assert groups[SeatGroup.PEOPLE].filled == 1 and not groups[SeatGroup.PEOPLE].is_empty
    assert groups[SeatGroup.PEOPLE].vacancies == groups[SeatGroup.PEOPLE].filled + 5
    assert groups[SeatGroup.GOVERNMENT].is_empty and groups[SeatGroup.TRUSTEES].is_empty


def test_a_seat_has_one_holder_at_a_time(chain):
    seat = chain.yousefabad.seats.get(kind=SeatKind.CLERGY)
    first = make_person(chain.t.yousefabad)
    term = services.seat_assign(
        actor=None, seat=seat, person=first, start_date=jalali.today() - dt.timedelta(days=10)
    )
    with pytest.raises(ValidationError) as exc:
        services.seat_assign(
            actor=None, seat=seat, person=make_person(chain.t.yousefabad), start_date=jalali.today()
        )
    assert "start_date" in exc.value.message_dict
    services.seat_term_end(
        actor=None, term=term, ended_on=jalali.today() - dt.timedelta(days=1), reason="استعفا"
    )
    assert not term.is_current()
    second = services.seat_assign(
        actor=None, seat=seat, person=make_person(chain.t.yousefabad), start_date=jalali.today()
    )
    assert second.is_current()
    with pytest.raises(ValidationError):
        services.seat_assign(
            actor=None,
            seat=chain.yousefabad.seats.get(kind=SeatKind.DONOR),
            person=first,
            start_date=jalali.today(),
            end_date=jalali.today() - dt.timedelta(days=1),
        )


# ---- meetings -----------------------------------------------------------------------------


def test_a_meeting_needs_a_place_or_a_link(chain):
    with pytest.raises(ValidationError) as exc:
        services.meeting_schedule(
            actor=None, assembly=chain.yousefabad, title="جلسهٔ فصلی", starts_at=future()
        )
    assert "place" in exc.value.message_dict
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ فصلی",
        starts_at=future(),
        online_link="https://meet.example.ir/x",
    )
    assert meeting.quorum_percent == 50


def test_it_invites_seat_holders_by_sms_and_tells_the_staff(
    chain, people, django_capture_on_commit_callbacks
):
    holders = fill_seats(chain.yousefabad, 3)
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسهٔ فصلی",
        starts_at=future(),
        place="مسجد محله",
        agenda=["آب", "پسماند"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.meeting_invite(actor=people.secretary, meeting=meeting)
    assert len(invited) == 3
    to = {mobile for mobile, _ in MemorySMSBackend.outbox}
    assert {p.mobile for p in holders} <= to
    assert people.secretary.mobile in to  # the in-app notification's SMS copy
    assert users_notified(NotificationKind.INVITATION) == {"secretary"}
    assert list(meeting.agenda.values_list("title", flat=True)) == ["آب", "پسماند"]
    assert services.meeting_invite(actor=people.secretary, meeting=meeting) == []  # nobody twice


def test_quorum_is_more_than_half_and_resolutions_need_it(chain):
    holders = fill_seats(chain.yousefabad, 4)
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=past(), place="مدرسه"
    )
    quorum = services.meeting_record_attendance(
        actor=None, meeting=meeting, present=[holders[0].pk, holders[1].pk]
    )
    assert (quorum.members, quorum.present, quorum.required, quorum.met) == (4, 2, 3, False)
    services.meeting_record_minutes(actor=None, meeting=meeting, minutes="گزارش جلسه")
    with pytest.raises(ValidationError) as exc:
        services.resolution_add(
            actor=None, meeting=meeting, text="پیگیری", owner="شهرداری", due_date=jalali.today()
        )
    assert "حد نصاب" in str(exc.value)
    quorum = services.meeting_record_attendance(
        actor=None, meeting=meeting, present=[p.pk for p in holders[:3]]
    )
    assert quorum.met
    first = services.resolution_add(
        actor=None, meeting=meeting, text="لایروبی جوی", owner="شهرداری", due_date=jalali.today()
    )
    second = services.resolution_add(
        actor=None, meeting=meeting, text="آموزش", owner="کانون", due_date=jalali.today()
    )
    assert (first.number, second.number) == (1, 2)
    services.resolution_set_status(actor=None, resolution=first, status="done", note="انجام شد")
    first.refresh_from_db()
    assert first.status == "done" and first.history.count() == 2


def test_quorum_percent_is_configurable(chain):
    holders = fill_seats(chain.yousefabad, 4)
    meeting = services.meeting_schedule(
        actor=None,
        assembly=chain.yousefabad,
        title="جلسه",
        starts_at=past(),
        place="مدرسه",
        quorum_percent=75,
    )
    quorum = services.meeting_record_attendance(
        actor=None, meeting=meeting, present=[p.pk for p in holders[:3]]
    )
    assert quorum.required == 4 and not quorum.met


def test_attendance_and_minutes_wait_for_the_meeting(chain):
    holders = fill_seats(chain.yousefabad, 2)
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=future(), place="مدرسه"
    )
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(actor=None, meeting=meeting, present=[holders[0].pk])
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(actor=None, meeting=meeting, minutes="زودتر")
    held = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="جلسه", starts_at=past(), place="مدرسه"
    )
    stranger = make_person(chain.t.yousefabad)
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(actor=None, meeting=held, present=[stranger.pk])


# ---- problems: refer up, accept, return, resolve -----------------------------------------------


def test_a_problem_travels_up_and_every_step_is_in_its_trail(
    chain, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        problem = register(chain.yousefabad, actor=people.secretary)
        services.problem_refer(actor=people.secretary, problem=problem, justification="بودجهٔ محله کافی نیست")
    assert problem.assembly == chain.tehran_county and problem.status == ProblemStatus.REFERRED
    assert problem.due_date == jalali.today() + dt.timedelta(days=chain.tehran_county.time_limit_days)
    assert "county" in users_notified(NotificationKind.REFERRAL)
    assert any(m == people.county.mobile for m, _ in MemorySMSBackend.outbox)
    assert any(people.county.email in m.to for m in mail.outbox)

    with pytest.raises(PermissionDenied):  # the origin follows, it no longer acts
        services.problem_resolve(actor=people.secretary, problem=problem, actions="x", outcome="y")
    with pytest.raises(PermissionDenied):  # another county cannot act either
        services.problem_accept(actor=people.rey, problem=problem)

    services.problem_refer(actor=people.county, problem=problem, justification="نیاز به اعتبار استانی")
    assert problem.assembly == chain.tehran
    services.problem_resolve(
        actor=people.province, problem=problem, actions="لوله‌کشی جدید", outcome="آب سالم"
    )
    problem.refresh_from_db()
    assert (
        problem.status == ProblemStatus.RESOLVED
        and problem.closed_on == jalali.today()
        and problem.due_date is None
    )
    steps = list(problem.steps.all())
    assert [s.action for s in steps] == [
        StepAction.REGISTERED,
        StepAction.REFERRED,
        StepAction.REFERRED,
        StepAction.RESOLVED,
    ]
    assert [s.actor.username for s in steps] == ["secretary", "secretary", "county", "province"]
    assert steps[1].note == "بودجهٔ محله کافی نیست" and steps[2].from_assembly == chain.tehran_county
    # the origin heard of each step
    origin_titles = list(Notification.objects.filter(user=people.secretary).values_list("title", flat=True))
    assert len([t for t in origin_titles if "ارجاع شد" in t]) == 2 and any(
        "حل شد" in t for t in origin_titles
    )


def test_a_referred_problem_can_be_accepted_or_returned_with_guidance(chain, people):
    problem = register(chain.yousefabad)
    with pytest.raises(ValidationError):
        services.problem_accept(actor=None, problem=problem)  # not referred
    with pytest.raises(ValidationError) as exc:
        services.problem_refer(actor=None, problem=problem, justification="  ")
    assert "justification" in exc.value.message_dict
    services.problem_refer(actor=None, problem=problem, justification="فراتر از توان محله")
    with pytest.raises(ValidationError):
        services.problem_return(actor=people.county, problem=problem, guidance="")
    services.problem_return(actor=people.county, problem=problem, guidance="با شهرداری منطقه ۶ هماهنگ کنید")
    assert problem.assembly == chain.yousefabad and problem.status == ProblemStatus.RETURNED
    assert problem.due_date == jalali.today() + dt.timedelta(days=chain.yousefabad.time_limit_days)
    services.problem_refer(actor=None, problem=problem, justification="هماهنگی نتیجه نداد")
    services.problem_accept(actor=people.county, problem=problem, note="در دستور شورای سلامت شهرستان")
    assert problem.status == ProblemStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.problem_return(actor=people.county, problem=problem, guidance="دیر است")
    assert [s.action for s in problem.steps.all()][-2:] == [StepAction.REFERRED, StepAction.ACCEPTED]


def test_the_national_assembly_sends_to_the_supreme_council(chain):
    problem = register(chain.yousefabad)
    for _ in range(3):
        services.problem_refer(actor=None, problem=problem, justification="نیاز به قانون")
    assert problem.assembly == chain.national
    services.problem_refer(actor=None, problem=problem, justification="نیاز به مصوبهٔ شورای عالی")
    assert problem.status == ProblemStatus.SENT_TO_COUNCIL and problem.assembly == chain.national
    assert problem.steps.last().action == StepAction.SENT_TO_COUNCIL
    with pytest.raises(ValidationError):
        services.problem_refer(actor=None, problem=problem, justification="دوباره")


def test_it_cannot_refer_without_a_parent_assembly(territory):
    center = make_center(territory.jolfa, "کانون جلفا")
    lonely = services.assembly_create(actor=None, level=Level.NEIGHBORHOOD, center=center)
    problem = register(lonely)
    with pytest.raises(ValidationError) as exc:
        services.problem_refer(actor=None, problem=problem, justification="x")
    assert "assembly" in exc.value.message_dict


def test_a_closed_problem_cannot_be_resolved_again(chain):
    problem = register(chain.yousefabad)
    services.problem_resolve(actor=None, problem=problem, actions="پاکسازی", outcome="انجام شد")
    with pytest.raises(ValidationError):
        services.problem_resolve(actor=None, problem=problem, actions="پاکسازی", outcome="انجام شد")
    with pytest.raises(ValidationError):
        services.problem_resolve(
            actor=None,
            problem=register(chain.yousefabad),
            actions="a",
            outcome="b",
            resolved_on=jalali.today() + dt.timedelta(days=2),
        )


# ---- prioritization -------------------------------------------------------------------------


def test_it_scores_with_the_weighted_matrix(chain):
    problem = register(chain.yousefabad)
    services.problem_score(actor=None, problem=problem, values={"magnitude": 5, "severity": 5})
    assert problem.score is None  # not all criteria scored yet
    services.problem_score(actor=None, problem=problem, values={"concern": 5, "feasibility": 5, "cost": 1})
    assert problem.score == Decimal("100.0")
    services.problem_score(actor=None, problem=problem, values={"cost": 5})  # expensive: inverse criterion
    # weights 3,3,2,2,1 → (3*4+3*4+2*4+2*4+1*0) / (11*4) = 40/44
    assert problem.score == Decimal("90.9")
    with pytest.raises(ValidationError):
        services.problem_score(actor=None, problem=problem, values={"severity": 9})
    with pytest.raises(ValidationError):
        services.problem_score(actor=None, problem=problem, values={"unknown": 3})


def test_changing_weights_rescores_open_problems(chain):
    problem = register(chain.yousefabad)
    services.problem_score(
        actor=None,
        problem=problem,
        values={"magnitude": 5, "severity": 1, "concern": 1, "feasibility": 1, "cost": 5},
    )
    before = problem.score
    for criterion in chain.yousefabad.criteria.exclude(key="magnitude"):
        services.criterion_update(actor=None, criterion=criterion, weight=0)
    problem.refresh_from_db()
    assert before < problem.score == Decimal("100.0")


def test_the_ranked_list_orders_by_score_then_votes_per_quarter(chain):
    members = fill_seats(chain.yousefabad, 3)
    low, high, unscored = (
        register(chain.yousefabad, "کم"),
        register(chain.yousefabad, "زیاد"),
        register(chain.yousefabad, "بی‌امتیاز"),
    )
    full = {"magnitude": 3, "severity": 3, "concern": 3, "feasibility": 3, "cost": 3}
    services.problem_score(actor=None, problem=low, values={**full, "severity": 1})
    services.problem_score(actor=None, problem=high, values={**full, "severity": 5})
    for person in members:
        services.problem_vote(actor=None, problem=unscored, person=person)
    services.problem_vote(actor=None, problem=low, person=members[0])
    quarter = jalali.Quarter.current()
    by_score = [r.problem.title for r in selectors.ranked_problems(chain.yousefabad, quarter)]
    assert by_score == ["زیاد", "کم", "بی‌امتیاز"]
    by_votes = [
        (r.problem.title, r.votes) for r in selectors.ranked_problems(chain.yousefabad, quarter, "votes")
    ]
    assert by_votes[0] == ("بی‌امتیاز", 3) and by_votes[1] == ("کم", 1)
    assert selectors.ranked_problems(chain.yousefabad, quarter.previous()) == []  # arrived this quarter


def test_only_seat_holders_vote_once_per_quarter(chain):
    member = fill_seats(chain.yousefabad, 1)[0]
    problem = register(chain.yousefabad)
    services.problem_vote(actor=None, problem=problem, person=member)
    with pytest.raises(ValidationError):
        services.problem_vote(actor=None, problem=problem, person=member)
    with pytest.raises(ValidationError):
        services.problem_vote(actor=None, problem=problem, person=make_person(chain.t.yousefabad))
    next_quarter = jalali.Quarter.current().next().code
    assert (
        services.problem_vote(actor=None, problem=problem, person=member, period=next_quarter).period
        == next_quarter
    )


# ---- time limits ----------------------------------------------------------------------------


def test_overdue_referrals_are_listed_and_notified_to_the_holder_and_its_parent(chain, people):
    problem = register(chain.yousefabad)
    services.problem_refer(actor=None, problem=problem, justification="فراتر از توان محله")
    later = problem.due_date + dt.timedelta(days=1)
    assert list(selectors.overdue_problems(chain.tehran_county, later)) == [problem]
    assert list(selectors.overdue_problems(chain.tehran, later)) == [problem]
    assert list(selectors.overdue_problems(chain.national, later)) == []
    assert list(selectors.overdue_problems(chain.tehran_county)) == []  # not yet
    assert services.notify_overdue(today=later) == 1
    assert users_notified(NotificationKind.OVERDUE) == {"county", "province"}
    assert services.notify_overdue(today=later) == 0  # once per arrival


# ---- policies -------------------------------------------------------------------------------


def test_a_policy_reaches_every_assembly_below_and_coverage_is_tracked(chain, people):
    policy = services.policy_issue(
        actor=people.province, issuer=chain.tehran, title="غربالگری فشار خون", body="همهٔ محلات غربالگری کنند."
    )
    receivers = set(policy.deliveries.values_list("assembly_id", flat=True))
    assert receivers == {chain.tehran_county.pk, chain.rey.pk, chain.yousefabad.pk, chain.village.pk}
    assert {"secretary", "county", "rey"} <= users_notified(NotificationKind.POLICY)
    delivery = policy.deliveries.get(assembly=chain.yousefabad)
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge(actor=people.rey, delivery=delivery, adaptation="x")
    services.policy_acknowledge(actor=people.secretary, delivery=delivery, adaptation="در مسجد محله")
    coverage = selectors.policy_coverage(policy, people.province)
    assert (coverage.total, coverage.acknowledged, coverage.percent) == (4, 1, 25.0)
    assert chain.yousefabad not in coverage.missing and chain.rey in coverage.missing


def test_an_assembly_formed_later_receives_the_policies_in_force(chain, territory):
    from tests.conftest import make_unit

    policy = services.policy_issue(actor=None, issuer=chain.national, title="سیاست ملی", body="متن")
    withdrawn = services.policy_issue(actor=None, issuer=chain.national, title="سیاست لغوشده", body="متن")
    services.policy_withdraw(actor=None, policy=withdrawn)
    unit = make_unit("neighborhood", "امیرآباد", territory.zone6)
    newcomer = services.assembly_create(
        actor=None, level=Level.NEIGHBORHOOD, center=make_center(unit, "کانون امیرآباد")
    )
    assert set(newcomer.policy_deliveries.values_list("policy_id", flat=True)) == {policy.pk}


def test_only_upper_levels_issue_policies_within_their_scope(chain, people):
    with pytest.raises(ValidationError):
        services.policy_issue(actor=None, issuer=chain.yousefabad, title="x", body="y")
    with pytest.raises(PermissionDenied):
        services.policy_issue(actor=people.county, issuer=chain.tehran, title="x", body="y")
    with pytest.raises(PermissionDenied):
        services.policy_issue(actor=people.secretary, issuer=chain.tehran_county, title="x", body="y")


def test_notifications_can_be_marked_read(chain, people):
    services.notify(users=[people.county, people.county], kind=NotificationKind.POLICY, title="سیاست")
    assert Notification.objects.filter(user=people.county).count() == 1
    assert services.notification_mark_read(user=people.county) == 1
    assert services.notification_mark_read(user=people.county) == 0
    other = Notification.objects.create(user=people.rey, kind=NotificationKind.POLICY, title="x")
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(user=people.county, notification=other)


def test_history_is_kept_and_assemblies_with_open_problems_stay_active(chain):
    register(chain.yousefabad)
    with pytest.raises(ValidationError):
        services.assembly_update(actor=None, assembly=chain.yousefabad, is_active=False)
    services.assembly_update(actor=None, assembly=chain.yousefabad, quorum_percent=60)
    assert chain.yousefabad.history.count() == 2
    assert Assembly.objects.filter(pk=chain.yousefabad.pk).exists()


def test_holding_the_first_meeting_ticks_the_centers_establishment_action(chain):
    from kanoon.centers.models import AutoRule, CenterAction

    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="نخستین جلسه", starts_at=past(), place="مسجد"
    )
    assert not CenterAction.objects.filter(
        center=chain.center, action__auto_rule=AutoRule.FIRST_ASSEMBLY
    ).exists()
    services.meeting_record_minutes(actor=None, meeting=meeting, minutes="نخستین جلسهٔ مجمع برگزار شد.")
    done = CenterAction.objects.get(center=chain.center, action__auto_rule=AutoRule.FIRST_ASSEMBLY)
    assert (
        done.automatic
        and done.done_on == meeting.starts_at.astimezone(timezone.get_current_timezone()).date()
    )


def test_overdue_notices_are_scheduled_daily_and_runnable_from_cron(chain, people):
    from django.core.management import call_command

    from kanoon.celery import app

    assert app.conf.beat_schedule["assemblies-notify-overdue"]["task"] == "assemblies.notify_overdue"
    problem = register(chain.yousefabad)
    services.problem_refer(actor=None, problem=problem, justification="x")
    type(problem).objects.filter(pk=problem.pk).update(due_date=jalali.today() - dt.timedelta(days=1))
    from io import StringIO

    out = StringIO()
    call_command("assemblies_overdue", stdout=out)
    assert "1 overdue" in out.getvalue()
    assert users_notified(NotificationKind.OVERDUE) == {"county", "province"}
