"""Writes of the meetings app. Every function is keyword-only, runs in one transaction,
re-checks the actor's scope on the saved object and validates with `full_clean()`.

`actor=None` is the system (demo, tasks, other apps' services that checked already); any other
actor must hold the right in scope. Bodies of a kind another app manages (a health assembly) are
created and configured by that app; their seats and meetings go through here all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import ExitStack
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from kanoon.core import formats, jalali, scope
from kanoon.notifications.services import notify

from . import selectors
from .kinds import BodyKind, body_kinds
from .models import (
    AgendaItem,
    Attendance,
    Body,
    Invitation,
    Meeting,
    MeetingStatus,
    Resolution,
    ResolutionStatus,
    Seat,
    SeatTerm,
)
from .signals import minutes_recorded, watchers

NOT_ALLOWED = "شما اجازهٔ این کار را ندارید."
MANAGED = "{label} از بخش خودش تشکیل و تنظیم می‌شود."


class NotificationKind(models.TextChoices):
    """The meetings app's notification kinds (registered with `kanoon.notifications`)."""

    INVITATION = "invitation", "دعوت به جلسه"


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_path(actor: Any, model: type, action: str, path: str) -> None:
    if actor is not None and not scope.path_in_scope(actor, model, action, path):
        raise PermissionDenied(NOT_ALLOWED)


