"""Reads of the meetings app, always through the user's scope when a user is involved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kanoon.core import jalali

from .models import (
    EDITORS,
    OPEN_RESOLUTION_STATUSES,
    Body,
    Meeting,
    MeetingStatus,
    Resolution,
    Seat,
    SeatTerm,
)


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    required: int
    percent: int
    count: int | None = None

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required

    @property
    def rule_label(self) -> str:
        if self.count:
            return f"دست‌کم {jalali.to_persian_digits(self.count)} نفر"
        return f"بیش از {jalali.to_persian_digits(self.percent)}٪"


def required_for(members: int, percent: int, count: int | None = None) -> int:
    """At least `count` members when a fixed count is set, else more than `percent` percent of
    the members (the smallest count strictly above it)."""
    if count:
        return count
    return members * percent // 100 + 1


def current_terms(body: Body, on: dt.date) -> list[SeatTerm]:
    """Terms running on that day in the body's active seats (one per seat)."""
    return list(
        SeatTerm.objects.filter(SeatTerm.current_q(on), seat__body=body, seat__is_active=True)
        .select_related("person", "seat__body", "organization")
        .order_by("seat__group", "seat__kind", "seat_id")
    )


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def meeting_quorum(meeting: Meeting) -> Quorum:
    holders = {t.person_id for t in current_terms(meeting.body, meeting_day(meeting))}
    present = meeting.attendance.filter(present=True, person_id__in=holders).count()
    return Quorum(
        members=len(holders),
        present=present,
        required=required_for(len(holders), meeting.quorum_percent, meeting.quorum_count),
        percent=meeting.quorum_percent,
        count=meeting.quorum_count,
    )


def body_recipients(body: Body) -> list[Any]:
    """The users who run this body: editors holding a role at its unit."""
    from kanoon.accounts.models import RoleAssignment

    rows = (
        RoleAssignment.objects.filter(
            is_active=True, unit_id=body.unit_id, role__in=EDITORS, user__is_active=True
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


def composition(body: Body, on: dt.date | None = None) -> list[GroupComposition]:
    """The body's groups with each active seat and its current holder (None = vacant)."""
    on = on or jalali.today()
    current = Prefetch(
        "terms",
        queryset=SeatTerm.objects.filter(SeatTerm.current_q(on)).select_related("person", "organization"),
        to_attr="now",
    )
    groups = {value: GroupComposition(value, label) for value, label in body.spec.groups}
    for seat in body.seats.filter(is_active=True).prefetch_related(current).order_by("group", "kind", "pk"):
        seat.body = body
        groups.setdefault(seat.group, GroupComposition(seat.group, seat.group)).rows.append(
            (seat, seat.now[0] if seat.now else None)
        )
    return list(groups.values())


def bodies_visible(user: Any) -> QuerySet[Body]:
    return Body.objects.restrict(user, "view")


def _subcount(qs: QuerySet, group: str, counted: str = "pk") -> Coalesce:
    """COUNT(DISTINCT counted) of a correlated queryset, grouped by its link to the outer row."""
    inner = qs.order_by().values(group).annotate(n=Count(counted, distinct=True)).values("n")[:1]
    return Coalesce(Subquery(inner), 0)


def body_list(user: Any) -> QuerySet[Body]:
    """Visible bodies with their unit and counts for a list page (correlated subqueries: only
    the rows of the page are counted)."""
    today = jalali.today()
    seats = Seat.objects.filter(body=OuterRef("pk"), is_active=True)
    filled = SeatTerm.objects.filter(
        SeatTerm.current_q(today), seat__body=OuterRef("pk"), seat__is_active=True
    )
    upcoming = Meeting.objects.filter(
        body=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
    )
    open_resolutions = Resolution.objects.filter(
        meeting__body=OuterRef("pk"), status__in=OPEN_RESOLUTION_STATUSES
    )
    return (
        bodies_visible(user)
        .select_related("unit")
        .annotate(
            seat_count=_subcount(seats, "body"),
            filled_count=_subcount(filled, "seat__body", "seat"),
            upcoming_meetings=_subcount(upcoming, "body"),
            open_resolutions=_subcount(open_resolutions, "meeting__body"),
        )
    )


def resolutions_followup(body: Body) -> QuerySet[Resolution]:
    """The body's resolutions still to be carried out, the most urgent first."""
    return (
        Resolution.objects.filter(meeting__body=body, status__in=OPEN_RESOLUTION_STATUSES)
        .select_related("meeting")
        .order_by("due_date", "pk")
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


def meeting_calendar(
    user: Any, unit: Any, year: int, month: int, kinds: list[str] | None = None
) -> list[list[CalendarDay]]:
    """Weeks (Saturday first) of a Jalali month with the meetings of the bodies at or below
    `unit` that the user may see (only bodies of `kinds` when given)."""
    first, last = month_bounds(year, month)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    meetings = (
        Meeting.objects.restrict(user, "view")
        .filter(body__unit__path__startswith=unit.path, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
    )
    if kinds:
        meetings = meetings.filter(body__kind__in=kinds)
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


def upcoming_q() -> Q:
    return Q(status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
