"""Background jobs of monitoring (Celery; inline without Redis).

The roll-up needs no job: approval updates the aggregates in its own transaction. These tasks
are for repair and for reminders.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="monitoring.rollup_rebuild")
def rollup_rebuild() -> int:
    """Recompute every aggregate and reporting tally (after a restore or a manual SQL fix)."""
    from .services import rollup_rebuild as rebuild
    from .services import tally_rebuild

    tally_rebuild()
    return rebuild()


@shared_task(name="monitoring.overdue_reports")
def overdue_reports() -> dict[str, int]:
    """Daily (beat): tell the people who must report, and their approvers, which quarterly
    reports are past due; returns the count of missing units per data set."""
    from .reminders import notify_overdue

    return notify_overdue()
