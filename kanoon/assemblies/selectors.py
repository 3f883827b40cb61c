"""Reads of the assemblies app, always through the user's scope when a user is involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kanoon.core import jalali, scope
from kanoon.meetings import selectors as meetings
from kanoon.meetings.kinds import BodyKind
from kanoon.meetings.selectors import Quorum, meeting_quorum, month_bounds, required_for  # noqa: F401

from .models import (
    ACTIVE_STATUSES,
    EDITORS,
    Assembly,
    Policy,
    PolicyDelivery,
    Problem,
    ProblemStatus,
    ProblemVote,
    Seat,
    SeatTerm,
)


def current_terms(assembly: Assembly, on: dt.date) -> list[SeatTerm]:
    """Terms running on that day in the assembly's active seats (one per seat)."""
    return meetings.current_terms(assembly.body, on)


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


def composition(assembly: Assembly, on: dt.date | None = None) -> list[meetings.GroupComposition]:
    """The three seat groups with each active seat and its current holder (None = vacant)."""
    return meetings.composition(assembly.body, on)


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
    seats = Seat.objects.filter(body=OuterRef("body"), is_active=True)
    filled = SeatTerm.objects.filter(
        SeatTerm.current_q(today), seat__body=OuterRef("body"), seat__is_active=True
    )
    problems = Problem.objects.filter(assembly=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return (
        assemblies_visible(user)
        .select_related("unit", "parent", "center")
        .annotate(
            seat_count=_subcount(seats, "body"),
            filled_count=_subcount(filled, "seat__body", "seat"),
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


def meeting_calendar(user: Any, unit: Any, year: int, month: int) -> list[list[meetings.CalendarDay]]:
    """Weeks (Saturday first) of a Jalali month with the meetings of assemblies at or below `unit`."""
    return meetings.meeting_calendar(user, unit, year, month, kinds=[BodyKind.HEALTH_ASSEMBLY])


def votes_by_person(problem: Problem, quarter: jalali.Quarter) -> set[int]:
    return set(
        ProblemVote.objects.filter(
            problem=problem, assembly=problem.assembly, period=quarter.code
        ).values_list("person_id", flat=True)
    )