def _require_text(field: str, value: str | None, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def meeting_url(meeting: Meeting) -> str:
    """The page of a meeting: the owning app's page for managed kinds (a health assembly's)."""
    spec = meeting.body.spec
    if spec.managed_by:
        return reverse(f"{spec.managed_by}:meeting_detail", args=[meeting.pk])
    return reverse("meetings:meeting_detail", args=[meeting.pk])


# ---------------------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------------------


def _refuse_managed(kind: str) -> None:
    spec = body_kinds.get(kind) if kind in BodyKind.values else None
    if spec is None:
        raise ValidationError({"kind": "نوع نهاد نامعتبر است."})
    if spec.managed_by:
        raise ValidationError({"kind": MANAGED.format(label=spec.label)})


def _check_organization(actor: Any, organization: Any) -> None:
    if organization is None or actor is None:
        return
    from kanoon.organizations.models import Organization

    if not scope.path_in_scope(actor, Organization, "view", organization.unit.path):
        raise ValidationError({"organization": "این سازمان در محدودهٔ شما نیست."})


@transaction.atomic
def body_create(
    *,
    actor: Any,
    kind: str,
    unit: Any,
    name: str,
    description: str = "",
    quorum_percent: int | None = None,
    quorum_count: int | None = None,
) -> Body:
    """A new working group, council, committee or standing expert meeting on a unit."""
    _refuse_managed(kind)
    if unit is None:
        raise ValidationError({"unit": "واحد را مشخص کنید."})
    _require_path(actor, Body, "add", unit.path)
    body = Body(
        kind=kind,
        unit=unit,
        name=name,
        description=description or "",
        quorum_percent=quorum_percent or Body._meta.get_field("quorum_percent").default,
        quorum_count=quorum_count or None,
    )
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(
    *,
    actor: Any,
    body: Body,
    name: str | None = None,
    description: str | None = None,
    quorum_percent: int | None = None,
    quorum_count: int | None | bool = False,
    is_active: bool | None = None,
) -> Body:
    """Change a body's settings; `quorum_count=None` clears a fixed count (False: unchanged)."""
    _require_path(actor, Body, "change", body.unit.path)
    _refuse_managed(body.kind)
    if name is not None:
        body.name = name
    if description is not None:
        body.description = description
    if quorum_percent is not None:
        body.quorum_percent = quorum_percent
    if quorum_count is not False:
        body.quorum_count = quorum_count or None
    if is_active is not None:
        if not is_active and body.meetings.filter(selectors.upcoming_q()).exists():
            raise ValidationError({"is_active": "این نهاد جلسهٔ برنامه‌ریزی‌شده دارد؛ ابتدا آن را لغو کنید."})
        body.is_active = is_active
    body.full_clean()
    body.save()
    return body


# ---------------------------------------------------------------------------------------
# Seats and terms
# ---------------------------------------------------------------------------------------


@transaction.atomic
def seat_create(*, actor: Any, body: Body, kind: str = "", group: str = "", title: str = "") -> Seat:
    """A seat of a catalog kind (health assemblies) or a member place in a group (the others)."""
    _require_path(actor, Seat, "add", body.unit.path)
    if not body.is_active:
        raise ValidationError({"body": "این نهاد غیرفعال است."})
    seat = Seat(body=body, kind=kind or "", group=group or "", title=title or "")
    seat.full_clean(exclude=["group"])  # clean() sets it from the kind or checks it
    seat.save()
    return seat


@transaction.atomic
def seat_update(*, actor: Any, seat: Seat, title: str | None = None, is_active: bool | None = None) -> Seat:
    _require_path(actor, Seat, "change", seat.body.unit.path)
    if title is not None:
        seat.title = title
    if is_active is not None:
        if not is_active and seat.terms.filter(SeatTerm.current_q(jalali.today())).exists():
            raise ValidationError({"is_active": "ابتدا دورهٔ عضویت فعلی این کرسی را پایان دهید."})
        seat.is_active = is_active
    seat.full_clean(exclude=["group"])
    seat.save()
    return seat


@transaction.atomic
def seat_assign(
    *,
    actor: Any,
    seat: Seat,
    person: Any,
    start_date: dt.date,
    end_date: dt.date | None = None,
    organization: Any = None,
) -> SeatTerm:
    """Give the seat to a person for a term (from start to end; open-ended without an end),
    optionally as the representative of an organization."""
    _require_path(actor, Seat, "change", seat.body.unit.path)
    if not seat.is_active:
        raise ValidationError({"seat": "این کرسی غیرفعال است."})
    _check_organization(actor, organization)
    term = SeatTerm(
        seat=seat, person=person, start_date=start_date, end_date=end_date, organization=organization
    )
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def term_end(*, actor: Any, term: SeatTerm, ended_on: dt.date, reason: str = "") -> SeatTerm:
    """End a term early (resignation, replacement); the seat becomes vacant from the next day."""
    _require_path(actor, Seat, "change", term.seat.body.unit.path)
    if term.ended_on is not None:
        raise ValidationError({"ended_on": "این دوره پیش‌تر پایان یافته است."})
    term.ended_on = ended_on
    term.end_reason = (reason or "").strip()
    term.full_clean()
    term.save()
    return term


# ---------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------


PAST_START = (
    "این زمان گذشته است. برای جلسهٔ تازه زمانی در آینده برگزینید؛ اگر جلسه‌ای را که برگزار شده ثبت می‌کنید، "
    "«ثبت جلسهٔ برگزارشده» را بزنید."
)
FUTURE_RECORDED = (
    "جلسه‌ای که هنوز برگزار نشده را نمی‌توان برگزارشده ثبت کرد؛ تیک «ثبت جلسهٔ برگزارشده» را بردارید."
)


def schedule_time_problem(starts_at: dt.datetime, record_past: bool) -> dict[str, str]:
    """What the scheduling form and the API say about a meeting's time: a time already past is
    refused unless the user says they are recording a meeting that was held ({field: message})."""
    past = starts_at < timezone.now()
    if past and not record_past:
        return {"starts_at": PAST_START}
    if record_past and not past:
        return {"record_past": FUTURE_RECORDED}
    return {}


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    body: Body,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    agenda: Iterable[str] = (),
    quorum_percent: int | None = None,
    quorum_count: int | None = None,
) -> Meeting:
    """A meeting of the body; its quorum rule is the body's unless given."""
    _require_path(actor, Meeting, "add", body.unit.path)
    if not body.is_active:
        raise ValidationError({"body": "این نهاد غیرفعال است."})
    meeting = Meeting(
        body=body,
        title=title,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        quorum_percent=quorum_percent or body.quorum_percent,
        quorum_count=quorum_count if quorum_count is not None else body.quorum_count,
        created_by=_user(actor),
    )
    meeting.full_clean()
    meeting.save()
    _agenda_set(meeting, agenda)
    return meeting


