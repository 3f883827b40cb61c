"""Signals other apps listen to (the meetings app imports no domain app).

- `minutes_recorded(sender=Meeting, meeting=...)`: a meeting's minutes were recorded (it was
  held), inside the recording transaction.
- `watchers`: `watch(meeting_ids)` gives a context manager entered around every change of a
  meeting's status or time, inside its transaction (the centers' roll-ups count held
  assembly meetings per quarter).
"""

from django.dispatch import Signal

from kanoon.core.registry import Registry

minutes_recorded = Signal()
watchers = Registry("meeting watcher")
