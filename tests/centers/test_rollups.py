"""The centers' roll-ups equal a fresh count of the raw rows, for every unit, after any sequence
of writes through the services (a property test), and the repair command finds and fixes any
difference."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanoon.centers import importer, rollups, selectors, services
from kanoon.centers.models import (
    Center,
    CenterStatus,
    CenterStatusChange,
    EstablishmentAction,
    Membership,
    MembershipStatus,
    RollupCount,
    ThematicGroup,
)
from kanoon.core import jalali
from kanoon.geo.models import Unit

from .conftest import make_center, make_person, national_code

TODAY = jalali.today()
QUARTERS = selectors.last_quarters(14)
CENTER_KINDS = ["neighborhood", "sports"]
STATUSES = list(CenterStatus.values)
STARTS = ["proposed", "establishing", "active"]
STALLED_DAYS = [1, 45, 200, 700]


def fresh(unit: Unit) -> dict:
    """What the dashboards show for a unit, counted straight from the raw rows."""
    centers = Center.objects.filter(unit__path__startswith=unit.path)
    members = Membership.objects.filter(center__unit__path__startswith=unit.path)
    active = members.filter(status="active")
    groups = ThematicGroup.objects.filter(center__unit__path__startswith=unit.path)
    years = Counter(
        jalali.to_jalali(b).year
        for b in active.exclude(person__birth_date=None).values_list("person__birth_date", flat=True)
    )
    trend = []
    for q in QUARTERS:
        standing = Q(status__in=["active", "left"], joined_on__lte=q.end) & (
            Q(left_on__isnull=True) | Q(left_on__gt=q.end)
        )
        trend.append(
            (
                centers.filter(founded_on__lte=q.end)
                .exclude(status=CenterStatus.CLOSED, status_changed_on__lte=q.end)
                .count(),
                members.filter(standing).count(),
                groups.filter(formed_on__lte=q.end).count(),
            )
        )
    open_ = centers.filter(status__in=selectors.OPEN_STATUSES)
    active_at = []
    for q in QUARTERS:
        latest = {}
        for center_id, status in (
            CenterStatusChange.objects.filter(center__in=centers, changed_on__lte=q.end)
            .order_by("changed_on", "pk")
            .values_list("center_id", "to_status")
        ):
            latest[center_id] = status
        active_at.append(sum(1 for s in latest.values() if s == CenterStatus.ACTIVE))
    return {
        "stalled": [centers.filter(selectors.stalled_q(days, TODAY)).count() for days in STALLED_DAYS],
        "active_at": active_at,
        "by_status": dict(centers.values_list("status").annotate(n=Count("pk")).order_by()),
        "by_phase": dict(open_.values_list("phase").annotate(n=Count("pk")).order_by()),
        "members": dict(members.values_list("status").annotate(n=Count("pk")).order_by()),
        "gender": dict(active.values_list("person__gender").annotate(n=Count("pk")).order_by()),
        "years": dict(years),
        "groups": groups.filter(is_active=True).count(),
        "trend": trend,
        "covered": open_.filter(kind="neighborhood").values("unit_id").distinct().count(),
    }


def from_rollups(unit: Unit) -> dict:
    facts = rollups.counts(unit)
    c = rollups.series(facts, "c:founded", "c:closed", QUARTERS)
    m = rollups.series(facts, "m:joined", "m:ended", QUARTERS)
    g = rollups.series(facts, "g:formed", "", QUARTERS)
    positive = lambda d: {k: v for k, v in d.items() if v}  # noqa: E731
    return {
        "stalled": [selectors.stalled_counts(unit, days, TODAY, facts)[0] for days in STALLED_DAYS],
        "active_at": rollups.series(facts, "c:act_from", "c:act_to", QUARTERS),
        "by_status": selectors.centers_by_status(facts),
        "by_phase": selectors.open_centers_by_phase(facts),
        "members": positive({s: facts.get((f"m:{s}", ""), 0) for s in MembershipStatus.values}),
        "gender": positive({k[4:]: n for (k, _q), n in facts.items() if k.startswith("m:g:")}),
        "years": positive({int(k[4:]): n for (k, _q), n in facts.items() if k.startswith("m:y:")}),
        "groups": facts.get(("g:active", ""), 0),
        "trend": list(zip(c, m, g, strict=True)),
        "covered": facts.get((rollups.COVERED, ""), 0),
    }


def assert_rollups_are_fresh() -> None:
    for unit in Unit.objects.all():
        assert from_rollups(unit) == fresh(unit), unit.title
    assert rollups.differences() == []


def days(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


# ---- the operations -----------------------------------------------------------------------

index = st.integers(min_value=0, max_value=50)
ago = st.integers(min_value=0, max_value=1200)
operations = st.one_of(
    st.tuples(st.just("center"), index, st.sampled_from(CENTER_KINDS), ago, st.sampled_from(STARTS)),
    st.tuples(st.just("status"), index, st.sampled_from(STATUSES), st.integers(0, 30)),
    st.tuples(
        st.just("status"), index, st.sampled_from(STATUSES), st.just(0)
    ),  # status moves are the likeliest to go wrong
    st.tuples(st.just("progress"), index, index),
    st.tuples(st.just("edit_center"), index, st.sampled_from(CENTER_KINDS), index, ago),
    st.tuples(
        st.just("member"),
        index,
        st.sampled_from(["female", "male"]),
        st.none() | st.integers(1, 90),
        ago,
        st.booleans(),
    ),
    st.tuples(st.just("decide"), index, st.booleans()),
    st.tuples(st.just("leave"), index, st.integers(0, 400)),
    st.tuples(st.just("person"), index, st.sampled_from(["female", "male"]), st.none() | st.integers(1, 90)),
    st.tuples(st.just("import"), index, st.integers(1, 4)),
    st.tuples(st.just("group"), index, ago),
    st.tuples(st.just("group_off"), index),
)


def run(op: tuple, t, state: dict) -> None:
    places = [t.yousefabad, t.village, t.jolfa]
    centers = list(Center.objects.order_by("pk"))
    pick = lambda seq, i: seq[i % len(seq)] if seq else None  # noqa: E731
    name, *args = op
    center = pick(centers, args[0]) if args else None
    if name == "center":
        make_center(places[args[0] % 3], kind=args[1], founded_on=days(args[2]), status=args[3])
    elif name == "status" and center:
        services.center_set_status(
            actor=None, center=center, status=args[1], on=days(args[2]), reason="آزمون"
        )
    elif name == "progress" and center:
        action = pick(list(EstablishmentAction.objects.order_by("pk")), args[1])
        services.action_mark_done(actor=None, center=center, action=action, done_on=TODAY)
    elif name == "edit_center" and center:
        services.center_update(
            actor=None, center=center, kind=args[1], unit=places[args[2] % 3], founded_on=days(args[3])
        )
    elif name == "member" and center:
        birth = days(365 * args[2] + 17) if args[2] else None
        person = make_person(center.unit, gender=args[1], birth_date=birth)
        services.membership_add(
            actor=None,
            center=center,
            person=person,
            joined_on=days(args[3]),
            status="pending" if args[4] else "active",
        )
        state["people"].append(person)  # only once its savepoint holds (a refused write rolls it back)
    elif name == "decide":
        m = pick(list(Membership.objects.filter(status="pending").order_by("pk")), args[0])
        if m:
            services.membership_decide(actor=None, membership=m, accept=args[1])
    elif name == "leave":
        m = pick(list(Membership.objects.filter(status="active").order_by("pk")), args[0])
        if m:
            services.membership_leave(actor=None, membership=m, on=max(m.joined_on, days(args[1])))
    elif name == "person" and state["people"]:
        person = pick(state["people"], args[0])
        person.refresh_from_db()
        birth = days(365 * args[2] + 3) if args[2] else None
        services.person_update(actor=None, person=person, gender=args[1], birth_date=birth)
    elif name == "import" and center:
        rows = [
            [
                national_code(),
                "مریم",
                f"احمدی {i}",
                "زن" if i % 2 else "مرد",
                "1370/05/12" if i % 3 else "",
                "",
                "",
                "",
                "",
                "عضو",
                "",
            ]
            for i in range(args[1])
        ]
        header = [h for h, _, _ in importer.COLUMNS]
        content = "\n".join(",".join(r) for r in [header, *rows]).encode("utf-8-sig")
        importer.import_members(center=center, content=content, filename="members.csv")
    elif name == "group" and center:
        services.group_create(
            actor=None,
            center=center,
            name=f"گروه {len(state['people'])}-{args[1]}",
            topic="other",
            formed_on=days(args[1]),
        )
    elif name == "group_off":
        group = pick(list(ThematicGroup.objects.order_by("pk")), args[0])
        if group:
            services.group_update(actor=None, group=group, is_active=not group.is_active)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operations, min_size=1, max_size=14))
def test_rollups_equal_a_fresh_count_after_any_writes(territory, ops):
    with transaction.atomic():
        state: dict = {"people": []}
        for op in ops:
            try:
                with transaction.atomic():
                    run(op, territory, state)
            except (ValidationError, PermissionDenied):
                pass  # a refused write changes nothing, roll-ups included
        assert_rollups_are_fresh()
        transaction.set_rollback(True)


def test_a_fixed_story_and_every_kind_of_write(territory):
    active = make_center(territory.village, "فعال", founded_on=days(400), status="active")
    services.center_set_status(actor=None, center=active, status="suspended", on=days(3), reason="وقفه")
    a = make_center(territory.yousefabad, "الف", founded_on=days(700))
    b = make_center(territory.yousefabad, "ب", founded_on=days(300), kind="neighborhood")
    person = make_person(a.unit, gender="male", birth_date=days(365 * 40))
    services.membership_add(actor=None, center=a, person=person, joined_on=days(500))
    services.center_set_status(actor=None, center=a, status="closed", on=days(10), reason="انحلال")
    assert_rollups_are_fresh()
    # the place stays covered while «ب» is open; closing it too leaves the place uncovered
    assert rollups.counts(territory.tehran)[(rollups.COVERED, "")] == 1
    services.center_set_status(actor=None, center=b, status="closed", on=days(1), reason="انحلال")
    assert rollups.counts(territory.tehran)[(rollups.COVERED, "")] == 0
    services.person_update(actor=None, person=person, gender="female", birth_date=None)
    services.center_update(actor=None, center=a, unit=territory.jolfa)  # moved to another province
    assert_rollups_are_fresh()


def test_the_rollups_live_only_on_non_leaf_units(territory):
    center = make_center(territory.yousefabad)
    units = set(RollupCount.objects.values_list("unit_id", flat=True))
    assert territory.yousefabad.pk not in units and center.unit_id not in units
    assert {territory.country.pk, territory.tehran.pk, territory.zone6.pk} <= units


# ---- repair ------------------------------------------------------------------------------


def test_repair_reports_and_fixes_differences(territory):
    center = make_center(territory.yousefabad, "الف")
    make_center(territory.jolfa, "ب")
    RollupCount.objects.filter(unit=territory.tehran, key__startswith="c:").update(count=7)
    Center.objects.filter(pk=center.pk).update(status="active")  # behind the services' back
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("repair_rollups", "--check", stdout=out)
    assert exit_.value.code == 1
    assert "تهران" in out.getvalue() and "c:proposed:1" in out.getvalue()
    assert rollups.differences()  # --check changed nothing

    out = io.StringIO()
    call_command("repair_rollups", stdout=out)
    assert rollups.differences() == []
    assert_rollups_are_fresh()
    out = io.StringIO()
    call_command("repair_rollups", "--check", stdout=out)  # exit 0: nothing to repair
    assert "۰" in out.getvalue() or "0" in out.getvalue()


# ---- dashboards: a fixed number of queries --------------------------------------------


def _queries(callable_) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_the_dashboards_take_a_fixed_small_number_of_queries(client, territory, national):
    client.force_login(national)
    make_center(territory.yousefabad, "الف")
    urls = {
        unit: f"/centers/dashboard/{unit.pk}/"
        for unit in (territory.country, territory.tehran, territory.tehran_city, territory.yousefabad)
    }
    before = {unit: _queries(lambda u=unit: selectors.unit_dashboard(unit=u)) for unit in urls}
    pages = {unit: _queries(lambda url=url: client.get(url)) for unit, url in urls.items()}
    for i in range(4):
        center = make_center(territory.village, f"ب{i}", status="active")
        make_person(center.unit)
        services.membership_add(actor=None, center=center, person=make_person(center.unit))
        services.group_create(actor=None, center=center, name="گروه", topic="other")
    after = {unit: _queries(lambda u=unit: selectors.unit_dashboard(unit=u)) for unit in urls}
    assert after == before  # no query per center, member or child
    assert before[territory.country] <= 8 and before[territory.tehran] <= 8
    assert {unit: _queries(lambda url=url: client.get(url)) for unit, url in urls.items()} == pages
    assert selectors.unit_dashboard(unit=territory.country).members_total == 4
