"""Writes for centers, people, memberships, groups, elections and establishment progress.

Every function is keyword-only, runs in one transaction, calls `full_clean()` and re-checks the
actor's scope on the saved object (`actor=None` is the system itself: imports, public sign-up,
other apps reporting facts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from kanoon.core import jalali, scope
from kanoon.core.text import search_key
from kanoon.files.models import Attachment
from kanoon.files.selectors import attachments_of
from kanoon.files.services import attachment_add
from kanoon.geo.models import Unit
from kanoon.notifications.services import notify

# Person writes live in kanoon.people; re-exported for the centers' own callers.
from kanoon.people.services import (  # noqa: F401
    DUPLICATE_PERSON,
    IDENTITY_ELSEWHERE,
    PERSON_FIELDS,
    check_person_fields,
    person_by_code,
    person_create,
    person_editable,
    person_update,
)

from . import kinds, rollups
from .models import (
    TRANSITIONS,
    AutoRule,
    Candidate,
    Center,
    CenterAction,
    CenterStatus,
    CenterStatusChange,
    Election,
    EstablishmentAction,
    Membership,
    MembershipKind,
    MembershipSource,
    MembershipStatus,
    Office,
    OfficeHolder,
    Person,
    Phase,
    ThematicGroup,
)

NOT_ALLOWED = "شما اجازهٔ این کار را ندارید."

CENTER_FIELDS = {
    "name",
    "kind",
    "venue_kind",
    "venue_name",
    "address",
    "latitude",
    "longitude",
    "phone",
    "logo",
    "opening_date",
    "founded_on",
    "public_description",
    "how_to_join",
    "is_public",
}


def _check(actor: Any, action: str, obj: Any) -> None:
    if actor is not None and not scope.can(actor, action, obj):
        raise PermissionDenied(NOT_ALLOWED)


def _check_center(actor: Any, center: Center, action: str = "change") -> None:
    """Writes to a center's own records need `change` on the center."""
    _check(actor, action, center)


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ----------------------------------------------------------------------------------------
# Centers
# ----------------------------------------------------------------------------------------


@transaction.atomic
def center_create(*, actor: Any, name: str, unit: Unit, **fields: Any) -> Center:
    """A new center on a neighborhood or village; starts as 'proposed' (or the given status)."""
    if actor is not None and not scope.path_in_scope(actor, Center, "add", unit.path):
        raise PermissionDenied(NOT_ALLOWED)
    unknown = set(fields) - CENTER_FIELDS - {"status", "facilitators"}
    if unknown:
        raise TypeError(f"unknown center fields: {sorted(unknown)}")
    facilitators = fields.pop("facilitators", None)
    status = fields.pop("status", None) or CenterStatus.PROPOSED
    today = jalali.today()
    center = Center(name=name, unit=unit, status=status, created_by=_actor_user(actor), **fields)
    center.founded_on = center.founded_on or today
    center.status_changed_on = center.founded_on
    center.full_clean()
    center.save()
    rollups.added("center", [center.pk])
    if facilitators is not None:
        center.facilitators.set(facilitators)
    CenterStatusChange.objects.create(
        center=center,
        from_status="",
        to_status=status,
        changed_on=center.founded_on,
        reason="ثبت کانون",
        changed_by=_actor_user(actor),
    )
    rollups.added("center_status", [center.pk])
    establishment_refresh(center=center)
    return center


@transaction.atomic
def center_update(*, actor: Any, center: Center, **fields: Any) -> Center:
    """Change the center's descriptive fields (status has its own service)."""
    _check_center(actor, center)
    facilitators = fields.pop("facilitators", None)
    unknown = set(fields) - CENTER_FIELDS - {"unit"}
    if unknown:
        raise TypeError(f"unknown center fields: {sorted(unknown)}")
    if "unit" in fields and fields["unit"] != center.unit:
        if actor is not None and not scope.path_in_scope(actor, Center, "add", fields["unit"].path):
            raise PermissionDenied(NOT_ALLOWED)
    moved = "unit" in fields and fields["unit"].pk != center.unit_id
    # a center that moves takes its members and groups (their roll-ups) along
    members = list(center.memberships.values_list("pk", flat=True)) if moved else []
    groups = list(center.groups.values_list("pk", flat=True)) if moved else []
    with (
        rollups.tracking("center", [center.pk]),
        rollups.tracking("center_status", [center.pk] if moved else []),
        rollups.tracking("membership", members),
        rollups.tracking("group", groups),
    ):
        for key, value in fields.items():
            setattr(center, key, value)
        center.full_clean()
        center.save()
        if facilitators is not None:
            center.facilitators.set(facilitators)
        establishment_check_facts(center=center)
    return center


