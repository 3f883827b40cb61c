"""National-scale generator and benchmark for monitoring dashboards (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kanoon_mbench .venv/bin/python -m bench.monitoring_bench

Generates (unless --skip-generate): every official division (`kanoon import_divisions`),
~20,000 neighborhoods under the cities, 50,000 centers, one quarterly data set of 20 data
elements reported by every village and neighborhood for 8 quarters (≈19 million approved data
values, written with COPY), and the roll-up aggregates built bottom-up in SQL. Then it measures:

- p50/p95 of the national dashboard and of a province dashboard (full HTTP page through
  Django's test client, and the dashboard selector alone);
- the same numbers computed by the best hand-written SQL (one query over the aggregate rows
  plus one grouped COUNT per computed source and tree level) and the ratio;
- a naive alternative without roll-up rows (SUM over the raw values by path prefix);
- the time for a newly approved value to be visible in the country's numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kanoon_mbench"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")
    os.environ.setdefault("KANOON_ALLOWED_HOSTS", "*")
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# ---- generation ---------------------------------------------------------------------------


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY rows (tuples in `columns` order) into the model's table; other NOT NULL columns get
    their Django defaults."""
    from django.db import connection

    fields = {f.column: f for f in model._meta.concrete_fields}
    extra = [c for c, f in fields.items() if c not in columns and not f.primary_key and not f.null]
    defaults = []
    for column in extra:
        field = fields[column]
        defaults.append(field.get_db_prep_save(field.get_default(), connection))
    table = model._meta.db_table
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(f'COPY "{table}" ({", ".join(columns + extra)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row((*row, *defaults))
                n += 1
    return n


def drop_secondary_indexes(table: str) -> list[str]:
    """Drop a table's non-primary indexes and FK constraints; return the SQL to recreate them."""
    from django.db import connection

    recreate = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype IN ('f', 'u')",
            [table],
        )
        for name, definition in cursor.fetchall():
            recreate.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [table, "%_pkey"],
        )
        for name, definition in cursor.fetchall():
            recreate.append(definition)
            cursor.execute(f'DROP INDEX "{name}"')
    # unique constraints create their index themselves: run them first, then plain indexes
    return recreate


