"""Time `import_divisions` for the whole country: first load, unchanged re-run, forced re-compare.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kanoon_bench python -m bench.import_bench

The database is migrated and its territory emptied first (only use a scratch database).
"""

from __future__ import annotations

import os
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kanoon.geo.models import ImportRun, Unit
    from kanoon.geo.services import import_divisions

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE geo_unit, geo_historicalunit, geo_importrun CASCADE")
    if connection.vendor != "postgresql":
        for depth in range(8, -1, -1):
            Unit.objects.filter(depth=depth).delete()
        ImportRun.objects.all().delete()

    rows = []
    for label, kwargs in (
        ("first load", {}),
        ("unchanged re-run", {}),
        ("forced re-compare", {"force": True}),
    ):
        start = time.perf_counter()
        result = import_divisions(**kwargs)
        seconds = time.perf_counter() - start
        rows.append((label, seconds, result.created, result.updated, result.unchanged, result.skipped))
    print(f"database: {connection.vendor}  units: {Unit.objects.count()}")
    for label, seconds, created, updated, unchanged, skipped in rows:
        print(
            f"  {label:18} {seconds:7.2f} s  created={created} updated={updated} unchanged={unchanged} skipped={skipped}"
        )


if __name__ == "__main__":
    main()