@transaction.atomic
def center_set_status(
    *, actor: Any, center: Center, status: str, on: dt.date | None = None, reason: str = ""
) -> CenterStatusChange:
    """Move a center to another status along `TRANSITIONS`, dated, with a reason, by the actor."""
    _check_center(actor, center)
    given = center
    center = Center.objects.select_for_update().get(pk=center.pk)
    if status not in CenterStatus.values:
        raise ValidationError({"status": "وضعیت نامعتبر است."})
    if status not in TRANSITIONS.get(center.status, set()):
        raise ValidationError(
            {
                "status": f"کانون «{CenterStatus(center.status).label}» را نمی‌توان به «{CenterStatus(status).label}» برد."
            }
        )
    if status in (CenterStatus.SUSPENDED, CenterStatus.CLOSED) and not reason.strip():
        raise ValidationError({"reason": "دلیل تعلیق یا بستن کانون را بنویسید."})
    if status == CenterStatus.ESTABLISHING and center.status == CenterStatus.CLOSED:
        if actor is not None and not scope.can(actor, "delete", center):
            raise PermissionDenied("بازگشایی کانون بسته‌شده فقط با کارشناسان است.")
    on = on or jalali.today()
    if on > jalali.today():
        raise ValidationError({"on": "تاریخ تغییر وضعیت نمی‌تواند در آینده باشد."})
    if center.status_changed_on and on < center.status_changed_on:
        raise ValidationError({"on": "تاریخ تغییر وضعیت نمی‌تواند پیش از آخرین تغییر وضعیت باشد."})
    change = CenterStatusChange(
        center=center,
        from_status=center.status,
        to_status=status,
        changed_on=on,
        reason=reason.strip(),
        changed_by=_actor_user(actor),
    )
    change.full_clean()
    with rollups.tracking("center", [center.pk]), rollups.tracking("center_status", [center.pk]):
        change.save()
        center.status = status
        center.status_changed_on = on
        center.save(update_fields=["status", "status_changed_on", "updated_at"])
    given.status, given.status_changed_on = center.status, center.status_changed_on
    return change


# ----------------------------------------------------------------------------------------
# Memberships
# ----------------------------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    center: Center,
    person: Person,
    kind: str = MembershipKind.MEMBER,
    joined_on: dt.date | None = None,
    status: str = MembershipStatus.ACTIVE,
    source: str = MembershipSource.STAFF,
    note: str = "",
) -> Membership:
    """Add a person to a center (active by default; pending for public sign-ups)."""
    _check_center(actor, center)
    if center.is_closed:
        raise ValidationError({"center": "کانون بسته‌شده عضو تازه نمی‌پذیرد."})
    membership = Membership(
        center=center,
        person=person,
        kind=kind,
        status=status,
        joined_on=joined_on or jalali.today(),
        source=source,
        note=note,
        decided_by=_actor_user(actor) if status == MembershipStatus.ACTIVE else None,
    )
    membership.full_clean()
    membership.save()
    rollups.added("membership", [membership.pk])
    if status == MembershipStatus.ACTIVE:
        establishment_record_fact(center=center, rule=AutoRule.MEMBERS_REGISTERED, on=membership.joined_on)
    return membership


