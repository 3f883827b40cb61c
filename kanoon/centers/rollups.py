"""Roll-ups of the centers side, kept current in the same transaction as each write.

A fact is a `(key, quarter)` pair counted once per row: a center adds `c:<status>:<phase>`, a
membership `m:<status>`, an active member `m:g:<gender>` and `m:y:<Jalali birth year>`, and so
on (see the `*_facts` functions). Every fact of a row at unit U is added to one `RollupCount`
row per non-leaf unit on U's path (U itself when it is not a neighborhood or village, and every
ancestor), like monitoring's `Aggregate`. A leaf unit's own counts are read live from its few
raw rows (`counts`), through the same fact functions.

Writes keep them current in two ways:
- `added(kind, ids)` after creating rows (their facts are added);
- `with tracking(kind, ids):` around a change: the rows' facts are read before and after and
  the difference is applied. Trackers nest: an inner tracker of a row an outer one already
  watches does nothing, so a service may call another without counting twice.
Kinds are registered (`kinds.register`); other apps (assemblies) add their own kinds and
sources. `rebuild()` recomputes everything from the raw rows (`kanoon repair_rollups`).

Quarter-by-quarter series are cumulative sums of "started" and "ended" facts: a center counts
at the end of quarter Q when it was founded by then and not closed by then, i.e.
Σ c:founded(≤Q) − Σ c:closed(≤Q), where a closing is keyed by the later of the founding and
closing quarters (so a row never counts as ended before it started).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Q

from kanoon.core import jalali
from kanoon.geo.models import SEGMENT, Unit

from .models import (
    Center,
    CenterKind,
    CenterStatus,
    CenterStatusChange,
    Membership,
    MembershipStatus,
    RollupCount,
    ThematicGroup,
)

LEAF_KINDS = frozenset({"village", "neighborhood"})
OPEN_STATUSES = (CenterStatus.PROPOSED, CenterStatus.ESTABLISHING, CenterStatus.ACTIVE)
COVERED = "cov"

Facts = Counter  # Counter[tuple[str, str]]: (key, quarter code or "") -> n
Rows = Iterable[tuple[str, Facts]]  # (unit path of the row, its facts)


@lru_cache(maxsize=100_000)
def quarter_code(value: dt.date) -> str:
    return jalali.Quarter.of(value).code


@lru_cache(maxsize=100_000)
def jalali_year(value: dt.date) -> int:
    return jalali.to_jalali(value).year


# ---- facts of one row -------------------------------------------------------------------


def center_facts(
    *,
    status: str,
    phase: int,
    founded_on: dt.date | None,
    status_changed_on: dt.date | None,
    last_progress_on: dt.date | None = None,
) -> Facts:
    facts: Facts = Counter({(f"c:{status}:{phase}", ""): 1})
    since = last_progress_on or founded_on
    if status in OPEN_STATUSES and since is not None:
        # an open center's last progress (or founding): stalled centers are the ones before a cutoff
        facts[("c:since", quarter_code(since))] += 1
    if founded_on is not None:
        facts[("c:founded", quarter_code(founded_on))] += 1
        if status == CenterStatus.CLOSED and status_changed_on is not None:
            facts[("c:closed", quarter_code(max(founded_on, status_changed_on)))] += 1
    return facts


def membership_facts(
    *,
    status: str,
    joined_on: dt.date | None,
    left_on: dt.date | None,
    gender: str,
    birth_date: dt.date | None,
) -> Facts:
    facts: Facts = Counter({(f"m:{status}", ""): 1})
    if status == MembershipStatus.ACTIVE:
        facts[(f"m:g:{gender}", "")] += 1
        if birth_date is not None:
            facts[(f"m:y:{jalali_year(birth_date)}", "")] += 1
    if status in (MembershipStatus.ACTIVE, MembershipStatus.LEFT) and joined_on is not None:
        facts[("m:joined", quarter_code(joined_on))] += 1
        if left_on is not None:
            facts[("m:ended", quarter_code(max(joined_on, left_on)))] += 1
    return facts


def activity_facts(changes: list[tuple[dt.date, str]]) -> Facts:
    """A center's active spells from its status changes (date, new status), in order: each
    spell starts `c:act_from` in the quarter it began and ends `c:act_to` in the quarter it
    ended, so Σ from(≤Q) − Σ to(≤Q) is 1 when the center was active at the end of Q."""
    facts: Facts = Counter()
    active_since: dt.date | None = None
    for on, status in changes:
        if status == CenterStatus.ACTIVE and active_since is None:
            active_since = on
            facts[("c:act_from", quarter_code(on))] += 1
        elif status != CenterStatus.ACTIVE and active_since is not None:
            facts[("c:act_to", quarter_code(max(on, active_since)))] += 1
            active_since = None
    return facts


def group_facts(*, is_active: bool, formed_on: dt.date | None) -> Facts:
    facts: Facts = Counter()
    if is_active:
        facts[("g:active", "")] += 1
    if formed_on is not None:
        facts[("g:formed", quarter_code(formed_on))] += 1
    return facts


def covers(*, status: str, kind: str) -> bool:
    """Whether a center makes its neighborhood or village count as covered."""
    return status in OPEN_STATUSES and kind == CenterKind.NEIGHBORHOOD


# ---- kinds of rows: how to read their facts, and every row's facts for a rebuild ---------


@dataclass(frozen=True)
class Kind:
    """`read(ids)` gives, for each id, the (unit path, facts) its row contributes now (a
    missing row contributes nothing); `rows(prefix)` gives every row's (path, facts) under a
    path prefix (None: everywhere) for rebuilds and live leaf counts."""

    read: Callable[[list[int]], dict[int, list[tuple[str, Facts]]]]
    rows: Callable[[str | None], Rows]


class _Kinds:
    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, name: str, kind: Kind) -> Kind:
        self._kinds[name] = kind
        return kind

    def __getitem__(self, name: str) -> Kind:
        return self._kinds[name]

    def items(self) -> list[tuple[str, Kind]]:
        return sorted(self._kinds.items())


kinds = _Kinds()

_CENTER_FIELDS = (
    "pk",
    "unit__path",
    "status",
    "phase",
    "founded_on",
    "status_changed_on",
    "kind",
    "unit_id",
    "last_progress_on",
)


def _center_row(row: tuple) -> tuple[str, Facts]:
    _pk, path, status, phase, founded_on, changed_on, _kind, _unit, last = row
    return path, center_facts(
        status=status, phase=phase, founded_on=founded_on, status_changed_on=changed_on, last_progress_on=last
    )


def _read_centers(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = Center.objects.filter(pk__in=ids).values_list(*_CENTER_FIELDS)
    return {row[0]: [_center_row(row)] for row in rows}


def _center_rows(prefix: str | None) -> Rows:
    qs = Center.objects.all() if prefix is None else Center.objects.filter(unit__path__startswith=prefix)
    covered: set[str] = set()
    for row in qs.values_list(*_CENTER_FIELDS).order_by().iterator(chunk_size=5000):
        yield _center_row(row)
        if covers(status=row[2], kind=row[6]):
            covered.add(row[1])
    for path in covered:
        yield path, Counter({(COVERED, ""): 1})


def _activity(rows: Iterable[tuple[int, str, dt.date, str]]) -> Iterator[tuple[int, str, Facts]]:
    """(center id, path, facts) from status changes ordered by center, date and id."""
    center, path, changes = None, "", []
    for pk, unit_path, on, status in rows:
        if pk != center:
            if center is not None:
                yield center, path, activity_facts(changes)
            center, path, changes = pk, unit_path, []
        changes.append((on, status))
    if center is not None:
        yield center, path, activity_facts(changes)


_CHANGE_FIELDS = ("center_id", "center__unit__path", "changed_on", "to_status")


def _read_activity(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = (
        CenterStatusChange.objects.filter(center_id__in=ids)
        .order_by("center_id", "changed_on", "pk")
        .values_list(*_CHANGE_FIELDS)
    )
    return {pk: [(path, facts)] for pk, path, facts in _activity(rows)}


def _activity_rows(prefix: str | None) -> Rows:
    qs = CenterStatusChange.objects.all()
    if prefix is not None:
        qs = qs.filter(center__unit__path__startswith=prefix)
    rows = (
        qs.order_by("center_id", "changed_on", "pk").values_list(*_CHANGE_FIELDS).iterator(chunk_size=10000)
    )
    for _pk, path, facts in _activity(rows):
        yield path, facts


_MEMBERSHIP_FIELDS = (
    "pk",
    "center__unit__path",
    "status",
    "joined_on",
    "left_on",
    "person__gender",
    "person__birth_date",
)


def _membership_row(row: tuple) -> tuple[str, Facts]:
    _pk, path, status, joined_on, left_on, gender, birth_date = row
    return path, membership_facts(
        status=status, joined_on=joined_on, left_on=left_on, gender=gender, birth_date=birth_date
    )


def _read_memberships(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = Membership.objects.filter(pk__in=ids).values_list(*_MEMBERSHIP_FIELDS)
    return {row[0]: [_membership_row(row)] for row in rows}


def _membership_rows(prefix: str | None) -> Rows:
    qs = (
        Membership.objects.all()
        if prefix is None
        else Membership.objects.filter(center__unit__path__startswith=prefix)
    )
    for row in qs.values_list(*_MEMBERSHIP_FIELDS).order_by().iterator(chunk_size=10000):
        yield _membership_row(row)


def _read_people(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    """A person's gender and birth year count in every center they are an active member of."""
    out: dict[int, list[tuple[str, Facts]]] = defaultdict(list)
    rows = Membership.objects.filter(person_id__in=ids).values_list("person_id", *_MEMBERSHIP_FIELDS[1:])
    for row in rows:
        out[row[0]].append(_membership_row(row))
    return out


