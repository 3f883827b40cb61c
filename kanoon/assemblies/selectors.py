"""Reads of the assemblies app, always through the user's scope when a user is involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kanoon.core import jalali, scope

from .models import (
    ACTIVE_STATUSES,
    EDITORS,
    Assembly,
    Meeting,
    MeetingStatus,
    Policy,
    PolicyDelivery,
    Problem,
    ProblemStatus,
    ProblemVote,
    Seat,
    SeatGroup,
    SeatTerm,
)


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    required: int
    percent: int

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required


def required_for(members: int, percent: int) -> int:
    """More than `percent` percent of the members: the smallest count strictly above it."""
    return members * percent // 100 + 1


def current_terms(assembly: Assembly, on: dt.date) -> list[SeatTerm]:
    """Terms running on that day in the assembly's active seats (one per seat)."""
    return list(
        SeatTerm.objects.filter(SeatTerm.current_q(on), seat__assembly=assembly, seat__is_active=True)
        .select_related("person", "seat")
        .order_by("seat__group", "seat__kind", "seat_id")
    )


def meeting_quorum(meeting: Meeting) -> Quorum:
    day = timezone.localtime(meeting.starts_at).date()
    holders = {t.person_id for t in current_terms(meeting.assembly, day)}
    present = meeting.attendance.filter(present=True, person_id__in=holders).count()
    return Quorum(
        members=len(holders),
        present=present,
        required=required_for(len(holders), meeting.quorum_percent),
        percent=meeting.quorum_percent,
    )