@transaction.atomic
def member_register(
    *,
    actor: Any,
    center: Center,
    national_code: str,
    kind: str = MembershipKind.MEMBER,
    joined_on: dt.date | None = None,
    **person_fields: Any,
) -> tuple[Membership, bool]:
    """Add a member by national code: link the existing person, or create them first.
    Returns (membership, person_created)."""
    _check_center(actor, center)
    person = person_by_code(national_code)
    created = person is None
    if created or all(person_fields.get(k) for k in ("first_name", "last_name", "gender")):
        # The caller's data is checked the same way whether the code is new or already on file,
        # so no error tells the two apart.
        check_person_fields(national_code=national_code, registered_unit=center.unit, **person_fields)
    if created:
        person = person_create(
            actor=None,  # the center's writers may register people for it
            national_code=national_code,
            registered_unit=center.unit,
            **person_fields,
        )
        person.created_by = _actor_user(actor)
        person.save(update_fields=["created_by"])
    # An existing person is linked as they are: nothing the caller typed overwrites their record.
    membership = membership_add(actor=actor, center=center, person=person, kind=kind, joined_on=joined_on)
    return membership, created


@transaction.atomic
def membership_update(*, actor: Any, membership: Membership, **fields: Any) -> Membership:
    """Change a membership's kind or note (status moves have their own services)."""
    _check_center(actor, membership.center)
    unknown = set(fields) - {"kind", "note"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "این فیلد اینجا تغییر نمی‌کند."})
    for key, value in fields.items():
        setattr(membership, key, value)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_decide(*, actor: Any, membership: Membership, accept: bool, note: str = "") -> Membership:
    """The secretary (or staff) accepts or declines a pending sign-up."""
    _check_center(actor, membership.center)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError({"status": "فقط درخواست‌های در انتظار را می‌توان پذیرفت یا رد کرد."})
    membership.status = MembershipStatus.ACTIVE if accept else MembershipStatus.DECLINED
    membership.decided_by = _actor_user(actor)
    if accept:
        membership.joined_on = jalali.today()
    if note:
        membership.note = note
    membership.full_clean()
    with rollups.tracking("membership", [membership.pk]):
        membership.save()
    _tell_the_person(membership)
    if accept:
        establishment_record_fact(
            center=membership.center, rule=AutoRule.MEMBERS_REGISTERED, on=membership.joined_on
        )
    return membership


@transaction.atomic
def membership_leave(
    *, actor: Any, membership: Membership, on: dt.date | None = None, note: str = ""
) -> Membership:
    """End a membership; the record stays."""
    _check_center(actor, membership.center)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"status": "فقط عضویت فعال را می‌توان پایان داد."})
    membership.status = MembershipStatus.LEFT
    membership.left_on = on or jalali.today()
    if note:
        membership.note = note
    membership.full_clean()
    with rollups.tracking("membership", [membership.pk]):
        membership.save()
    return membership


@transaction.atomic
def volunteer_signup(
    *,
    center: Center,
    national_code: str,
    first_name: str,
    last_name: str,
    gender: str,
    mobile: str,
    birth_date: dt.date | None = None,
    consent: bool = False,
    note: str = "",
) -> Membership:
    """Public sign-up on a center's page: a pending volunteer membership the secretary decides.
    An existing person is linked, never overwritten (their data is not shown to the public)."""
    if not consent:
        raise ValidationError({"consent": "برای ثبت‌نام، رضایت به استفاده از اطلاعات لازم است."})
    if not center.is_public or center.status not in (CenterStatus.ESTABLISHING, CenterStatus.ACTIVE):
        raise ValidationError({"center": "این کانون اکنون عضو نمی‌پذیرد."})
    supplied = {
        "first_name": first_name,
        "last_name": last_name,
        "gender": gender,
        "mobile": mobile,
        "birth_date": birth_date,
        "consent_on": jalali.today(),
    }
    # Checked the same way for a new and a known national code: the public learns nothing.
    check_person_fields(national_code=national_code, registered_unit=center.unit, **supplied)
    person = person_by_code(national_code)
    if person is None:
        person = person_create(
            actor=None, national_code=national_code, registered_unit=center.unit, **supplied
        )
    elif not _same_person(person, first_name=first_name, last_name=last_name, gender=gender):
        # A known code with another name: nothing is linked (the request would put the stored
        # record's real name in front of the center's staff), and the answer is the same "done".
        return Membership(center=center, person=person, status=MembershipStatus.PENDING)
    open_ = Membership.objects.filter(center=center, person=person, status__in=["pending", "active"])
    existing = open_.first()
    if existing is not None:
        # Same answer as a fresh sign-up: the public page never tells who is already a member.
        return existing
    membership = membership_add(
        actor=None,
        center=center,
        person=person,
        kind=MembershipKind.VOLUNTEER,
        status=MembershipStatus.PENDING,
        source=MembershipSource.PUBLIC,
        note=note[:500],
    )
    _tell_secretaries(center)
    return membership


