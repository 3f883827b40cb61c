"""Assembly activity in the centers' roll-ups (`kanoon.centers.rollups`), per unit and quarter:

- `a:meetings`: meetings of health assemblies held, in the quarter of their start, at the
  assembly's unit;
- `a:raised`: problems registered, in the quarter of registration, at the origin assembly's unit;
- `a:referred` / `a:resolved`: problems referred upward / resolved, in the quarter of the step,
  at the unit of the assembly that took the step.

The same definitions as monitoring's sources of these indicators. Registered in
`AssembliesConfig.ready()`; the services count each new problem and step, and the meetings app
lets watchers see every change of a meeting's status or time.
"""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from kanoon.centers import rollups
from kanoon.centers.rollups import Facts, Kind, Rows, quarter_code
from kanoon.meetings.kinds import BodyKind
from kanoon.meetings.models import Meeting, MeetingStatus

from .models import Problem, ProblemStep, StepAction

STEP_KEYS = {StepAction.REFERRED: "a:referred", StepAction.RESOLVED: "a:resolved"}


def meeting_facts(*, status: str, kind: str, starts_at) -> Facts:  # type: ignore[no-untyped-def]
    if status == MeetingStatus.HELD and kind == BodyKind.HEALTH_ASSEMBLY:
        return Counter({("a:meetings", quarter_code(timezone.localdate(starts_at))): 1})
    return Counter()


_MEETING_FIELDS = ("pk", "body__unit__path", "status", "body__kind", "starts_at")


def _read_meetings(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = Meeting.objects.filter(pk__in=ids).values_list(*_MEETING_FIELDS)
    return {pk: [(path, meeting_facts(status=s, kind=k, starts_at=at))] for pk, path, s, k, at in rows}


def _meeting_rows(prefix: str | None) -> Rows:
    qs = Meeting.objects.filter(status=MeetingStatus.HELD, body__kind=BodyKind.HEALTH_ASSEMBLY)
    if prefix is not None:
        qs = qs.filter(body__unit__path__startswith=prefix)
    for _pk, path, s, k, at in qs.values_list(*_MEETING_FIELDS).order_by().iterator(chunk_size=5000):
        yield path, meeting_facts(status=s, kind=k, starts_at=at)


def _problem_fact(created_at) -> Facts:  # type: ignore[no-untyped-def]
    return Counter({("a:raised", quarter_code(timezone.localdate(created_at))): 1})


def _read_problems(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = Problem.objects.filter(pk__in=ids).values_list("pk", "origin__unit__path", "created_at")
    return {pk: [(path, _problem_fact(at))] for pk, path, at in rows}


def _problem_rows(prefix: str | None) -> Rows:
    qs = (
        Problem.objects.all()
        if prefix is None
        else Problem.objects.filter(origin__unit__path__startswith=prefix)
    )
    for path, at in qs.values_list("origin__unit__path", "created_at").order_by().iterator(chunk_size=5000):
        yield path, _problem_fact(at)


def _step_fact(action: str, at) -> Facts:  # type: ignore[no-untyped-def]
    key = STEP_KEYS.get(action)
    return Counter({(key, quarter_code(timezone.localdate(at))): 1}) if key else Counter()


def _read_steps(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = ProblemStep.objects.filter(pk__in=ids).values_list(
        "pk", "from_assembly__unit__path", "action", "at"
    )
    return {pk: [(path, _step_fact(action, at))] for pk, path, action, at in rows if path}


def _step_rows(prefix: str | None) -> Rows:
    qs = ProblemStep.objects.filter(action__in=list(STEP_KEYS), from_assembly__isnull=False)
    if prefix is not None:
        qs = qs.filter(from_assembly__unit__path__startswith=prefix)
    for path, action, at in (
        qs.values_list("from_assembly__unit__path", "action", "at").order_by().iterator(chunk_size=5000)
    ):
        yield path, _step_fact(action, at)


def register() -> None:
    from kanoon.meetings.signals import watchers

    rollups.kinds.register("meeting", Kind(read=_read_meetings, rows=_meeting_rows))
    rollups.kinds.register("problem", Kind(read=_read_problems, rows=_problem_rows))
    rollups.kinds.register("problem_step", Kind(read=_read_steps, rows=_step_rows))
    watchers.register("centers.rollups", lambda ids: rollups.tracking("meeting", ids))
