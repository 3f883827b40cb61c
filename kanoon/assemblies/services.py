"""Writes of the assemblies app. Every function is keyword-only, runs in one transaction,
re-checks the actor's scope on the saved object and validates with `full_clean()`.

`actor=None` is the system (demo, tasks); any other actor must hold the right in scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kanoon.centers import rollups
from kanoon.core import jalali, scope
from kanoon.geo.models import Kind, Unit
from kanoon.meetings import services as meetings
from kanoon.notifications.services import notification_mark_read, notify  # noqa: F401 (re-exported)

from . import selectors
from .models import (
    ACTIVE_STATUSES,
    DEFAULT_CRITERIA,
    LEVEL_UNIT_KIND,
    PARENT_LEVEL,
    SEAT_GROUP_OF,
    SUPREME_COUNCIL,
    Assembly,
    Criterion,
    Level,
    Meeting,
    NotificationKind,
    Policy,
    PolicyDelivery,
    Problem,
    ProblemScore,
    ProblemSource,
    ProblemStatus,
    ProblemStep,
    ProblemVote,
    Seat,
    SeatKind,
    SeatTerm,
    StepAction,
    Topic,
    default_time_limit,
)

# the write helpers are the shared meetings app's: one copy of each
NOT_ALLOWED = meetings.NOT_ALLOWED
_user = meetings._user
_require_path = meetings._require_path
_require_text = meetings._require_text


# ---------------------------------------------------------------------------------------
# Notifications
# ---------------------------------------------------------------------------------------


def _notify_assembly(assembly: Assembly | None, **kwargs: Any) -> None:
    if assembly is not None:
        notify(users=selectors.assembly_recipients(assembly), **kwargs)


# ---------------------------------------------------------------------------------------
# Assemblies
# ---------------------------------------------------------------------------------------

DEFAULT_SEATS: list[str] = [
    SeatKind.CENTER_SECRETARY,
    SeatKind.THEMATIC_GROUP_HEAD,
    SeatKind.BOARD_HEAD,
    SeatKind.NGO,
    SeatKind.SPECIALIZED_CENTER,
    SeatKind.DONOR,
    SeatKind.BASIJ,
    SeatKind.EDUCATION,
    SeatKind.WELFARE,
    SeatKind.LABOUR,
    SeatKind.HEALTH,
    SeatKind.POLICE,
    SeatKind.ENVIRONMENT,
    SeatKind.MUNICIPALITY,
    SeatKind.VILLAGE_ADMIN,
    SeatKind.CLERGY,
    SeatKind.LOCAL_TRUSTEE,
    SeatKind.PROFESSOR,
]


def default_seat_kinds(level: str, unit: Unit) -> list[str]:
    kinds = list(DEFAULT_SEATS)
    if level == Level.NEIGHBORHOOD:
        kinds.remove(SeatKind.VILLAGE_ADMIN if unit.kind == Kind.NEIGHBORHOOD else SeatKind.MUNICIPALITY)
    else:
        kinds.remove(SeatKind.CENTER_SECRETARY)
    return kinds


def assembly_name(level: str, unit: Unit) -> str:
    if level == Level.NATIONAL:
        return "مجمع ملی سلامت"
    return f"مجمع سلامت {unit.title}"


def parent_assembly_for(level: str, unit: Unit) -> Assembly | None:
    """The assembly of the next level up the territory, if it exists."""
    parent_level = PARENT_LEVEL[level]
    if parent_level is None:
        return None
    parent_unit = unit.ancestor_of_kind(LEVEL_UNIT_KIND[parent_level])
    if parent_unit is None:
        return None
    return Assembly.objects.filter(level=parent_level, unit=parent_unit).first()


def _child_level(level: str) -> str | None:
    return next((lvl for lvl, parent in PARENT_LEVEL.items() if parent == level), None)


@transaction.atomic
def assembly_create(
    *,
    actor: Any,
    level: str,
    unit: Unit | None = None,
    center: Any = None,
    name: str = "",
    quorum_percent: int = 50,
    time_limit_days: int | None = None,
    default_seats: bool = True,
) -> Assembly:
    """A new assembly. Its parent is found from the territory; assemblies of the level below
    that were waiting for it are attached; it gets the default scoring matrix and seats, and
    the policies in force above it."""
    if level not in Level.values:
        raise ValidationError({"level": "سطح مجمع نامعتبر است."})
    if level == Level.NEIGHBORHOOD and center is not None:
        unit = unit or center.unit
    if unit is None:
        raise ValidationError({"unit": "واحد مجمع را مشخص کنید."})
    _require_path(actor, Assembly, "add", unit.path)
    assembly = Assembly(
        level=level,
        unit=unit,
        center=center,
        name=(name or "").strip() or assembly_name(level, unit),
        quorum_percent=quorum_percent,
        time_limit_days=time_limit_days or default_time_limit(level),
    )
    assembly.parent = parent_assembly_for(level, unit)
    assembly.full_clean()
    assembly.save()
    child_level = _child_level(level)
    if child_level:
        Assembly.objects.filter(
            level=child_level, unit__path__startswith=unit.path, parent__isnull=True
        ).exclude(pk=assembly.pk).update(parent=assembly)
    Criterion.objects.bulk_create(
        Criterion(assembly=assembly, key=key, name=label, weight=weight, inverse=inverse, order=i)
        for i, (key, label, weight, inverse) in enumerate(DEFAULT_CRITERIA, start=1)
    )
    if default_seats:
        Seat.objects.bulk_create(
            Seat(body=assembly.body, kind=kind, group=SEAT_GROUP_OF[kind])
            for kind in default_seat_kinds(level, unit)
        )
    in_force = Policy.objects.filter(is_active=True, issuer__unit__path__in=unit.ancestor_paths())
    PolicyDelivery.objects.bulk_create(PolicyDelivery(policy=p, assembly=assembly) for p in in_force)
    return assembly


@transaction.atomic
def assembly_update(
    *,
    actor: Any,
    assembly: Assembly,
    name: str | None = None,
    quorum_percent: int | None = None,
    time_limit_days: int | None = None,
    is_active: bool | None = None,
) -> Assembly:
    _require_path(actor, Assembly, "change", assembly.unit.path)
    if name is not None:
        assembly.name = name
    if quorum_percent is not None:
        assembly.quorum_percent = quorum_percent
    if time_limit_days is not None:
        assembly.time_limit_days = time_limit_days
    if is_active is not None:
        if not is_active and Problem.objects.filter(assembly=assembly, status__in=ACTIVE_STATUSES).exists():
            raise ValidationError({"is_active": "این مجمع مسئلهٔ باز دارد؛ ابتدا آن‌ها را تعیین تکلیف کنید."})
        assembly.is_active = is_active
    assembly.full_clean()
    assembly.save()
    return assembly


# ---------------------------------------------------------------------------------------
# Seats and meetings: the assembly's body in the shared meetings app
# ---------------------------------------------------------------------------------------


def seat_create(*, actor: Any, assembly: Assembly, kind: str, title: str = "") -> Seat:
    return meetings.seat_create(actor=actor, body=assembly.body, kind=kind, title=title)


seat_update = meetings.seat_update


def seat_assign(
    *,
    actor: Any,
    seat: Seat,
    person: Any,
    start_date: dt.date,
    end_date: dt.date | None = None,
    organization: Any = None,
) -> SeatTerm:
    """Give the seat to a person for a term, optionally as an organization's representative
    (an agency seat names the organization its holder represents)."""
    return meetings.seat_assign(
        actor=actor,
        seat=seat,
        person=person,
        start_date=start_date,
        end_date=end_date,
        organization=organization,
    )


def seat_term_end(*, actor: Any, term: SeatTerm, ended_on: dt.date, reason: str = "") -> SeatTerm:
    return meetings.term_end(actor=actor, term=term, ended_on=ended_on, reason=reason)


def meeting_schedule(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    agenda: Iterable[str] = (),
    quorum_percent: int | None = None,
) -> Meeting:
    if not assembly.is_active:
        raise ValidationError({"assembly": "این مجمع غیرفعال است."})
    return meetings.meeting_schedule(
        actor=actor,
        body=assembly.body,
        title=title,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        agenda=agenda,
        quorum_percent=quorum_percent or assembly.quorum_percent,
    )


meeting_update = meetings.meeting_update
meeting_cancel = meetings.meeting_cancel
meeting_invite = meetings.meeting_invite
meeting_record_attendance = meetings.meeting_record_attendance
meeting_record_minutes = meetings.meeting_record_minutes
resolution_add = meetings.resolution_add
resolution_set_status = meetings.resolution_set_status


def on_minutes_recorded(sender: Any, meeting: Meeting, **kwargs: Any) -> None:
    """A neighborhood assembly met: the center's establishment tracker records "the neighborhood
    assembly is held" (strategy 5.3). Connected to `meetings.signals.minutes_recorded`."""
    assembly = meeting.assembly
    if assembly is None or assembly.center_id is None:
        return
    from kanoon.centers.models import AutoRule
    from kanoon.centers.services import establishment_record_fact

    establishment_record_fact(
        center=assembly.center, rule=AutoRule.FIRST_ASSEMBLY, on=timezone.localtime(meeting.starts_at).date()
    )