def _same_person(person: Person, *, first_name: str, last_name: str, gender: str) -> bool:
    """Whether what an anonymous applicant typed names the stored record (letters normalized:
    Arabic ي/ك, ZWNJ and spacing do not matter)."""
    return (
        search_key(first_name) == search_key(person.first_name)
        and search_key(last_name) == search_key(person.last_name)
        and gender == person.gender
    )


def _tell_secretaries(center: Center) -> None:
    """Tell the center's secretaries (role holders at its unit) about a new public sign-up: in-app,
    and SMS/e-mail as each one's preference for "membership_request" allows."""
    from kanoon.accounts.models import User

    secretaries = User.objects.filter(
        is_active=True,
        assignments__role=scope.CENTER_SECRETARY,
        assignments__unit=center.unit,
        assignments__is_active=True,
    ).distinct()
    notify(
        users=secretaries,
        kind=kinds.MEMBERSHIP_REQUEST,
        title=f"درخواست عضویت تازه‌ای در «{center.name}» منتظر پذیرش شماست.",
        url=reverse("centers:member_list", args=[center.pk]) + "?status=pending",
        obj=center,
    )


def _tell_the_person(membership: Membership) -> None:
    """Tell the person whose sign-up was decided, when they have an account (an active user with
    the person's mobile number)."""
    from kanoon.accounts.models import User

    mobile = membership.person.mobile
    user = User.objects.filter(mobile=mobile, is_active=True).first() if mobile else None
    if user is None:
        return
    center = membership.center
    verdict = "پذیرفته شد" if membership.status == MembershipStatus.ACTIVE else "پذیرفته نشد"
    notify(
        user=user,
        kind=kinds.MEMBERSHIP_DECISION,
        title=f"درخواست عضویت شما در «{center.name}» {verdict}.",
        body=membership.note,
        url=reverse("centers_public:center", args=[center.pk]) if center.is_public else "",
    )


# ----------------------------------------------------------------------------------------
# Thematic groups
# ----------------------------------------------------------------------------------------


def _members_of(center: Center, people: Iterable[Person]) -> list[Person]:
    people = list(people)
    active = set(
        Membership.objects.filter(
            center=center, status=MembershipStatus.ACTIVE, person__in=people
        ).values_list("person_id", flat=True)
    )
    outsiders = [p for p in people if p.pk not in active]
    if outsiders:
        names = "، ".join(p.full_name for p in outsiders[:5])
        raise ValidationError({"members": f"این افراد عضو فعال کانون نیستند: {names}"})
    return people


@transaction.atomic
def group_create(
    *,
    actor: Any,
    center: Center,
    name: str,
    topic: str,
    head: Person | None = None,
    members: Sequence[Person] = (),
    formed_on: dt.date | None = None,
) -> ThematicGroup:
    _check_center(actor, center)
    group = ThematicGroup(
        center=center, name=name, topic=topic, head=head, formed_on=formed_on or jalali.today()
    )
    group.full_clean()
    people = _members_of(center, [*members, *([head] if head else [])])
    group.save()
    rollups.added("group", [group.pk])
    group.members.set(set(people))
    establishment_record_fact(center=center, rule=AutoRule.GROUP_FORMED, on=group.formed_on)
    return group


@transaction.atomic
def group_update(
    *, actor: Any, group: ThematicGroup, members: Sequence[Person] | None = None, **fields: Any
) -> ThematicGroup:
    _check_center(actor, group.center)
    for key in ("name", "topic", "head", "formed_on", "is_active"):
        if key in fields:
            setattr(group, key, fields[key])
    group.full_clean()
    with rollups.tracking("group", [group.pk]):
        group.save()
    if members is not None or "head" in fields:
        people = list(members if members is not None else group.members.all())
        if group.head:
            people.append(group.head)
        group.members.set(set(_members_of(group.center, people)))
    return group


