"""Assembly activity in the roll-ups (meetings held, problems raised, referred, resolved per unit
and quarter) equals a fresh count of the raw rows — the counts the transparency page shows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from kanoon.assemblies import services
from kanoon.assemblies.models import Problem, ProblemStep
from kanoon.centers import rollups
from kanoon.core import jalali
from kanoon.meetings.models import Meeting
from tests.assemblies.conftest import chain, past  # noqa: F401 (fixture)

QUARTERS = [jalali.Quarter.current().previous(), jalali.Quarter.current()]


def fresh(unit, quarter) -> dict[str, int]:
    start = timezone.make_aware(dt.datetime.combine(quarter.start, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(quarter.end + dt.timedelta(days=1), dt.time()))
    steps = ProblemStep.objects.filter(
        from_assembly__unit__path__startswith=unit.path, at__gte=start, at__lt=end
    )
    return {
        "a:meetings": Meeting.objects.filter(
            status="held",
            body__kind="health_assembly",
            body__unit__path__startswith=unit.path,
            starts_at__gte=start,
            starts_at__lt=end,
        ).count(),
        "a:raised": Problem.objects.filter(
            Q(origin__unit__path__startswith=unit.path), created_at__gte=start, created_at__lt=end
        ).count(),
        "a:referred": steps.filter(action="referred").count(),
        "a:resolved": steps.filter(action="resolved").count(),
    }


def assert_fresh(units) -> None:
    for unit in units:
        facts = rollups.counts(unit)
        for q in QUARTERS:
            mine = {
                key: rollups.in_quarter(facts, key, q)
                for key in ("a:meetings", "a:raised", "a:referred", "a:resolved")
            }
            assert mine == fresh(unit, q), (unit.title, q.code)
    assert rollups.differences() == []


def test_meetings_and_problem_steps_are_counted_where_and_when_they_happen(chain):  # noqa: F811
    t = chain.t
    units = [t.country, t.tehran, t.tehran_county, t.zone6, t.yousefabad, t.isfahan]
    meeting = services.meeting_schedule(
        actor=None, assembly=chain.yousefabad, title="نشست", starts_at=past(), place="مسجد"
    )
    services.meeting_schedule(
        actor=None, assembly=chain.rey, title="نشست دیگر", starts_at=past(), place="مدرسه"
    )
    assert_fresh(units)  # scheduled meetings are not held ones
    services.meeting_record_minutes(actor=None, meeting=meeting, minutes="برگزار شد.")
    services.meeting_record_minutes(actor=None, meeting=meeting, minutes="اصلاح صورت‌جلسه.")  # counted once
    assert rollups.counts(t.tehran)[("a:meetings", jalali.Quarter.current().code)] == 1
    # a held meeting moved to the previous quarter moves its count
    earlier = timezone.make_aware(dt.datetime.combine(QUARTERS[0].start, dt.time(10)))
    services.meeting_update(actor=None, meeting=meeting, starts_at=earlier)
    assert_fresh(units)

    problems = [
        services.problem_register(
            actor=None, assembly=chain.yousefabad, title=f"مسئله {i}", description="شرح"
        )
        for i in range(3)
    ]
    services.problem_register(actor=None, assembly=chain.jolfa, title="مسئلهٔ اصفهان", description="شرح")
    services.problem_refer(actor=None, problem=problems[0], justification="فراتر از توان محله")
    services.problem_refer(actor=None, problem=problems[0], justification="نیاز به اعتبار استانی")
    services.problem_resolve(actor=None, problem=problems[1], actions="لایروبی", outcome="حل شد")
    assert_fresh(units)
    now = jalali.Quarter.current().code
    assert rollups.counts(t.tehran)[("a:raised", now)] == 3
    assert rollups.counts(t.tehran)[("a:referred", now)] == 2  # from the neighborhood, then the county
    assert rollups.counts(t.tehran_county)[("a:referred", now)] == 2
    assert rollups.counts(t.zone6)[("a:referred", now)] == 1
    assert rollups.counts(t.isfahan)[("a:raised", now)] == 1
