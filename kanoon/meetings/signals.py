"""Signals other apps listen to (the meetings app imports no domain app).

- `minutes_recorded(sender=Meeting, meeting=...)`: a meeting's minutes were recorded (it was
  held), inside the recording transaction.
"""

from django.dispatch import Signal

minutes_recorded = Signal()