# ----------------------------------------------------------------------------------------
# Elections
# ----------------------------------------------------------------------------------------


def _election_winners(candidates: Sequence[dict[str, Any]]) -> dict[str, Person]:
    by_office: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in candidates:
        by_office[row["office"]].append(row)
    return {
        office: max(rows, key=lambda r: int(r.get("votes") or 0))["person"]
        for office, rows in by_office.items()
    }


def election_problems(
    *,
    center: Center,
    candidates: Sequence[dict[str, Any]],
    held_on: dt.date | None = None,
    voters: int | None = None,
    term_months: int | None = None,
) -> dict[str, list[str]]:
    """Every problem of an election's record at once ({field: [Persian messages]}; the form shows
    them in one pass, the service refuses if any). Fields not given (None) are not checked."""
    errors: dict[str, list[str]] = defaultdict(list)

    def add(field: str, message: str) -> None:
        if message not in errors[field]:
            errors[field].append(message)

    if held_on is not None and held_on > jalali.today():
        add("held_on", "تاریخ انتخابات نمی‌تواند در آینده باشد.")
    if term_months is not None and not 1 <= term_months <= 120:
        add("term_months", "مدت دوره باید بین ۱ تا ۱۲۰ ماه باشد.")
    by_office: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in candidates:
        if row.get("office") not in Office.values:
            add("candidates", "سمت نامزد باید دبیر یا جانشین باشد.")
            continue
        if int(row.get("votes") or 0) < 0:
            add("candidates", "تعداد آرا نمی‌تواند منفی باشد.")
        by_office[row["office"]].append(row)
    missing = [Office(o).label for o in Office.values if not by_office.get(o)]
    if missing:
        add("candidates", f"برای این سمت‌ها نامزدی ثبت نشده است: {'، '.join(missing)}")
    try:
        _members_of(center, [row["person"] for row in candidates])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                add(field, message)
    winners: dict[str, Any] = {}
    for office, rows in by_office.items():
        label = Office(office).label
        ids = [r["person"].pk for r in rows]
        if len(ids) != len(set(ids)):
            add("candidates", f"یک نفر دو بار نامزد «{label}» شده است.")
        if voters is not None and sum(int(r.get("votes") or 0) for r in rows) > voters:
            add("voters", f"مجموع آرای «{label}» از تعداد رأی‌دهندگان بیشتر است.")
        top = max(int(r.get("votes") or 0) for r in rows)
        best = [r for r in rows if int(r.get("votes") or 0) == top]
        if top <= 0:
            add("candidates", f"هیچ نامزدی برای «{label}» رأی نیاورده است.")
        elif len(best) > 1:
            add("candidates", f"آرای نامزدهای «{label}» برابر است؛ پیش از ثبت، تکلیف را روشن کنید.")
        else:
            winners[office] = best[0]["person"]
    if len(winners) == 2 and winners[Office.SECRETARY].pk == winners[Office.DEPUTY].pk:
        add("candidates", "یک نفر نمی‌تواند هم دبیر باشد و هم جانشین.")
    return dict(errors)


@transaction.atomic
def election_record(
    *,
    actor: Any,
    center: Center,
    held_on: dt.date,
    voters: int,
    candidates: Sequence[dict[str, Any]],
    term_months: int = 24,
    observers: str = "",
    note: str = "",
) -> Election:
    """Record an election (candidates: dicts with person, office, votes). The most voted
    candidate of each office wins; a tie must be settled before recording. The winners become
    the current secretary and deputy; the previous holders' terms end on the election date."""
    _check_center(actor, center)
    problems = election_problems(
        center=center, held_on=held_on, voters=voters, candidates=candidates, term_months=term_months
    )
    if problems:
        raise ValidationError(problems)
    winners = _election_winners(candidates)
    election = Election(
        center=center,
        held_on=held_on,
        voters=voters,
        term_months=term_months,
        observers=observers,
        note=note,
        recorded_by=_actor_user(actor),
    )
    election.full_clean()
    election.save()
    Candidate.objects.bulk_create(
        Candidate(
            election=election,
            person=row["person"],
            office=row["office"],
            votes=int(row.get("votes") or 0),
            elected=winners[row["office"]].pk == row["person"].pk,
        )
        for row in candidates
    )
    current = OfficeHolder.objects.select_for_update().filter(center=center, ended_on__isnull=True)
    if current.filter(started_on__gt=held_on).exists():
        raise ValidationError({"held_on": "انتخاباتی تازه‌تر از این تاریخ ثبت شده است."})
    current.update(ended_on=held_on)
    for office, person in winners.items():
        OfficeHolder.objects.create(
            center=center, person=person, office=office, election=election, started_on=held_on
        )
    establishment_record_fact(center=center, rule=AutoRule.SECRETARY_ELECTED, on=held_on)
    return election