# ---------------------------------------------------------------------------------------
# Problems: register, prioritize, resolve or refer
# ---------------------------------------------------------------------------------------


def problem_url(problem: Problem) -> str:
    return reverse("assemblies:problem_detail", args=[problem.pk])


def _require_holder(actor: Any, problem: Problem) -> None:
    """Only the users of the assembly that holds the problem now may act on it."""
    _require_path(actor, Problem, "change", problem.assembly.unit.path)


def _step(problem: Problem, action: str, actor: Any, note: str = "", **kw: Any) -> ProblemStep:
    step = ProblemStep.objects.create(problem=problem, action=action, actor=_user(actor), note=note, **kw)
    rollups.added("problem_step", [step.pk])  # referrals and resolutions per unit and quarter
    return step


def _tell_origin(problem: Problem, title: str, body: str = "") -> None:
    if problem.origin_id != problem.assembly_id:
        _notify_assembly(
            problem.origin,
            kind=NotificationKind.PROBLEM_STEP,
            title=title,
            body=body,
            url=problem_url(problem),
        )


@transaction.atomic
def problem_register(
    *,
    actor: Any,
    assembly: Assembly,
    title: str,
    description: str,
    topic: str = Topic.OTHER,
    affected_population: int | None = None,
    evidence: str = "",
    source: str = ProblemSource.MEMBER,
    source_meeting: Meeting | None = None,
    submitted_by: Any = None,
) -> Problem:
    """A problem registered at an assembly (from a needs assessment, a meeting or a member)."""
    _require_path(actor, Problem, "add", assembly.unit.path)
    if not assembly.is_active:
        raise ValidationError({"assembly": "این مجمع غیرفعال است."})
    if source_meeting is not None and source_meeting.body_id != assembly.body_id:
        raise ValidationError({"source_meeting": "جلسه باید از همین مجمع باشد."})
    problem = Problem(
        origin=assembly,
        assembly=assembly,
        title=title,
        description=description,
        topic=topic,
        affected_population=affected_population,
        evidence=evidence or "",
        source=source,
        source_meeting=source_meeting,
        submitted_by=submitted_by,
        arrived_on=jalali.today(),
        created_by=_user(actor),
    )
    problem.full_clean()
    problem.save()
    rollups.added("problem", [problem.pk])
    _step(problem, StepAction.REGISTERED, actor, to_assembly=assembly)
    return problem