_GROUP_FIELDS = ("pk", "center__unit__path", "is_active", "formed_on")


def _read_groups(ids: list[int]) -> dict[int, list[tuple[str, Facts]]]:
    rows = ThematicGroup.objects.filter(pk__in=ids).values_list(*_GROUP_FIELDS)
    return {pk: [(path, group_facts(is_active=a, formed_on=f))] for pk, path, a, f in rows}


def _group_rows(prefix: str | None) -> Rows:
    qs = (
        ThematicGroup.objects.all()
        if prefix is None
        else ThematicGroup.objects.filter(center__unit__path__startswith=prefix)
    )
    for _pk, path, active, formed_on in qs.values_list(*_GROUP_FIELDS).order_by().iterator(chunk_size=5000):
        yield path, group_facts(is_active=active, formed_on=formed_on)


kinds.register("center", Kind(read=_read_centers, rows=_center_rows))
kinds.register("center_status", Kind(read=_read_activity, rows=_activity_rows))
kinds.register("membership", Kind(read=_read_memberships, rows=_membership_rows))
kinds.register("group", Kind(read=_read_groups, rows=lambda prefix: _group_rows(prefix)))
# people have no rows of their own to rebuild from: their facts are their memberships'
kinds.register("person", Kind(read=_read_people, rows=lambda prefix: iter(())))