def current_holders(center: Center) -> dict[str, OfficeHolder]:
    return {
        h.office: h
        for h in OfficeHolder.objects.filter(center=center, ended_on__isnull=True).select_related("person")
    }


# ----------------------------------------------------------------------------------------
# Establishment tracker
# ----------------------------------------------------------------------------------------


def active_catalog() -> list[EstablishmentAction]:
    return list(
        EstablishmentAction.objects.filter(is_active=True)
        .select_related("strategy__phase")
        .order_by("strategy__number", "order", "pk")
    )


def progress_of(done_ids: set[int], catalog: list[EstablishmentAction]) -> tuple[int, int]:
    """(current phase, percent) from the set of done action ids. The current phase is the first
    phase with an action not done (4 when everything is done)."""
    if not catalog:
        return 1, 0
    done = sum(1 for a in catalog if a.pk in done_ids)
    percent = round(100 * done / len(catalog))
    phase = 4
    phases = sorted({a.strategy.phase.number for a in catalog})
    for number in phases:
        if any(a.pk not in done_ids for a in catalog if a.strategy.phase.number == number):
            phase = number
            break
    else:
        phase = phases[-1]
    return phase, percent


@transaction.atomic
def establishment_refresh(*, center: Center) -> Center:
    """Recompute the center's phase, percentage and date of last progress."""
    catalog = active_catalog()
    done = CenterAction.objects.filter(center=center, action__is_active=True)
    done_ids = set(done.values_list("action_id", flat=True))
    phase, percent = progress_of(done_ids, catalog)
    last = done.aggregate(last=Max("done_on"))["last"]
    with rollups.tracking("center", [center.pk]):
        Center.objects.filter(pk=center.pk).update(phase=phase, progress=percent, last_progress_on=last)
    center.phase, center.progress, center.last_progress_on = phase, percent, last
    return center


@transaction.atomic
def action_mark_done(
    *,
    actor: Any,
    center: Center,
    action: EstablishmentAction,
    done_on: dt.date,
    note: str = "",
    files: Sequence[Any] = (),
    automatic: bool = False,
) -> CenterAction:
    """Tick an establishment action for a center (with date, note and evidence files, which become
    `kanoon.files` attachments of the record: type checked by content, stored privately). A refused
    file refuses the whole tick."""
    _check_center(actor, center)
    if not action.is_active:
        raise ValidationError({"action": "این اقدام دیگر در فهرست فعال نیست."})
    if done_on > jalali.today():
        raise ValidationError({"done_on": "تاریخ انجام نمی‌تواند در آینده باشد."})
    if CenterAction.objects.filter(center=center, action=action).exists():
        raise ValidationError({"action": "این اقدام از قبل انجام‌شده ثبت شده است."})
    record = CenterAction(
        center=center,
        action=action,
        done_on=done_on,
        note=note,
        automatic=automatic,
        done_by=_actor_user(actor),
    )
    record.full_clean()
    record.save()
    for f in files:
        evidence_add(actor=actor, record=record, file=f)
    establishment_refresh(center=center)
    return record


@transaction.atomic
def action_undo(*, actor: Any, record: CenterAction) -> None:
    """Un-tick an action ticked by mistake (its history is kept by simple-history)."""
    _check_center(actor, record.center)
    if attachments_of(record).exists():
        raise ValidationError({"action": "این اقدام مستند دارد و نمی‌توان آن را برگرداند."})
    center = record.center
    record.delete()
    establishment_refresh(center=center)