PROBLEM_EDITABLE = {"title", "description", "topic", "affected_population", "evidence"}


@transaction.atomic
def problem_update(*, actor: Any, problem: Problem, **fields: Any) -> Problem:
    """Correct the description of an open problem (the holder's users only)."""
    _require_holder(actor, problem)
    unknown = set(fields) - PROBLEM_EDITABLE
    if unknown:
        raise TypeError(f"unknown problem fields: {sorted(unknown)}")
    if not problem.is_active:
        raise ValidationError({"status": "مسئلهٔ بسته ویرایش نمی‌شود."})
    for key, value in fields.items():
        setattr(problem, key, value)
    problem.full_clean()
    problem.save()
    return problem


def _recompute_score(problem: Problem) -> None:
    """Weighted mean of the holder's criteria, scaled to 0–100 (inverse criteria flipped)."""
    criteria = {c.pk: c for c in problem.assembly.criteria.filter(is_active=True, weight__gt=0)}
    values = {s.criterion_id: s.value for s in problem.scores.filter(criterion_id__in=criteria)}
    if not criteria or set(values) != set(criteria):
        problem.score = None
        return
    total_weight = sum(c.weight for c in criteria.values())
    weighted = 0
    for pk, criterion in criteria.items():
        value = values[pk]
        if criterion.inverse:
            value = 6 - value
        weighted += criterion.weight * (value - 1)
    score = Decimal(weighted * 100) / Decimal(total_weight * 4)
    problem.score = score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def problem_score(*, actor: Any, problem: Problem, values: dict[Any, int]) -> Problem:
    """Score a problem on its holder's matrix: {criterion id or key: 1..5}."""
    _require_holder(actor, problem)
    if not problem.is_active:
        raise ValidationError({"status": "مسئلهٔ بسته را نمی‌توان امتیاز داد."})
    criteria = list(problem.assembly.criteria.filter(is_active=True))
    by_key = {c.key: c for c in criteria} | {str(c.pk): c for c in criteria} | {c.pk: c for c in criteria}
    errors = []
    for key, value in values.items():
        criterion = by_key.get(key) if key in by_key else by_key.get(str(key))
        if criterion is None:
            errors.append(f"معیار «{key}» در ماتریس این مجمع نیست.")
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors.append(f"امتیاز «{criterion.name}» باید بین ۱ تا ۵ باشد.")
            continue
        ProblemScore.objects.update_or_create(
            problem=problem, criterion=criterion, defaults={"value": value, "scored_by": _user(actor)}
        )
    if errors:
        raise ValidationError({"values": errors})
    _recompute_score(problem)
    problem.save(update_fields=["score", "updated_at"])
    return problem


