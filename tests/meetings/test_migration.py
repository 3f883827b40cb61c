"""Moving seats, terms, meetings, agenda items, invitations, attendance and resolutions from
`assemblies` to `kanoon.meetings` (around a `Body` per assembly) keeps every row and every history
row, on SQLite and PostgreSQL: migrate back to before the move, write rows through the old models,
migrate forward, and find each one in the new models with the right body."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.centers.conftest import make_person

BEFORE = [("assemblies", "0003_agenda_items_keep_history"), ("meetings", None)]


def _history(model, row, **extra):
    """A history row of `row` written through an old historical model."""
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    values.pop("created_at", None)
    values.pop("updated_at", None)
    return model.objects.create(
        **values, history_date=timezone.now(), history_type=extra.pop("history_type", "+"), **extra
    )


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded catalogs for later tests
def test_it_keeps_every_seat_meeting_and_history_row_through_the_move(territory):
    people = [make_person(territory.yousefabad) for _ in range(4)]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    Assembly = old.get_model("assemblies", "Assembly")
    Seat = old.get_model("assemblies", "Seat")
    SeatTerm = old.get_model("assemblies", "SeatTerm")
    Meeting = old.get_model("assemblies", "Meeting")
    AgendaItem = old.get_model("assemblies", "AgendaItem")
    Invitation = old.get_model("assemblies", "Invitation")
    Attendance = old.get_model("assemblies", "Attendance")
    Resolution = old.get_model("assemblies", "Resolution")
    Problem = old.get_model("assemblies", "Problem")

    province = Assembly.objects.create(
        level="province",
        unit_id=territory.tehran.pk,
        name="مجمع سلامت تهران",
        quorum_percent=60,
        time_limit_days=60,
    )
    county = Assembly.objects.create(
        level="county",
        unit_id=territory.rey_county.pk,
        name="مجمع سلامت ری",
        parent=province,
        time_limit_days=45,
        is_active=False,
    )
    # ids of the assemblies and of their seats do not line up, so a wrong join would show
    seats = [
        Seat.objects.create(assembly=assembly, group=group, kind=kind, title=f"کرسی {n}")
        for n, (assembly, group, kind) in enumerate(
            [
                (province, "government", "health"),
                (county, "people", "ngo"),
                (county, "government", "welfare"),
                (province, "trustees", "professor"),
            ]
        )
    ]
    start = dt.date(2024, 3, 20)
    terms = [
        SeatTerm.objects.create(
            seat=seat, person_id=person.pk, start_date=start, end_date=start + dt.timedelta(days=700)
        )
        for seat, person in zip(seats, people, strict=True)
    ]
    terms[1].ended_on = start + dt.timedelta(days=30)
    terms[1].end_reason = "استعفا"
    terms[1].save()
    when = timezone.now() - dt.timedelta(days=10)
    meetings = [
        Meeting.objects.create(
            assembly=assembly,
            title=f"نشست {n}",
            starts_at=when + dt.timedelta(hours=n),
            place="سالن",
            quorum_percent=50 + n,
            status="held" if n else "scheduled",
            minutes="شرح" if n else "",
        )
        for n, assembly in enumerate([county, province, county])
    ]
    problem = Problem.objects.create(
        origin=county,
        assembly=county,
        title="آب",
        description="شرح",
        source="meeting",
        source_meeting=meetings[2],
    )
    items = [
        AgendaItem.objects.create(meeting=meetings[0], order=1, title="آب", problem=problem),
        AgendaItem.objects.create(meeting=meetings[0], order=2, title="پسماند"),
        AgendaItem.objects.create(meeting=meetings[1], order=1, title="گزارش", removed_at=when),
    ]
    invitations = [
        Invitation.objects.create(meeting=meetings[1], person_id=people[0].pk, seat=seats[0], channels="sms"),
        Invitation.objects.create(meeting=meetings[2], person_id=people[2].pk, seat=seats[2]),
    ]
    attendance = [
        Attendance.objects.create(meeting=meetings[1], person_id=people[0].pk, seat=seats[0], present=True),
        Attendance.objects.create(meeting=meetings[1], person_id=people[3].pk, seat=seats[3], present=False),
    ]
    resolutions = [
        Resolution.objects.create(
            meeting=meetings[1], number=1, text="پاکسازی", owner="شهرداری", due_date=dt.date(2025, 4, 1)
        ),
        Resolution.objects.create(
            meeting=meetings[1],
            number=2,
            text="آموزش",
            owner="بهداشت",
            due_date=dt.date(2025, 5, 1),
            status="in_progress",
            status_note="آغاز شد",
        ),
    ]
    history = {
        "seat": [_history(old.get_model("assemblies", "HistoricalSeat"), s) for s in seats],
        "term": [_history(old.get_model("assemblies", "HistoricalSeatTerm"), t) for t in terms],
        "meeting": [_history(old.get_model("assemblies", "HistoricalMeeting"), m) for m in meetings],
        "item": [_history(old.get_model("assemblies", "HistoricalAgendaItem"), i) for i in items],
        "resolution": [_history(old.get_model("assemblies", "HistoricalResolution"), r) for r in resolutions],
    }
    history["seat"].append(
        _history(old.get_model("assemblies", "HistoricalSeat"), seats[1], history_type="~")
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType

    from kanoon.assemblies.models import Assembly as NewAssembly
    from kanoon.assemblies.models import Problem as NewProblem
    from kanoon.meetings import models as m

    # one body per assembly, with the assembly's id, unit, name, quorum and active flag
    for assembly in (province, county):
        new = NewAssembly.objects.select_related("body").get(pk=assembly.pk)
        assert new.body_id == assembly.pk
        assert (new.body.kind, new.body.unit_id, new.body.name) == (
            "health_assembly",
            assembly.unit_id,
            assembly.name,
        )
        assert (new.body.quorum_percent, new.body.is_active) == (assembly.quorum_percent, assembly.is_active)
    assert m.Body.objects.count() == 2

    assert [
        (s.pk, s.body_id, s.group, s.kind, s.title, s.is_active) for s in m.Seat.objects.order_by("pk")
    ] == [(s.pk, s.assembly_id, s.group, s.kind, s.title, s.is_active) for s in seats]
    assert [
        (t.pk, t.seat_id, t.person_id, t.start_date, t.end_date, t.ended_on, t.end_reason, t.organization_id)
        for t in m.SeatTerm.objects.order_by("pk")
    ] == [
        (t.pk, t.seat_id, t.person_id, t.start_date, t.end_date, t.ended_on, t.end_reason, None)
        for t in terms
    ]
    assert [
        (x.pk, x.body_id, x.title, x.starts_at, x.quorum_percent, x.quorum_count, x.status, x.minutes)
        for x in m.Meeting.objects.order_by("pk")
    ] == [
        (x.pk, x.assembly_id, x.title, x.starts_at, x.quorum_percent, None, x.status, x.minutes)
        for x in meetings
    ]
    assert [m.Meeting.objects.get(pk=x.pk).assembly.pk for x in meetings] == [
        county.pk,
        province.pk,
        county.pk,
    ]
    problem_type = ContentType.objects.get_for_model(NewProblem)
    assert [
        (i.pk, i.meeting_id, i.order, i.title, i.removed_at, i.subject_type_id, i.subject_id)
        for i in m.AgendaItem.objects.order_by("pk")
    ] == [
        (items[0].pk, meetings[0].pk, 1, "آب", None, problem_type.pk, problem.pk),
        (items[1].pk, meetings[0].pk, 2, "پسماند", None, None, None),
        (items[2].pk, meetings[1].pk, 1, "گزارش", when, None, None),
    ]
    assert m.AgendaItem.objects.get(pk=items[0].pk).subject == NewProblem.objects.get(pk=problem.pk)
    assert [
        (i.pk, i.meeting_id, i.person_id, i.seat_id, i.channels) for i in m.Invitation.objects.order_by("pk")
    ] == [(i.pk, i.meeting_id, i.person_id, i.seat_id, i.channels) for i in invitations]
    assert [
        (a.pk, a.meeting_id, a.person_id, a.seat_id, a.present) for a in m.Attendance.objects.order_by("pk")
    ] == [(a.pk, a.meeting_id, a.person_id, a.seat_id, a.present) for a in attendance]
    assert [
        (r.pk, r.meeting_id, r.number, r.text, r.owner, r.due_date, r.status, r.status_note)
        for r in m.Resolution.objects.order_by("pk")
    ] == [
        (r.pk, r.meeting_id, r.number, r.text, r.owner, r.due_date, r.status, r.status_note)
        for r in resolutions
    ]
    assert NewProblem.objects.get(pk=problem.pk).source_meeting_id == meetings[2].pk

    # history rows survived, now read through the new historical models with the body
    assert [
        (h.history_id, h.id, h.body_id, h.history_type) for h in m.Seat.history.order_by("history_id")
    ] == [(h.history_id, h.id, h.assembly_id, h.history_type) for h in history["seat"]]
    assert [(h.history_id, h.id, h.seat_id) for h in m.SeatTerm.history.order_by("history_id")] == [
        (h.history_id, h.id, h.seat_id) for h in history["term"]
    ]
    assert [(h.history_id, h.id, h.body_id, h.title) for h in m.Meeting.history.order_by("history_id")] == [
        (h.history_id, h.id, h.assembly_id, h.title) for h in history["meeting"]
    ]
    assert [(h.history_id, h.id, h.subject_id) for h in m.AgendaItem.history.order_by("history_id")] == [
        (h.history_id, h.id, h.problem_id) for h in history["item"]
    ]
    assert [(h.history_id, h.id, h.status) for h in m.Resolution.history.order_by("history_id")] == [
        (h.history_id, h.id, h.status) for h in history["resolution"]
    ]

    # new rows continue the sequences: a new body never takes an assembly's body id
    fresh = m.Body.objects.create(kind="working_group", unit_id=territory.tehran.pk, name="کارگروه")
    assert fresh.pk > county.pk
    seat = m.Seat.objects.create(body=fresh, group="member")
    assert seat.pk > max(s.pk for s in seats)
    assembly = NewAssembly.objects.create(
        level="county", unit_id=territory.tehran_county.pk, name="مجمع سلامت تهران", time_limit_days=30
    )
    assert assembly.body_id > fresh.pk and assembly.body.kind == "health_assembly"