def assembly_recipients(assembly: Assembly) -> list[Any]:
    """The users who run this assembly: editors holding a role at its unit."""
    from kanoon.accounts.models import RoleAssignment

    rows = (
        RoleAssignment.objects.filter(
            is_active=True, unit_id=assembly.unit_id, role__in=EDITORS, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
    )
    return [r.user for r in rows]


@dataclass
class GroupComposition:
    group: str
    label: str
    rows: list[tuple[Seat, SeatTerm | None]] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(1 for _, term in self.rows if term is not None)

    @property
    def vacancies(self) -> int:
        return len(self.rows) - self.filled

    @property
    def is_empty(self) -> bool:
        return self.filled == 0


def composition(assembly: Assembly, on: dt.date | None = None) -> list[GroupComposition]:
    """The three seat groups with each active seat and its current holder (None = vacant)."""
    on = on or jalali.today()
    current = Prefetch(
        "terms",
        queryset=SeatTerm.objects.filter(SeatTerm.current_q(on)).select_related("person"),
        to_attr="now",
    )
    groups = {value: GroupComposition(value, label) for value, label in SeatGroup.choices}
    for seat in (
        assembly.seats.filter(is_active=True).prefetch_related(current).order_by("group", "kind", "pk")
    ):
        groups[seat.group].rows.append((seat, seat.now[0] if seat.now else None))
    return list(groups.values())


def assemblies_visible(user: Any) -> QuerySet[Assembly]:
    return Assembly.objects.restrict(user, "view")


def _subcount(qs: QuerySet, group: str, counted: str = "pk") -> Coalesce:
    """COUNT(DISTINCT counted) of a correlated queryset, grouped by its link to the outer row."""
    inner = qs.order_by().values(group).annotate(n=Count(counted, distinct=True)).values("n")[:1]
    return Coalesce(Subquery(inner), 0)


def assembly_list(user: Any) -> QuerySet[Assembly]:
    """Visible assemblies with their unit, parent and counts for a list page (no N+1).

    The counts are correlated subqueries, so the database computes them for the rows of the
    page only instead of aggregating every seat and term of the country before paginating."""
    today = jalali.today()
    seats = Seat.objects.filter(assembly=OuterRef("pk"), is_active=True)
    filled = SeatTerm.objects.filter(
        SeatTerm.current_q(today), seat__assembly=OuterRef("pk"), seat__is_active=True
    )
    problems = Problem.objects.filter(assembly=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return (
        assemblies_visible(user)
        .select_related("unit", "parent", "center")
        .annotate(
            seat_count=_subcount(seats, "assembly"),
            filled_count=_subcount(filled, "seat__assembly", "seat"),
            open_problems=_subcount(problems, "assembly"),
        )
    )


@dataclass
class RankedProblem:
    problem: Problem
    votes: int
    rank: int = 0


def ranked_problems(assembly: Assembly, quarter: jalali.Quarter, order: str = "score") -> list[RankedProblem]:
    """The assembly's prioritized list for a quarter: problems it held during the quarter (still
    open, or closed within it), by matrix score then votes (or votes then score)."""
    qs = (
        Problem.objects.filter(assembly=assembly, arrived_on__lte=quarter.end)
        .filter(Q(status__in=ACTIVE_STATUSES) | Q(closed_on__gte=quarter.start))
        .select_related("origin__unit")
        .annotate(
            period_votes=Count(
                "votes", filter=Q(votes__period=quarter.code, votes__assembly=assembly), distinct=True
            )
        )
    )
    if order == "votes":
        qs = qs.order_by(F("period_votes").desc(), F("score").desc(nulls_last=True), "pk")
    else:
        qs = qs.order_by(F("score").desc(nulls_last=True), F("period_votes").desc(), "pk")
    return [RankedProblem(p, p.period_votes, i) for i, p in enumerate(qs, start=1)]


def problems_referred_up(assembly: Assembly) -> QuerySet[Problem]:
    """Problems this assembly registered that now sit (or ended) elsewhere: where are they?"""
    return (
        Problem.objects.filter(origin=assembly)
        .exclude(assembly=assembly)
        .select_related("assembly__unit")
        .order_by("-updated_at")
    )


def overdue_problems(assembly: Assembly, today: dt.date | None = None) -> QuerySet[Problem]:
    """Past their time limit, held by this assembly or by an assembly directly below it."""
    today = today or jalali.today()
    return (
        Problem.objects.filter(status__in=ACTIVE_STATUSES, due_date__lt=today)
        .filter(Q(assembly=assembly) | Q(assembly__parent=assembly))
        .select_related("assembly__unit", "origin__unit")
        .order_by("due_date")
    )


def incoming_referrals(assembly: Assembly) -> QuerySet[Problem]:
    return (
        Problem.objects.filter(assembly=assembly, status=ProblemStatus.REFERRED)
        .select_related("origin__unit")
        .order_by("due_date")
    )


def problem_visible(user: Any) -> QuerySet[Problem]:
    return Problem.objects.restrict(user, "view")


def can_act_on_problem(user: Any, problem: Problem) -> bool:
    """Only the holder's users act; the origin's users only follow it."""
    return problem.is_active and scope.path_in_scope(user, Problem, "change", problem.assembly.unit.path)


@dataclass
class Coverage:
    total: int
    acknowledged: int
    missing: list[Any]

    @property
    def percent(self) -> float:
        return round(100 * self.acknowledged / self.total, 1) if self.total else 0.0


def deliveries_visible(user: Any, policy: Policy | None = None) -> QuerySet[PolicyDelivery]:
    """The deliveries the user may see: those to assemblies within the user's scope."""
    qs = PolicyDelivery.objects.restrict(user, "view")
    return qs.filter(policy=policy) if policy is not None else qs


def policy_coverage(policy: Policy, user: Any) -> Coverage:
    """How many of the deliveries the user can see were acknowledged, and which are missing.

    A policy issued above the user (national, say) is visible below; its coverage is still only
    what lies in the user's scope, never the country's count or the names of other assemblies."""
    deliveries = list(
        deliveries_visible(user, policy).select_related("assembly__unit").order_by("assembly__unit__path")
    )
    missing = [d.assembly for d in deliveries if d.acknowledged_at is None]
    return Coverage(total=len(deliveries), acknowledged=len(deliveries) - len(missing), missing=missing)


def policies_visible(user: Any) -> QuerySet[Policy]:
    return Policy.objects.restrict(user, "view")


def policy_list(user: Any) -> QuerySet[Policy]:
    """Visible policies with their coverage counted over the deliveries within the scope."""
    delivered = deliveries_visible(user).filter(policy=OuterRef("pk"))
    return (
        policies_visible(user)
        .select_related("issuer__unit")
        .annotate(
            delivered=_subcount(delivered, "policy"),
            acknowledged=_subcount(delivered.filter(acknowledged_at__isnull=False), "policy"),
        )
    )


@dataclass
class CalendarDay:
    date: dt.date | None
    day: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    is_today: bool = False


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = jdatetime.date(year, month, 1)
    nxt = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return start.togregorian(), nxt.togregorian() - dt.timedelta(days=1)


def meeting_calendar(user: Any, unit: Any, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Saturday first) of a Jalali month with the meetings of assemblies at or below `unit`."""
    first, last = month_bounds(year, month)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    meetings = (
        Meeting.objects.restrict(user, "view")
        .filter(assembly__unit__path__startswith=unit.path, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("assembly")
        .order_by("starts_at")
    )
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    today = jalali.today()
    weeks: list[list[CalendarDay]] = []
    week: list[CalendarDay] = [
        CalendarDay(None) for _ in range(jdatetime.date.fromgregorian(date=first).weekday())
    ]
    day = first
    while day <= last:
        week.append(
            CalendarDay(day, jdatetime.date.fromgregorian(date=day).day, by_day.get(day, []), day == today)
        )
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += dt.timedelta(days=1)
    if week:
        week += [CalendarDay(None) for _ in range(7 - len(week))]
        weeks.append(week)
    return weeks


def votes_by_person(problem: Problem, quarter: jalali.Quarter) -> set[int]:
    return set(
        ProblemVote.objects.filter(
            problem=problem, assembly=problem.assembly, period=quarter.code
        ).values_list("person_id", flat=True)
    )
