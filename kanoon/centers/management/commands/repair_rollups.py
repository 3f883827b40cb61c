"""`kanoon repair_rollups [--check]`: recount the centers' roll-ups from the raw rows.

Lists every roll-up row that differs from the raw rows (unit, key, quarter, stored, counted);
without --check, replaces the roll-ups with the fresh count. With --check nothing is written and
the exit status is 1 when anything differs (for monitoring and CI). The live path keeps the
roll-ups current in each write's transaction; this is for repairs (a unit moved by a divisions
import, rows changed by hand or in the admin)."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from kanoon.centers import rollups
from kanoon.geo.models import Unit

SHOWN = 50


class Command(BaseCommand):
    help = "Recount the centers' roll-ups from the raw rows; report (and, without --check, fix) differences."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--check", action="store_true", help="only report; exit 1 if anything differs")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        started = time.monotonic()
        want = rollups.expected()
        diffs = rollups.differences(want)
        names = dict(
            Unit.objects.filter(pk__in={row[0] for row, *_ in diffs[:SHOWN]}).values_list("pk", "name")
        )
        for (unit_id, key, quarter), have, counted in diffs[:SHOWN]:
            self.stdout.write(
                f"unit {unit_id} ({names.get(unit_id, '?')}) {key} {quarter or '-'}: stored {have}, counted {counted}"
            )
        if len(diffs) > SHOWN:
            self.stdout.write(f"... and {len(diffs) - SHOWN} more")
        self.stdout.write(f"{len(diffs)} roll-up row(s) differ from the raw rows.")
        if options["check"]:
            if diffs:
                sys.exit(1)
            return
        if diffs:
            written = rollups.rebuild(want)
            self.stdout.write(f"Rebuilt: {written} roll-up row(s) written.")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
