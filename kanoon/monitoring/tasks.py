"""Background jobs of monitoring (Celery; inline without Redis).

The roll-up needs no job: approval updates the aggregates in its own transaction. These tasks
are for repair and for reminders.
"""

from __future__ import annotations

from celery import shared_task


@shared_task
def rollup_rebuild() -> int:
    """Recompute every aggregate and reporting tally (after a restore or a manual SQL fix)."""
    from .services import rollup_rebuild as rebuild
    from .services import tally_rebuild

    tally_rebuild()
    return rebuild()


@shared_task
def overdue_reports(period: str) -> dict[str, int]:
    """Per data set, how many reporting units have not submitted the quarter's report."""
    from kanoon.geo.models import Unit

    from .models import DataSet, Report, ReportStatus

    out = {}
    for data_set in DataSet.objects.filter(is_active=True):
        expected = Unit.objects.filter(kind__in=data_set.unit_kinds, is_active=True).count()
        sent = (
            Report.objects.filter(data_set=data_set, period=period).exclude(status=ReportStatus.DRAFT).count()
        )
        out[data_set.code] = expected - sent
    return out