def register() -> None:
    """Called from `CentersConfig.ready()`: watch people's own fields."""
    from kanoon.people.registry import watchers

    watchers.register("centers.rollups", lambda ids: tracking("person", ids))


# ---- applying ---------------------------------------------------------------------------


def targets(paths: Iterable[str]) -> dict[str, list[int]]:
    """For each unit path, the ids of the non-leaf units on it (itself when it is not a leaf,
    and every ancestor): the rows a fact at that unit counts in."""
    paths = set(paths)
    wanted = {p[:i] for p in paths for i in range(SEGMENT, len(p) + 1, SEGMENT)}
    ids = dict(Unit.objects.filter(path__in=wanted).exclude(kind__in=LEAF_KINDS).values_list("path", "pk"))
    return {p: [ids[p[:i]] for i in range(SEGMENT, len(p) + 1, SEGMENT) if p[:i] in ids] for p in paths}


def apply(rows: Rows, *, sign: int = 1) -> None:
    """Add (sign=1) or take away (sign=-1) the facts of rows to every target of their paths,
    as upserts (`count = count + delta`) in the caller's transaction."""
    by_path: dict[str, Facts] = defaultdict(Counter)
    for path, facts in rows:
        by_path[path].update(facts)
    by_path = {p: f for p, f in by_path.items() if any(f.values())}
    if not by_path:
        return
    deltas: Counter = Counter()
    for path, unit_ids in targets(by_path).items():
        for (key, quarter), n in by_path[path].items():
            if n:
                for unit_id in unit_ids:
                    deltas[(unit_id, key, quarter)] += sign * n
    _upsert([(u, k, q, n) for (u, k, q), n in sorted(deltas.items()) if n])