def _agenda_set(meeting: Meeting, agenda: Iterable[str]) -> None:
    """Make the meeting's current agenda read `agenda`, keeping every version of every item.

    An unchanged line keeps its item; a changed line edits an existing item in place; lines
    that are gone are marked removed. Nothing is deleted: each save writes the item's history."""
    texts = [t.strip() for t in agenda if t and t.strip()]
    current = list(meeting.agenda.current().order_by("order", "pk"))
    chosen: list[AgendaItem | None] = [None] * len(texts)
    for i, text in enumerate(texts):  # first keep the items whose text did not change
        same = next((item for item in current if item.title == text), None)
        if same is not None:
            chosen[i] = same
            current.remove(same)
    for i in range(len(texts)):  # then reword the remaining items, in their order
        if chosen[i] is None and current:
            chosen[i] = current.pop(0)
    for order, (text, item) in enumerate(zip(texts, chosen, strict=True), start=1):
        item = item or AgendaItem(meeting=meeting)
        if item.pk is None or item.title != text or item.order != order:
            item.title, item.order = text, order
            item.full_clean()
            item.save()
    now = timezone.now()
    for item in current:  # lines that are gone
        item.removed_at = now
        item.save()


MEETING_FIELDS = {"title", "starts_at", "place", "online_link", "quorum_percent", "quorum_count"}


def _watched(meeting: Meeting) -> ExitStack:
    """The watchers' context managers around a change of the meeting (see `signals.watchers`)."""
    stack = ExitStack()
    for entry in watchers:
        stack.enter_context(entry.func([meeting.pk]))
    return stack


@transaction.atomic
def meeting_update(
    *, actor: Any, meeting: Meeting, agenda: Iterable[str] | None = None, **fields: Any
) -> Meeting:
    _require_path(actor, Meeting, "change", meeting.body.unit.path)
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": "جلسهٔ لغوشده را نمی‌توان تغییر داد."})
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting.full_clean()
    with _watched(meeting):
        meeting.save()
    if agenda is not None:
        _agenda_set(meeting, agenda)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str = "") -> Meeting:
    _require_path(actor, Meeting, "change", meeting.body.unit.path)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError({"status": "فقط جلسهٔ برنامه‌ریزی‌شده لغو می‌شود."})
    meeting.status = MeetingStatus.CANCELLED
    if reason:
        meeting.minutes = f"لغو جلسه: {reason.strip()}"
    meeting.save()
    return meeting


@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting) -> list[Invitation]:
    """Invite every seat holder (as of the meeting day) who is not invited yet: an SMS to their
    mobile, and an in-app notification (`notify`) to the body's staff. Returns the new invitations."""
    _require_path(actor, Meeting, "change", meeting.body.unit.path)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError({"status": "دعوت فقط برای جلسهٔ برنامه‌ریزی‌شده فرستاده می‌شود."})
    body = meeting.body
    already = set(meeting.invitations.values_list("person_id", flat=True))
    terms = selectors.current_terms(body, selectors.meeting_day(meeting))
    new: list[Invitation] = []
    messages: list[tuple[str, str]] = []
    when = jalali.format_datetime(meeting.starts_at)
    where = meeting.place or meeting.online_link
    for term in terms:
        if term.person_id in already:
            continue
        already.add(term.person_id)
        channels = "sms" if term.person.mobile else ""
        new.append(Invitation(meeting=meeting, person=term.person, seat=term.seat, channels=channels))
        if term.person.mobile:
            messages.append(
                (
                    term.person.mobile,
                    f"{term.person.full_name} گرامی، به جلسهٔ «{meeting.title}» {body.name} "
                    f"در {when}، {where} دعوت شده‌اید.",
                )
            )
    Invitation.objects.bulk_create(new)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at", "updated_at"])
    if messages:
        from .tasks import send_sms_batch

        transaction.on_commit(lambda: send_sms_batch.delay(messages))
    notify(
        users=selectors.body_recipients(body),
        kind=NotificationKind.INVITATION,
        title=f"دعوت به جلسهٔ «{meeting.title}» — {when}",
        body=f"{formats.number(len(new))} دعوت‌نامه برای اعضای {body.name} فرستاده شد. محل: {where}",
        url=meeting_url(meeting),
    )
    return new