@transaction.atomic
def problem_vote(*, actor: Any, problem: Problem, person: Any, period: str | None = None) -> ProblemVote:
    """A seat holder's vote for the problem in this quarter's prioritization (one per person)."""
    _require_holder(actor, problem)
    if not problem.is_active:
        raise ValidationError({"status": "به مسئلهٔ بسته نمی‌توان رأی داد."})
    quarter = jalali.Quarter.parse(period) if period else jalali.Quarter.current()
    holders = {t.person_id for t in selectors.current_terms(problem.assembly, jalali.today())}
    if person.pk not in holders:
        raise ValidationError({"person": "فقط اعضای دارای کرسی در این مجمع رأی می‌دهند."})
    vote, created = ProblemVote.objects.get_or_create(
        problem=problem,
        assembly=problem.assembly,
        person=person,
        period=quarter.code,
        defaults={"recorded_by": _user(actor)},
    )
    if not created:
        raise ValidationError({"person": f"{person} در این دوره به این مسئله رأی داده است."})
    return vote


def _arrive(problem: Problem, assembly: Assembly, status: str) -> None:
    problem.assembly = assembly
    problem.status = status
    problem.arrived_on = jalali.today()
    problem.due_date = problem.arrived_on + dt.timedelta(days=assembly.time_limit_days)
    problem.overdue_notified_on = None
    _recompute_score(problem)


@transaction.atomic
def problem_refer(*, actor: Any, problem: Problem, justification: str) -> Problem:
    """Refer the problem to the parent assembly; at the national level, record it as sent to
    the Supreme Council of Health and Food Security."""
    _require_holder(actor, problem)
    justification = _require_text("justification", justification, "دلیل ارجاع را بنویسید.")
    if not problem.is_active:
        raise ValidationError({"status": "مسئلهٔ بسته را نمی‌توان ارجاع داد."})
    holder = problem.assembly
    if holder.level == Level.NATIONAL:
        problem.status = ProblemStatus.SENT_TO_COUNCIL
        problem.closed_on = jalali.today()
        problem.due_date = None
        problem.full_clean()
        problem.save()
        _step(problem, StepAction.SENT_TO_COUNCIL, actor, justification, from_assembly=holder)
        _tell_origin(problem, f"مسئلهٔ «{problem.title}» به {SUPREME_COUNCIL} فرستاده شد.", justification)
        return problem
    parent = holder.parent
    if parent is None or not parent.is_active:
        raise ValidationError({"assembly": f"مجمع سطح بالاترِ {holder.name} هنوز تشکیل نشده است."})
    _arrive(problem, parent, ProblemStatus.REFERRED)
    problem.full_clean()
    problem.save()
    _step(problem, StepAction.REFERRED, actor, justification, from_assembly=holder, to_assembly=parent)
    _notify_assembly(
        parent,
        kind=NotificationKind.REFERRAL,
        title=f"ارجاع مسئله از {holder.name}: «{problem.title}»",
        body=f"{justification}\nمهلت رسیدگی: {jalali.format_date(problem.due_date)}",
        url=problem_url(problem),
    )
    _tell_origin(problem, f"مسئلهٔ «{problem.title}» به {parent.name} ارجاع شد.", justification)
    return problem


