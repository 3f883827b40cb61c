"""What bodies and meetings tell the people app (registered in `MeetingsConfig.ready()`): the
seats a person holds or held and the meetings they were expected at — each read through the
viewer's scope (only bodies the viewer sees)."""

from __future__ import annotations

from typing import Any

from kanoon.people.registry import Facet, Row

from .models import Attendance, Body, SeatTerm


def _bodies(user: Any):  # type: ignore[no-untyped-def]
    return Body.objects.restrict(user, "view").values("pk")


def seats(user: Any, person: Any) -> Facet:
    rows = (
        SeatTerm.objects.filter(person=person, seat__body__in=_bodies(user))
        .select_related("seat__body", "organization")
        .order_by("-start_date", "-pk")
    )
    return Facet(
        "meetings.seats",
        "کرسی‌ها در مجمع‌ها و نهادها",
        [
            Row(
                title=f"{t.seat} — {t.seat.body.name}",
                detail=f"به نمایندگی از {t.organization}" if t.organization_id else "",
                status="پایان‌یافته" if (t.ended_on or (t.end_date and t.end_date < _today())) else "کنونی",
                start=t.start_date,
                end=t.ended_on or t.end_date,
            )
            for t in rows
        ],
        order=50,
    )


def _url(meeting: Any) -> str:
    from django.urls import NoReverseMatch

    from .services import meeting_url

    try:
        return meeting_url(meeting)
    except NoReverseMatch:
        return ""


def attendance(user: Any, person: Any) -> Facet:
    rows = (
        Attendance.objects.filter(person=person, meeting__body__in=_bodies(user))
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "-pk")[:50]
    )
    return Facet(
        "meetings.attendance",
        "حضور در جلسه‌ها",
        [
            Row(
                title=str(a.meeting),
                url=_url(a.meeting),
                detail=a.meeting.body.name,
                status="حاضر" if a.present else "غایب",
                start=a.meeting.starts_at.date(),
            )
            for a in rows
        ],
        order=60,
    )


def _today():  # type: ignore[no-untyped-def]
    from kanoon.core import jalali

    return jalali.today()


def register() -> None:
    from kanoon.people.registry import facets

    facets.register("meetings.seats", seats, order=50)
    facets.register("meetings.attendance", attendance, order=60)