def run_sql(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def generate(args) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from kanoon.core.text import search_key
    from kanoon.geo.models import Kind, Unit, encode_segment
    from kanoon.monitoring.models import (
        Aggregate,
        DataElement,
        DataSet,
        DataSetElement,
        DataValue,
        Direction,
        Indicator,
        Report,
    )

    rng = random.Random(1403)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    log("migrated")
    call_command("import_divisions", verbosity=0)
    log(f"divisions imported: {Unit.objects.count()} units")

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '256MB'")

    # neighborhoods under the cities
    if not Unit.objects.filter(kind=Kind.NEIGHBORHOOD).exists():
        cities = list(Unit.objects.filter(kind=Kind.CITY).values_list("pk", "path", "depth"))
        weights = [rng.paretovariate(1.2) for _ in cities]
        total = sum(weights)
        now = datetime.now(UTC)
        rows = []
        for (pk, path, depth), w in zip(cities, weights, strict=True):
            count = max(1, round(args.neighborhoods * w / total))
            for i in range(1, count + 1):
                name = f"محله {i}"
                rows.append(
                    (
                        Kind.NEIGHBORHOOD,
                        name,
                        search_key(name),
                        "",
                        pk,
                        path + encode_segment(i),
                        depth + 1,
                        True,
                        now,
                        now,
                    )
                )
        with transaction.atomic():
            copy_rows(
                Unit,
                [
                    "kind",
                    "name",
                    "name_key",
                    "code",
                    "parent_id",
                    "path",
                    "depth",
                    "is_active",
                    "created_at",
                    "updated_at",
                ],
                rows,
            )
        log(f"neighborhoods: {len(rows)}")

    leaves = list(
        Unit.objects.filter(kind__in=[Kind.NEIGHBORHOOD, Kind.VILLAGE])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if args.leaf_fraction < 1:
        leaves = leaves[: int(len(leaves) * args.leaf_fraction)]
    log(f"reporting units (villages and neighborhoods): {len(leaves)}")

    try:
        from kanoon.centers.models import Center
    except ImportError:  # pragma: no cover
        Center = None
    if Center is not None and not Center.objects.exists():
        now = datetime.now(UTC)
        rows = []
        chosen = rng.sample(leaves, min(args.centers, len(leaves)))
        for i, unit_id in enumerate(chosen):
            created = now - timedelta(days=rng.randint(0, 2 * 365))
            status = "active" if rng.random() < 0.7 else "establishing"
            rows.append((f"کانون {i}", f"کانون {i}", unit_id, status, rng.randint(1, 4), created, created))
        with transaction.atomic():
            copy_rows(
                Center, ["name", "name_key", "unit_id", "status", "phase", "created_at", "updated_at"], rows
            )
        log(f"centers: {len(rows)}")

    # definitions
    elements = []
    for i in range(args.elements):
        element, _ = DataElement.objects.get_or_create(
            code=f"BENCH_E{i:02d}", defaults={"name": f"عنصر آزمون {i}", "maximum": 100000}
        )
        elements.append(element)
    data_set, created = DataSet.objects.get_or_create(
        code="BENCH", defaults={"name": "فرم آزمون", "unit_kinds": ["village", "neighborhood"]}
    )
    if created:
        for i, element in enumerate(elements):
            DataSetElement.objects.create(data_set=data_set, element=element, position=i)
    Indicator.objects.get_or_create(
        code="BENCH_ACTIVE", defaults={"name": "کانون فعال", "numerator": "S:active_centers", "position": 0}
    )
    Indicator.objects.get_or_create(
        code="BENCH_COVERAGE",
        defaults={
            "name": "پوشش",
            "numerator": "S:active_centers",
            "denominator": "S:neighborhoods_villages",
            "factor": 100,
            "decimals": 2,
            "position": 1,
        },
    )
    for i, element in enumerate(elements[: args.indicators - 2]):
        den = f"E:{elements[(i + 1) % len(elements)].code}" if i % 4 == 3 else ""
        Indicator.objects.get_or_create(
            code=f"BENCH_I{i:02d}",
            defaults={
                "name": f"شاخص آزمون {i}",
                "numerator": f"E:{element.code}",
                "denominator": den,
                "factor": 100 if den else 1,
                "decimals": 1 if den else 0,
                "position": i + 2,
                "direction": Direction.HIGHER,
            },
        )

    from kanoon.monitoring import periods

    quarters = periods.quarter_range(periods.last_closed_quarter(), args.quarters)
    if not Report.objects.filter(data_set=data_set).exists():
        now = datetime.now(UTC)
        with transaction.atomic():
            recreate_reports = drop_secondary_indexes(Report._meta.db_table)
            recreate_values = drop_secondary_indexes(DataValue._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{Report._meta.db_table}"')
                base = cursor.fetchone()[0]
            report_rows = []
            ids = {}
            next_id = base
            for q in quarters:
                for unit_id in leaves:
                    next_id += 1
                    ids[(unit_id, q.code)] = next_id
                    report_rows.append(
                        (next_id, data_set.pk, unit_id, q.code, "approved", now, now, now, now)
                    )
            copy_rows(
                Report,
                [
                    "id",
                    "data_set_id",
                    "unit_id",
                    "period",
                    "status",
                    "submitted_at",
                    "approved_at",
                    "created_at",
                    "updated_at",
                ],
                report_rows,
            )
            del report_rows
            log(f"reports: {len(ids)}")

            def value_rows():
                for qi, q in enumerate(quarters):
                    growth = 1 + qi / 20
                    for unit_id in leaves:
                        report_id = ids[(unit_id, q.code)]
                        for e in elements:
                            yield (
                                now,
                                now,
                                report_id,
                                e.pk,
                                unit_id,
                                q.code,
                                int(rng.randint(0, 60) * growth),
                                "",
                                True,
                            )

            n = copy_rows(
                DataValue,
                [
                    "created_at",
                    "updated_at",
                    "report_id",
                    "element_id",
                    "unit_id",
                    "period",
                    "value",
                    "comment",
                    "approved",
                ],
                value_rows(),
            )
            log(f"data values copied: {n}")
            run_sql([f"SELECT setval(pg_get_serial_sequence('{Report._meta.db_table}', 'id'), {next_id})"])
            run_sql(sorted(recreate_reports, key=lambda s: "CONSTRAINT" not in s))
            run_sql(sorted(recreate_values, key=lambda s: "CONSTRAINT" not in s))
            log("indexes rebuilt")
        build_aggregates()
        build_tallies()
        run_sql(
            [
                f'ANALYZE "{t}"'
                for t in (
                    DataValue._meta.db_table,
                    Report._meta.db_table,
                    Aggregate._meta.db_table,
                    Unit._meta.db_table,
                )
            ]
        )
    log(f"generation done in {time.perf_counter() - t0:.0f} s; data values: {DataValue.objects.count()}")


def build_aggregates() -> None:
    """Bottom-up in SQL: the deepest non-leaf level from the raw values, each level above from
    the level below (what the live path would have produced value by value)."""
    from django.db import connection

    from kanoon.monitoring.models import LEAF_KINDS, Aggregate

    t = time.perf_counter()
    kinds = sorted(LEAF_KINDS)
    with connection.cursor() as cursor:
        cursor.execute('TRUNCATE "monitoring_aggregate"')
        cursor.execute("SELECT MAX(depth) FROM geo_unit")
        max_depth = cursor.fetchone()[0]
        # every approved value adds to its unit's parent (and up); values at non-leaf units add to
        # the unit itself too.
        cursor.execute(
            """
            INSERT INTO monitoring_aggregate (unit_id, period, element_id, value)
            SELECT u.parent_id, v.period, v.element_id, SUM(v.value)
            FROM monitoring_datavalue v JOIN geo_unit u ON u.id = v.unit_id
            WHERE v.approved AND u.kind = ANY(%s)
            GROUP BY u.parent_id, v.period, v.element_id
            """,
            [kinds],
        )
        log(f"aggregates: parents of reporting units done ({cursor.rowcount} rows)")
        cursor.execute(
            """
            INSERT INTO monitoring_aggregate (unit_id, period, element_id, value)
            SELECT v.unit_id, v.period, v.element_id, SUM(v.value)
            FROM monitoring_datavalue v JOIN geo_unit u ON u.id = v.unit_id
            WHERE v.approved AND NOT (u.kind = ANY(%s))
            GROUP BY v.unit_id, v.period, v.element_id
            ON CONFLICT (unit_id, period, element_id) DO UPDATE SET value = monitoring_aggregate.value + excluded.value
            """,
            [kinds],
        )
        for depth in range(max_depth, 0, -1):
            cursor.execute(
                """
                INSERT INTO monitoring_aggregate (unit_id, period, element_id, value)
                SELECT u.parent_id, a.period, a.element_id, SUM(a.value)
                FROM monitoring_aggregate a JOIN geo_unit u ON u.id = a.unit_id
                WHERE u.depth = %s AND NOT (u.kind = ANY(%s))
                GROUP BY u.parent_id, a.period, a.element_id
                ON CONFLICT (unit_id, period, element_id) DO UPDATE SET value = monitoring_aggregate.value + excluded.value
                """,
                [depth, kinds],
            )
    log(f"aggregates built in {time.perf_counter() - t:.0f} s: {Aggregate.objects.count()} rows")


def build_tallies() -> None:
    """Reporting tallies bottom-up in SQL (what `services.tally_apply` maintains live)."""
    from django.db import connection

    from kanoon.monitoring.models import LEAF_KINDS, DataSet, ReportTally

    t = time.perf_counter()
    kinds = sorted(LEAF_KINDS)
    periods_due = []
    from kanoon.core.jalali import Quarter

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE monitoring_reporttally")
        cursor.execute("SELECT DISTINCT period FROM monitoring_report")
        for (code,) in cursor.fetchall():
            for data_set in DataSet.objects.all():
                due = Quarter.parse(code).end + timedelta(days=data_set.due_days + 1)
                periods_due.append(
                    (code, data_set.pk, datetime.combine(due, datetime.min.time(), tzinfo=UTC))
                )
        values = ", ".join(["(%s, %s, %s::timestamptz)"] * len(periods_due))
        params = [x for row in periods_due for x in row]
        cursor.execute("SELECT MAX(depth) FROM geo_unit")
        max_depth = cursor.fetchone()[0]
        cursor.execute(
            f"""
            WITH due(period, data_set_id, due_at) AS (VALUES {values})
            INSERT INTO monitoring_reporttally (unit_id, period, data_set_id, submitted, on_time, approved)
            SELECT CASE WHEN u.kind = ANY(%s) THEN u.parent_id ELSE u.id END, r.period, r.data_set_id,
                   COUNT(*) FILTER (WHERE r.status <> 'draft'),
                   COUNT(*) FILTER (WHERE r.status <> 'draft' AND r.submitted_at < d.due_at),
                   COUNT(*) FILTER (WHERE r.status = 'approved')
            FROM monitoring_report r JOIN geo_unit u ON u.id = r.unit_id
            JOIN due d ON d.period = r.period AND d.data_set_id = r.data_set_id
            GROUP BY 1, 2, 3
            """,
            [*params, kinds],
        )
        for depth in range(max_depth, 0, -1):
            cursor.execute(
                """
                INSERT INTO monitoring_reporttally (unit_id, period, data_set_id, submitted, on_time, approved)
                SELECT u.parent_id, t.period, t.data_set_id, SUM(t.submitted), SUM(t.on_time), SUM(t.approved)
                FROM monitoring_reporttally t JOIN geo_unit u ON u.id = t.unit_id
                WHERE u.depth = %s AND NOT (u.kind = ANY(%s))
                GROUP BY 1, 2, 3
                ON CONFLICT (unit_id, period, data_set_id) DO UPDATE SET
                  submitted = monitoring_reporttally.submitted + excluded.submitted,
                  on_time = monitoring_reporttally.on_time + excluded.on_time,
                  approved = monitoring_reporttally.approved + excluded.approved
                """,
                [depth, kinds],
            )
    log(f"reporting tallies built in {time.perf_counter() - t:.0f} s: {ReportTally.objects.count()} rows")


# ---- measurement --------------------------------------------------------------------------


def hand_sql(unit, children, quarters, indicators) -> float:
    """The same numbers as the dashboard's indicator table, by hand: one query on the aggregate
    rows and, per computed source, one grouped COUNT per tree level. Returns seconds."""
    from django.db import connection

    t = time.perf_counter()
    codes = [q.code for q in quarters]
    units = [unit, *children]
    element_codes = sorted({r[2:] for i in indicators for r in i.references if r.startswith("E:")})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.unit_id, a.period, e.code, a.value FROM monitoring_aggregate a "
            "JOIN monitoring_dataelement e ON e.id = a.element_id "
            "WHERE a.unit_id = ANY(%s) AND a.period = ANY(%s) AND e.code = ANY(%s)",
            [[u.pk for u in units], codes, element_codes],
        )
        cursor.fetchall()
        ends = [q.end + timedelta(days=1) for q in quarters]
        # one grouped COUNT per source, cut at the children's depth; the unit sums its children
        length, prefix = len(unit.path) + 4, unit.path
        filters = ", ".join(
            f"COUNT(*) FILTER (WHERE c.created_at < %s "
            f"AND (c.status_changed_on IS NULL OR c.status_changed_on < %s)) AS q{i}"
            for i in range(len(quarters))
        )
        params = [x for end in ends for x in (end, end)]
        cursor.execute(
            f"SELECT substr(u.path, 1, %s), {filters} FROM centers_center c JOIN geo_unit u ON u.id = c.unit_id "
            f"WHERE c.status = 'active' AND u.path LIKE %s GROUP BY 1",
            [length, *params, prefix + "%"],
        )
        cursor.fetchall()
        filters = ", ".join(
            f"COUNT(*) FILTER (WHERE u.created_at < %s OR u.kind = 'village') AS q{i}"
            for i in range(len(quarters))
        )
        cursor.execute(
            f"SELECT substr(u.path, 1, %s), {filters} FROM geo_unit u "
            f"WHERE u.path LIKE %s AND u.kind IN ('neighborhood', 'village') AND u.is_active GROUP BY 1",
            [length, *ends, prefix + "%"],
        )
        cursor.fetchall()
    return time.perf_counter() - t


def naive_sql(unit, children, quarters, element_ids) -> float:
    """Without roll-up rows: SUM the raw approved values by path prefix for the unit and its
    children over the trend quarters."""
    from django.db import connection

    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(u.path, 1, %s), v.period, v.element_id, SUM(v.value) FROM monitoring_datavalue v "
            "JOIN geo_unit u ON u.id = v.unit_id WHERE v.approved AND u.path LIKE %s AND v.period = ANY(%s) "
            "AND v.element_id = ANY(%s) GROUP BY 1, 2, 3",
            [len(unit.path) + 4, unit.path + "%", [q.code for q in quarters], element_ids],
        )
        cursor.fetchall()
    return time.perf_counter() - t


def measure(args) -> dict:
    from django.db import connection, transaction
    from django.test import Client

    from kanoon.accounts.models import RoleAssignment, User
    from kanoon.core import scope
    from kanoon.geo.models import Kind, Unit
    from kanoon.monitoring import periods, selectors, services
    from kanoon.monitoring.models import DataElement, DataValue, Indicator, Report

    user, _ = User.objects.get_or_create(username="bench_national")
    country = Unit.objects.get(depth=0)
    RoleAssignment.objects.get_or_create(user=user, role=scope.NATIONAL_ADMIN, unit=country)
    province = (
        Unit.objects.filter(kind=Kind.PROVINCE, name="تهران").first() or Unit.objects.filter(depth=1).first()
    )
    quarter = periods.last_closed_quarter()
    client = Client()
    client.force_login(user)
    results = {}
    indicators = selectors.active_indicators()
    element_ids = list(DataElement.objects.filter(code__startswith="BENCH_E").values_list("pk", flat=True))
    for label, unit in (("national", country), ("province", province)):
        url = f"/monitoring/units/{unit.pk}/?period={quarter.code}"
        for _ in range(args.warmup):
            assert client.get(url).status_code == 200
        page = []
        for _ in range(args.runs):
            t = time.perf_counter()
            response = client.get(url)
            page.append(time.perf_counter() - t)
            assert response.status_code == 200
        fresh = User.objects.get(pk=user.pk)
        selector = []
        for _ in range(args.runs):
            t = time.perf_counter()
            selectors.dashboard(fresh, unit, quarter)
            selector.append(time.perf_counter() - t)
        children = selectors.unit_children(unit)
        trend = periods.quarter_range(quarter, selectors.TREND_LENGTH)
        hand = [hand_sql(unit, children, trend, indicators) for _ in range(args.runs)]
        naive = [naive_sql(unit, children, trend, element_ids) for _ in range(3)]
        results[label] = {
            "unit": unit.title,
            "children": len(children),
            "page_p50_ms": pct(page, 0.5) * 1000,
            "page_p95_ms": pct(page, 0.95) * 1000,
            "selector_p50_ms": pct(selector, 0.5) * 1000,
            "selector_p95_ms": pct(selector, 0.95) * 1000,
            "hand_sql_p50_ms": pct(hand, 0.5) * 1000,
            "hand_sql_p95_ms": pct(hand, 0.95) * 1000,
            "naive_sql_p50_ms": statistics.median(naive) * 1000,
        }
        r = results[label]
        r["ratio_page_to_hand_p50"] = r["page_p50_ms"] / r["hand_sql_p50_ms"]
        r["ratio_selector_to_hand_p50"] = r["selector_p50_ms"] / r["hand_sql_p50_ms"]

    # a newly approved value, seen from the country
    element = DataElement.objects.get(code="BENCH_E00")
    indicator = Indicator.objects.get(code="BENCH_I00")
    report = (
        Report.objects.filter(data_set__code="BENCH", period=quarter.code, status="approved")
        .order_by("pk")
        .first()
    )
    value = DataValue.objects.get(report=report, element=element)

    def country_value():
        return selectors.indicator_table([indicator], [country], [quarter], with_targets=False)[
            (indicator.pk, country.pk, quarter.code)
        ].value

    before = country_value()
    services.report_unapprove(report=report, user=user, reason="بنچمارک: بازبینی")
    assert country_value() == before - value.value
    with transaction.atomic():
        services.report_save_values(report=report, values={element.pk: value.value + 1000}, user=user)
    report.refresh_from_db()
    latencies = []
    t = time.perf_counter()
    services.report_approve(report=report, user=user)
    approve_s = time.perf_counter() - t
    seen = country_value()
    visible_s = time.perf_counter() - t
    assert seen == before + 1000, (seen, before)
    latencies.append(visible_s)
    # restore
    services.report_unapprove(report=report, user=user, reason="بنچمارک: بازگرداندن")
    services.report_save_values(report=report, values={element.pk: value.value}, user=user)
    services.report_approve(report=report, user=user)
    assert country_value() == before
    results["approval"] = {"approve_ms": approve_s * 1000, "visible_in_country_ms": visible_s * 1000}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM monitoring_datavalue")
        results["data_values"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM monitoring_aggregate")
        results["aggregate_rows"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM geo_unit")
        results["units"] = cursor.fetchone()[0]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("KANOON_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--neighborhoods", type=int, default=20000)
    parser.add_argument("--centers", type=int, default=50000)
    parser.add_argument("--elements", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--quarters", type=int, default=8)
    parser.add_argument(
        "--leaf-fraction", type=float, default=1.0, help="share of villages/neighborhoods reporting"
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        print("This benchmark runs on PostgreSQL (COPY).", file=sys.stderr)
        return 2
    setup_django(args.database_url)
    if not args.skip_generate:
        generate(args)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run_sql(["VACUUM ANALYZE monitoring_report", "VACUUM ANALYZE monitoring_aggregate"])
    results = measure(args)
    print("\n=== monitoring benchmark ===")
    print(f"load average during the run (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} cores")
    print(
        f"units: {results['units']}, data values: {results['data_values']}, "
        f"aggregate rows: {results['aggregate_rows']}"
    )
    for label in ("national", "province"):
        r = results[label]
        print(
            f"{label:9} {r['unit']} ({r['children']} children): page p50 {r['page_p50_ms']:.1f} ms, "
            f"p95 {r['page_p95_ms']:.1f} ms | selector p50 {r['selector_p50_ms']:.1f} ms, p95 {r['selector_p95_ms']:.1f} ms"
            f" | hand SQL p50 {r['hand_sql_p50_ms']:.1f} ms, p95 {r['hand_sql_p95_ms']:.1f} ms"
            f" | ratio page/hand {r['ratio_page_to_hand_p50']:.1f}x, selector/hand {r['ratio_selector_to_hand_p50']:.1f}x"
            f" | naive SQL without roll-up rows {r['naive_sql_p50_ms']:.0f} ms"
        )
    a = results["approval"]
    print(
        f"approval: transaction {a['approve_ms']:.1f} ms; new value visible in the country {a['visible_in_country_ms']:.1f} ms after approve started"
    )
    goal = results["national"]["page_p95_ms"] < 300
    print(f"goal national dashboard p95 < 300 ms: {'met' if goal else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