@transaction.atomic
def problem_accept(*, actor: Any, problem: Problem, note: str = "") -> Problem:
    """The receiving assembly takes the referred problem on."""
    _require_holder(actor, problem)
    if problem.status != ProblemStatus.REFERRED:
        raise ValidationError({"status": "فقط مسئلهٔ ارجاع‌شده پذیرفته می‌شود."})
    problem.status = ProblemStatus.ACCEPTED
    problem.save()
    _step(problem, StepAction.ACCEPTED, actor, (note or "").strip(), to_assembly=problem.assembly)
    _tell_origin(problem, f"مسئلهٔ «{problem.title}» در {problem.assembly.name} پذیرفته شد.", note)
    return problem


@transaction.atomic
def problem_return(*, actor: Any, problem: Problem, guidance: str) -> Problem:
    """Send a referred problem back to the assembly that referred it, with guidance."""
    _require_holder(actor, problem)
    guidance = _require_text("guidance", guidance, "راهنمایی برای مجمع ارجاع‌دهنده را بنویسید.")
    if problem.status != ProblemStatus.REFERRED:
        raise ValidationError({"status": "فقط مسئلهٔ ارجاع‌شده بازگردانده می‌شود."})
    last = (
        problem.steps.filter(action=StepAction.REFERRED, to_assembly=problem.assembly)
        .order_by("-at", "-id")
        .first()
    )
    sender = last.from_assembly if last else problem.origin
    holder = problem.assembly
    _arrive(problem, sender, ProblemStatus.RETURNED)
    problem.save()
    _step(problem, StepAction.RETURNED, actor, guidance, from_assembly=holder, to_assembly=sender)
    _notify_assembly(
        sender,
        kind=NotificationKind.REFERRAL,
        title=f"بازگشت مسئلهٔ «{problem.title}» از {holder.name}",
        body=guidance,
        url=problem_url(problem),
    )
    _tell_origin(problem, f"مسئلهٔ «{problem.title}» از {holder.name} با راهنمایی بازگشت.", guidance)
    return problem


@transaction.atomic
def problem_resolve(
    *, actor: Any, problem: Problem, actions: str, outcome: str, resolved_on: dt.date | None = None
) -> Problem:
    """The holder resolved the problem at its level: what was done, the result and the date."""
    _require_holder(actor, problem)
    actions = _require_text("actions", actions, "اقدامات انجام‌شده را بنویسید.")
    outcome = _require_text("outcome", outcome, "نتیجه را بنویسید.")
    if not problem.is_active:
        raise ValidationError({"status": "این مسئله پیش‌تر بسته شده است."})
    resolved_on = resolved_on or jalali.today()
    if resolved_on > jalali.today():
        raise ValidationError({"resolved_on": "تاریخ حل نمی‌تواند در آینده باشد."})
    problem.status = ProblemStatus.RESOLVED
    problem.resolution_actions = actions
    problem.outcome = outcome
    problem.closed_on = resolved_on
    problem.due_date = None
    problem.full_clean()
    problem.save()
    _step(problem, StepAction.RESOLVED, actor, f"{actions}\nنتیجه: {outcome}", from_assembly=problem.assembly)
    _tell_origin(problem, f"مسئلهٔ «{problem.title}» در {problem.assembly.name} حل شد.", outcome)
    return problem


@transaction.atomic
def criterion_update(
    *,
    actor: Any,
    criterion: Criterion,
    weight: int | None = None,
    is_active: bool | None = None,
    name: str | None = None,
) -> Criterion:
    _require_path(actor, Assembly, "change", criterion.assembly.unit.path)
    if weight is not None:
        criterion.weight = weight
    if is_active is not None:
        criterion.is_active = is_active
    if name is not None:
        criterion.name = name.strip()
    criterion.full_clean()
    criterion.save()
    _rescore_assembly(criterion.assembly)
    return criterion