@transaction.atomic
def evidence_add(*, actor: Any, record: CenterAction, file: Any, title: str = "") -> Attachment:
    """Attach one evidence file to a ticked action, through `kanoon.files` (size limit, type
    sniffed from the bytes, private storage, history)."""
    _check_center(actor, record.center)
    return attachment_add(actor=actor, parent=record, file=file, kind="evidence", label=title)


@transaction.atomic
def establishment_record_fact(*, center: Center, rule: str, on: dt.date | None = None) -> list[CenterAction]:
    """A fact the platform saw (see `AutoRule`) completes the catalog actions bound to it.

    Other apps call this: assemblies with rule="first_assembly" when a center's neighborhood
    assembly first meets, and rule="action_plan" when its action plan is approved.
    """
    if rule not in AutoRule.values or not rule:
        raise ValueError(f"unknown establishment fact {rule!r}")
    on = min(on or jalali.today(), jalali.today())
    done = set(CenterAction.objects.filter(center=center).values_list("action_id", flat=True))
    created = [
        CenterAction.objects.create(
            center=center,
            action=action,
            done_on=on,
            automatic=True,
            note="تکمیل خودکار از روی داده‌های سامانه",
        )
        for action in EstablishmentAction.objects.filter(auto_rule=rule, is_active=True).exclude(pk__in=done)
    ]
    if created:
        establishment_refresh(center=center)
    return created


def establishment_check_facts(*, center: Center) -> None:
    """Facts held on the center itself: identity (logo or venue) and the opening ceremony."""
    if center.logo or (center.venue_kind and center.address):
        establishment_record_fact(center=center, rule=AutoRule.IDENTITY)
    if center.opening_date and center.opening_date <= jalali.today():
        establishment_record_fact(center=center, rule=AutoRule.OPENING, on=center.opening_date)


def catalog_phases() -> list[Phase]:
    return list(Phase.objects.prefetch_related("strategies__actions").order_by("number"))


def refresh_all_progress(*, centers: Iterable[Center] | None = None) -> int:
    """Recompute every center's progress (after the national admin edits the catalog)."""
    catalog = active_catalog()
    qs = Center.objects.all() if centers is None else centers
    n = 0
    for center in qs:
        done = CenterAction.objects.filter(center=center, action__is_active=True)
        ids = set(done.values_list("action_id", flat=True))
        phase, percent = progress_of(ids, catalog)
        last = done.aggregate(last=Max("done_on"))["last"]
        with rollups.tracking("center", [center.pk]):
            Center.objects.filter(pk=center.pk).update(phase=phase, progress=percent, last_progress_on=last)
        n += 1
    return n


# ----------------------------------------------------------------------------------------
# The establishment catalog (national admin)
# ----------------------------------------------------------------------------------------


def is_national_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        role == scope.NATIONAL_ADMIN for role, _path in scope.user_grants(user)
    )


def _check_national(actor: Any) -> None:
    if not is_national_admin(actor):
        raise PermissionDenied("فهرست اقدامات استقرار را فقط مدیر ملی تغییر می‌دهد.")


@transaction.atomic
def catalog_action_update(*, actor: Any, action: EstablishmentAction, **fields: Any) -> EstablishmentAction:
    """Edit a catalog action (title, order, auto rule, active); progress is recomputed."""
    _check_national(actor)
    for key in ("title", "order", "auto_rule", "is_active"):
        if key in fields:
            setattr(action, key, fields[key])
    action.full_clean()
    action.save()
    _refresh_later()
    return action


@transaction.atomic
def catalog_action_create(
    *, actor: Any, strategy: Any, code: str, title: str, auto_rule: str = ""
) -> EstablishmentAction:
    _check_national(actor)
    order = (strategy.actions.aggregate(m=Max("order"))["m"] or 0) + 1
    action = EstablishmentAction(
        strategy=strategy, code=code.strip(), title=title, order=order, auto_rule=auto_rule
    )
    action.full_clean()
    action.save()
    _refresh_later()
    return action


def _refresh_later() -> None:
    from .tasks import refresh_progress

    transaction.on_commit(refresh_progress.delay)
