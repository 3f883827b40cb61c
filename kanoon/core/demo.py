"""What the apps' demo loaders share: the demo's calendar and its clock.

The demo tells a story over the last five closed Jalali quarters and the current one: centers
founded, opened and joined quarter by quarter, assemblies meeting each season, problems raised,
solved or referred up, reports sent and approved. Every record is written through the apps'
services *on the day it happened* (`on(day)` moves the clock with `time-machine`), so that
timestamps, history rows, roll-ups and the monitoring sources that count by date all agree,
exactly as if the platform had been used for the past year and a half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.utils import timezone

from kanoon.core.jalali import Quarter

HISTORY = 5  # closed quarters the demo covers, the last closed one included


def real_now() -> dt.datetime:
    """The wall clock, even inside `on()`."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC)


def real_today() -> dt.date:
    return timezone.localtime(real_now()).date()


def current_quarter() -> Quarter:
    return Quarter.of(real_today())


def last_closed() -> Quarter:
    """The quarter the dashboards open on (the one before the current one)."""
    return current_quarter().previous()


def quarters() -> list[Quarter]:
    """The demo's closed quarters, oldest first; `quarters()[-1]` is the last closed one."""
    out = [last_closed()]
    while len(out) < HISTORY:
        out.insert(0, out[0].previous())
    return out


def quarter(offset: int) -> Quarter:
    """Quarter by offset from the last closed one: 0 is the last closed, -1 the one before,
    1 the current (unfinished) quarter."""
    q = last_closed()
    for _ in range(abs(offset)):
        q = q.next() if offset > 0 else q.previous()
    return q


def day(offset: int, nth: int) -> dt.date:
    """The `nth` day (0 = first) of the quarter at `offset`, never later than yesterday."""
    q = quarter(offset)
    value = min(q.start + dt.timedelta(days=nth), q.end)
    return min(value, real_today() - dt.timedelta(days=1))


def moment(value: dt.date | dt.datetime, hour: int = 10) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time(hour)))


@contextmanager
def on(value: dt.date | dt.datetime, hour: int = 10) -> Iterator[dt.datetime]:
    """Run the block as if it were that day (at `hour`, Tehran time) — never later than now.
    The clock ticks on from there, so records made in the block keep their order."""
    when = min(moment(value, hour), real_now())
    with time_machine.travel(when, tick=True):
        yield when


def pick(*parts: object, low: int, high: int) -> int:
    """A stable "random" whole number in [low, high] for the given key (same on every run)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)