@transaction.atomic
def criterion_add(
    *, actor: Any, assembly: Assembly, name: str, weight: int = 1, inverse: bool = False
) -> Criterion:
    _require_path(actor, Assembly, "change", assembly.unit.path)
    name = _require_text("name", name, "نام معیار را وارد کنید.")
    order = (assembly.criteria.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    criterion = Criterion(
        assembly=assembly, key=f"c{order}", name=name, weight=weight, inverse=inverse, order=order
    )
    criterion.full_clean()
    criterion.save()
    _rescore_assembly(assembly)
    return criterion


def _rescore_assembly(assembly: Assembly) -> None:
    for problem in Problem.objects.filter(assembly=assembly, status__in=ACTIVE_STATUSES).select_related(
        "assembly"
    ):
        old = problem.score
        _recompute_score(problem)
        if problem.score != old:
            problem.save(update_fields=["score", "updated_at"])


def notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell the holder and its parent about problems past their time limit (once per arrival)."""
    today = today or jalali.today()
    overdue = list(
        Problem.objects.filter(
            status__in=ACTIVE_STATUSES, due_date__lt=today, overdue_notified_on__isnull=True
        )
        .select_related("assembly__unit", "assembly__parent__unit")
        .order_by("pk")
    )
    for problem in overdue:
        with transaction.atomic():
            holder = problem.assembly
            title = f"مهلت رسیدگی به «{problem.title}» در {holder.name} گذشته است"
            body = f"مهلت: {jalali.format_date(problem.due_date)}"
            for target in (holder, holder.parent):
                _notify_assembly(
                    target, kind=NotificationKind.OVERDUE, title=title, body=body, url=problem_url(problem)
                )
            Problem.objects.filter(pk=problem.pk).update(overdue_notified_on=today)
    return len(overdue)


# ---------------------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------------------


@transaction.atomic
def policy_issue(
    *,
    actor: Any,
    issuer: Assembly,
    title: str,
    body: str,
    number: str = "",
    approved_on: dt.date | None = None,
) -> Policy:
    """Approve a policy and deliver it to every active assembly below the issuer."""
    _require_path(actor, Policy, "add", issuer.unit.path)
    policy = Policy(
        issuer=issuer,
        title=title,
        body=body,
        number=(number or "").strip(),
        approved_on=approved_on or jalali.today(),
        created_by=_user(actor),
    )
    policy.full_clean()
    policy.save()
    below = list(
        Assembly.objects.filter(is_active=True, unit__path__startswith=issuer.unit.path)
        .exclude(pk=issuer.pk)
        .select_related("unit")
    )
    PolicyDelivery.objects.bulk_create(PolicyDelivery(policy=policy, assembly=a) for a in below)
    from kanoon.accounts.models import RoleAssignment

    from .models import EDITORS

    users = (
        RoleAssignment.objects.filter(
            is_active=True, role__in=EDITORS, unit_id__in=[a.unit_id for a in below]
        )
        .select_related("user")
        .order_by("user_id")
    )
    notify(
        users=[a.user for a in users if a.user.is_active],
        kind=NotificationKind.POLICY,
        title=f"سیاست جدید از {issuer.name}: «{policy.title}»",
        body="لطفاً وصول آن را تأیید و تطبیق محلی را ثبت کنید.",
        url=reverse("assemblies:policy_detail", args=[policy.pk]),
    )
    return policy


@transaction.atomic
def policy_acknowledge(*, actor: Any, delivery: PolicyDelivery, adaptation: str = "") -> PolicyDelivery:
    """The receiving assembly confirms receipt and records how it adapts the policy locally."""
    _require_path(actor, PolicyDelivery, "change", delivery.assembly.unit.path)
    if not delivery.policy.is_active:
        raise ValidationError({"policy": "این سیاست دیگر معتبر نیست."})
    if delivery.acknowledged_at is None:
        delivery.acknowledged_at = timezone.now()
        delivery.acknowledged_by = _user(actor)
    delivery.adaptation = (adaptation or "").strip()
    delivery.save()
    return delivery


@transaction.atomic
def policy_withdraw(*, actor: Any, policy: Policy) -> Policy:
    _require_path(actor, Policy, "change", policy.issuer.unit.path)
    policy.is_active = False
    policy.save()
    return policy


def deliveries_for_actor(actor: Any, policy: Policy) -> list[PolicyDelivery]:
    """The deliveries of this policy the actor may acknowledge."""
    qs = policy.deliveries.select_related("assembly__unit").order_by("assembly__unit__path")
    paths = scope.scope_paths(actor, PolicyDelivery, "change")
    if paths is None:
        return list(qs)
    if not paths:
        return []
    q = Q()
    for p in paths:
        q |= Q(assembly__unit__path__startswith=p)
    return list(qs.filter(q))