def _upsert(rows: list[tuple[int, str, str, int]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(RollupCount._meta.db_table)
    sql = (
        f"INSERT INTO {table} (unit_id, key, quarter, count) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT (unit_id, key, quarter) DO UPDATE SET count = {table}.count + excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _diff(before: list[tuple[str, Facts]], after: list[tuple[str, Facts]]) -> list[tuple[str, Facts]]:
    by_path: dict[str, Facts] = defaultdict(Counter)
    for path, facts in after:
        by_path[path].update(facts)
    for path, facts in before:
        by_path[path].subtract(facts)
    return [(p, f) for p, f in by_path.items() if any(f.values())]


def added(kind: str, ids: Iterable[int]) -> None:
    """Count newly created rows (call after saving them, in the same transaction)."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    states = kinds[kind].read(ids)
    apply([entry for i in ids for entry in states.get(i, [])])
    if kind == "center":
        _recount_covered(ids)


def added_facts(rows: Rows) -> None:
    """Count rows given as (unit path, facts) — for bulk creations whose ids are unknown."""
    apply(rows)


_local = threading.local()


def _watched() -> dict[str, set[int]]:
    if not hasattr(_local, "watched"):
        _local.watched = defaultdict(set)
    return _local.watched


@contextmanager
def tracking(kind: str, ids: Iterable[int]) -> Iterator[None]:
    """Apply the change of the rows' facts made inside the block. Rows an outer tracker already
    watches are left to it. Centers are locked for the block (concurrent writes queue up)."""
    watched = _watched()[kind]
    mine = [i for i in dict.fromkeys(ids) if i is not None and i not in watched]
    if not mine:
        yield
        return
    covering = _covering(mine, lock=True) if kind == "center" else {}
    before = kinds[kind].read(mine)
    watched.update(mine)
    try:
        yield
    finally:
        watched.difference_update(mine)
    after = kinds[kind].read(mine)
    apply(_diff([e for i in mine for e in before.get(i, [])], [e for i in mine for e in after.get(i, [])]))
    if kind == "center" and covering != _covering(mine):
        _recount_covered(mine, covering)


# ---- coverage: neighborhoods and villages with at least one open center ----------------


def _covering(ids: list[int], *, lock: bool = False) -> dict[int, tuple[int, bool]]:
    qs = Center.objects.select_for_update() if lock else Center.objects.all()
    rows = qs.filter(pk__in=ids).order_by("pk").values_list("pk", "unit_id", "status", "kind")
    return {pk: (unit_id, covers(status=s, kind=k)) for pk, unit_id, s, k in rows}


def _recount_covered(ids: list[int], before: dict[int, tuple[int, bool]] | None = None) -> None:
    """A unit's coverage changes when its first open center appears or its last one goes. The
    unit row is locked first, so two writers in one place count it once."""
    before = before or {}
    after = _covering(ids)
    units = {u for u, _ in before.values()} | {u for u, _ in after.values()}
    if not units:
        return
    paths = dict(
        Unit.objects.select_for_update().filter(pk__in=units).order_by("pk").values_list("pk", "path")
    )
    rows: list[tuple[str, Facts]] = []
    for unit_id in sorted(units):
        mine_before = any(u == unit_id and c for u, c in before.values())
        mine_after = any(u == unit_id and c for u, c in after.values())
        if mine_before == mine_after:
            continue
        others = (
            Center.objects.filter(unit_id=unit_id, status__in=OPEN_STATUSES, kind=CenterKind.NEIGHBORHOOD)
            .exclude(pk__in=ids)
            .exists()
        )
        if not others:
            rows.append((paths[unit_id], Counter({(COVERED, ""): 1 if mine_after else -1})))
    apply(rows)


# ---- reading ----------------------------------------------------------------------------


def counts(unit: Unit) -> Facts:
    """Every (key, quarter) count over the unit's subtree: its roll-up rows, or for a
    neighborhood or village, a live count of its own rows."""
    if unit.kind in LEAF_KINDS:
        return live_counts(unit.path)
    return Counter(
        {
            (k, q): n
            for k, q, n in RollupCount.objects.filter(unit=unit).values_list("key", "quarter", "count")
        }
    )


def counts_of_children(unit: Unit, children: list[Unit], keys: Q | None = None) -> dict[int, Facts]:
    """The counts of each of the unit's `children` (roll-up rows, only those matching `keys`
    when given; live for leaf children), by id."""
    out: dict[int, Facts] = defaultdict(Counter)
    rows = RollupCount.objects.filter(unit__in=[c.pk for c in children if c.kind not in LEAF_KINDS])
    if keys is not None:
        rows = rows.filter(keys)
    for unit_id, key, quarter, n in rows.values_list("unit_id", "key", "quarter", "count"):
        out[unit_id][(key, quarter)] = n
    leaves = {c.path: c.pk for c in children if c.kind in LEAF_KINDS}
    if leaves:
        for path, facts in _all_rows(unit.path):
            if path in leaves:
                out[leaves[path]].update(facts)
    return out


def _all_rows(prefix: str | None) -> Iterator[tuple[str, Facts]]:
    for _name, kind in kinds.items():
        yield from kind.rows(prefix)


def live_counts(prefix: str) -> Facts:
    total: Facts = Counter()
    for _path, facts in _all_rows(prefix):
        total.update(facts)
    return total


def series(facts: Facts, started: str, ended: str, quarters: list[jalali.Quarter]) -> list[int]:
    """For each quarter, Σ started(≤Q) − Σ ended(≤Q): the rows standing at its end."""
    moves = [
        (jalali.Quarter.parse(quarter), n if key == started else -n)
        for (key, quarter), n in facts.items()
        if quarter and key in (started, ended)
    ]
    return [sum(n for when, n in moves if when <= q) for q in quarters]


def in_quarter(facts: Facts, key: str, quarter: jalali.Quarter) -> int:
    return facts.get((key, quarter.code), 0)


# ---- rebuild ----------------------------------------------------------------------------


def expected() -> dict[tuple[int, str, str], int]:
    """Every roll-up row as the raw rows give it (non-zero counts only)."""
    by_path: dict[str, Facts] = defaultdict(Counter)
    for path, facts in _all_rows(None):
        by_path[path].update(facts)
    out: Counter = Counter()
    for path, unit_ids in targets(by_path).items():
        for (key, quarter), n in by_path[path].items():
            for unit_id in unit_ids:
                out[(unit_id, key, quarter)] += n
    return {k: n for k, n in out.items() if n}


def stored() -> dict[tuple[int, str, str], int]:
    rows = RollupCount.objects.exclude(count=0).values_list("unit_id", "key", "quarter", "count")
    return {(u, k, q): n for u, k, q, n in rows.iterator(chunk_size=20000)}


def differences(
    want: dict[tuple[int, str, str], int] | None = None,
) -> list[tuple[tuple[int, str, str], int, int]]:
    """(row, stored, expected) for every roll-up row that is not what the raw rows give."""
    want = expected() if want is None else want
    have = stored()
    return sorted(
        (key, have.get(key, 0), want.get(key, 0))
        for key in set(want) | set(have)
        if have.get(key, 0) != want.get(key, 0)
    )


@transaction.atomic
def rebuild(want: dict[tuple[int, str, str], int] | None = None) -> int:
    """Replace every roll-up row with what the raw rows give (`want`: `expected()`, when the
    caller has it already). Returns the rows written."""
    want = expected() if want is None else want
    RollupCount.objects.all().delete()
    RollupCount.objects.bulk_create(
        (RollupCount(unit_id=u, key=k, quarter=q, count=n) for (u, k, q), n in sorted(want.items())),
        batch_size=5000,
    )
    return len(want)