@transaction.atomic
def meeting_record_attendance(*, actor: Any, meeting: Meeting, present: Iterable[int]) -> selectors.Quorum:
    """Record who of the seat holders (on the meeting day) attended; returns the quorum."""
    _require_path(actor, Meeting, "change", meeting.body.unit.path)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": "جلسه لغو شده است."})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"starts_at": "حضور و غیاب پس از آغاز جلسه ثبت می‌شود."})
    holders = {t.person_id: t for t in selectors.current_terms(meeting.body, selectors.meeting_day(meeting))}
    try:
        present_ids = {int(p) for p in present}
    except (TypeError, ValueError):
        raise ValidationError({"present": "شناسهٔ افراد حاضر باید عدد باشد."}) from None
    if present_ids - set(holders):
        raise ValidationError({"present": "فقط اعضای دارای کرسی در روز جلسه را می‌توان حاضر زد."})
    existing = {a.person_id: a for a in meeting.attendance.all()}
    for person_id, term in holders.items():
        row = existing.get(person_id) or Attendance(meeting=meeting, person_id=person_id, seat=term.seat)
        row.present = person_id in present_ids
        row.save()
    return selectors.meeting_quorum(meeting)


@transaction.atomic
def meeting_record_minutes(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    """Record the minutes; the meeting is then held (and `minutes_recorded` is sent)."""
    _require_path(actor, Meeting, "change", meeting.body.unit.path)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": "جلسه لغو شده است."})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"minutes": "صورت‌جلسه پس از برگزاری جلسه ثبت می‌شود."})
    meeting.minutes = _require_text("minutes", minutes, "متن صورت‌جلسه را وارد کنید.")
    meeting.status = MeetingStatus.HELD
    meeting.minutes_recorded_at = timezone.now()
    meeting.full_clean()
    with _watched(meeting):
        meeting.save()
    minutes_recorded.send(sender=Meeting, meeting=meeting)
    return meeting


# ---------------------------------------------------------------------------------------
# Resolutions
# ---------------------------------------------------------------------------------------


@transaction.atomic
def resolution_add(*, actor: Any, meeting: Meeting, text: str, owner: str, due_date: dt.date) -> Resolution:
    """A resolution of a held meeting that had its quorum."""
    _require_path(actor, Resolution, "add", meeting.body.unit.path)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({"meeting": "مصوبه برای جلسهٔ برگزارشده (با صورت‌جلسه) ثبت می‌شود."})
    quorum = selectors.meeting_quorum(meeting)
    if not quorum.met:
        raise ValidationError(
            {
                "meeting": f"جلسه به حد نصاب نرسیده است ({formats.number(quorum.present)} از {formats.number(quorum.required)} نفر لازم)."
            }
        )
    number = (meeting.resolutions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    resolution = Resolution(meeting=meeting, number=number, text=text, owner=owner, due_date=due_date)
    resolution.full_clean()
    resolution.save()
    return resolution


@transaction.atomic
def resolution_set_status(*, actor: Any, resolution: Resolution, status: str, note: str = "") -> Resolution:
    """Follow a resolution up: in progress, done or dropped, with a note."""
    _require_path(actor, Resolution, "change", resolution.meeting.body.unit.path)
    if status not in ResolutionStatus.values:
        raise ValidationError({"status": "وضعیت نامعتبر است."})
    resolution.status = status
    resolution.status_note = (note or "").strip()
    resolution.full_clean()
    resolution.save()
    return resolution
