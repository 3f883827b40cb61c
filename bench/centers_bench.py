"""Centers at national scale on PostgreSQL: member import rows/second, and p50/p95 (with query
counts) of the center list, a center page and a province dashboard.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kanoon_bench .venv/bin/python -m bench.centers_bench

Sizes: BENCH_CENTERS (default 50000) centers on villages, BENCH_PEOPLE (default 2000000) people,
each an active member of one center; about 8 establishment actions and one thematic group per
center. The data are loaded once with COPY (a second run reuses them; BENCH_FRESH=1 reloads).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import time

import django

CENTERS = int(os.environ.get("BENCH_CENTERS", "50000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "2000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
FIRST = ["مریم", "فاطمه", "زهرا", "علی", "حسین", "محمد", "رضا", "سکینه", "لیلا", "مهدی"]
LAST = ["احمدی", "رضایی", "موسوی", "کریمی", "حسینی", "محمدی", "صادقی", "جعفری", "نوری", "قاسمی"]


def national_code(n: int) -> str:
    body = f"{n % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


def ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the bench measures PostgreSQL).")
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_data() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kanoon.centers.models import Center, EstablishmentAction
    from kanoon.geo.models import Kind, Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.filter(kind=Kind.VILLAGE).count() < 1000:
        log("importing the official divisions")
        call_command("import_divisions", verbosity=0)
    if os.environ.get("BENCH_FRESH") == "1":
        with connection.cursor() as c:
            c.execute(
                "TRUNCATE centers_centeraction, centers_candidate, centers_officeholder, "
                "centers_election, centers_thematicgroup_members, centers_thematicgroup, centers_membership, "
                "centers_memberimport, centers_centerstatuschange, centers_person, centers_center_facilitators, "
                "centers_center, centers_historicalperson, centers_historicalmembership, centers_historicalcenter, "
                "centers_rollupcount "
                "RESTART IDENTITY CASCADE"
            )
    have = Center.objects.count()
    if have >= CENTERS:
        from kanoon.people.models import Person

        log(f"reusing {have} centers and {Person.objects.count()} people")
        return
    rng = random.Random(1403)
    today = dt.date.today()
    now = timezone.now()
    villages = list(
        Unit.objects.filter(kind=Kind.VILLAGE).exclude(centers__isnull=False).values_list("pk", "name")
    )
    rng.shuffle(villages)
    villages = villages[: CENTERS - have]
    if len(villages) < CENTERS - have:
        sys.exit(f"only {len(villages)} villages available for {CENTERS - have} centers")
    actions = list(
        EstablishmentAction.objects.filter(is_active=True)
        .order_by("strategy__number", "order")
        .values_list("pk", flat=True)
    )
    raw = connection.connection  # psycopg 3 connection
    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) FROM centers_center")
        center0 = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) FROM centers_person")
        person0 = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) FROM centers_membership")
        member0 = c.fetchone()[0]
    statuses = ["active"] * 5 + ["establishing"] * 3 + ["proposed", "suspended"]
    center_rows = []
    log(f"loading {len(villages)} centers")
    t = time.perf_counter()
    with raw.cursor() as cur:
        with cur.copy(
            "COPY centers_center (id, name, name_key, unit_id, kind, status, status_changed_on, founded_on, "
            "venue_kind, venue_name, address, phone, logo, public_description, how_to_join, is_public, phase, "
            "progress, last_progress_on, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i, (unit_id, unit_name) in enumerate(villages, start=1):
                pk = center0 + i
                founded = today - dt.timedelta(days=rng.randint(30, 2000))
                done = rng.randint(0, len(actions))
                last = founded + dt.timedelta(days=rng.randint(0, (today - founded).days)) if done else None
                name = f"کانون سلامت روستای {unit_name}"
                center_rows.append((pk, unit_id, founded, done))
                copy.write_row(
                    (
                        pk,
                        name,
                        name,
                        unit_id,
                        "neighborhood",
                        rng.choice(statuses),
                        founded,
                        founded,
                        "health_house",
                        "خانهٔ بهداشت",
                        "",
                        "",
                        "",
                        "",
                        "",
                        True,
                        min(4, 1 + done * 4 // max(1, len(actions))),
                        round(100 * done / max(1, len(actions))),
                        last,
                        now,
                        now,
                    )
                )
        log(f"  centers in {time.perf_counter() - t:.1f}s; loading {PEOPLE} people and memberships")
        t = time.perf_counter()
        per_center = max(1, PEOPLE // len(center_rows))
        with cur.copy(
            "COPY centers_person (id, national_code, first_name, last_name, name_key, gender, birth_date, mobile, "
            "education, occupation, skills, has_disability, disability, registered_unit_id, created_at, updated_at, "
            "availability_note, available_days, available_parts) "
            "FROM STDIN"
        ) as copy:
            n = 0
            for _pk, unit_id, _founded, _done in center_rows:
                for _ in range(per_center):
                    n += 1
                    first, last = FIRST[n % 10], LAST[(n // 10) % 10]
                    copy.write_row(
                        (
                            person0 + n,
                            national_code(100_000_000 + person0 + n),
                            first,
                            last,
                            f"{first} {last}",
                            "female" if n % 5 < 3 else "male",
                            today - dt.timedelta(days=5000 + (n * 7919) % 25000),
                            f"0912{n % 10_000_000:07d}",
                            "",
                            "",
                            "[]",
                            False,
                            "",
                            unit_id,
                            now,
                            now,
                            "",
                            "[]",
                            "[]",
                        )
                    )
        log(f"  people in {time.perf_counter() - t:.1f}s")
        t = time.perf_counter()
        with cur.copy(
            "COPY centers_membership (id, center_id, person_id, kind, status, joined_on, source, note, created_at, "
            "updated_at) FROM STDIN"
        ) as copy:
            n = 0
            for pk, _unit_id, founded, _done in center_rows:
                span = max(1, (today - founded).days)
                for _ in range(per_center):
                    n += 1
                    copy.write_row(
                        (
                            member0 + n,
                            pk,
                            person0 + n,
                            "volunteer" if n % 4 == 0 else "member",
                            "active",
                            founded + dt.timedelta(days=(n * 37) % span),
                            "import",
                            "",
                            now,
                            now,
                        )
                    )
        log(f"  memberships in {time.perf_counter() - t:.1f}s; actions, groups, status history")
        with cur.copy(
            "COPY centers_centeraction (center_id, action_id, done_on, note, automatic, created_at) FROM STDIN"
        ) as copy:
            for pk, _unit_id, founded, done in center_rows:
                for k, action in enumerate(actions[:done]):
                    copy.write_row((pk, action, founded + dt.timedelta(days=3 * k), "", False, now))
        with cur.copy(
            "COPY centers_thematicgroup (center_id, name, topic, formed_on, is_active, created_at, updated_at) FROM STDIN"
        ) as copy:
            for pk, _unit_id, founded, _done in center_rows:
                copy.write_row(
                    (pk, "گروه تغذیهٔ سالم", "nutrition", founded + dt.timedelta(days=20), True, now, now)
                )
        with cur.copy(
            "COPY centers_centerstatuschange (center_id, from_status, to_status, changed_on, reason, created_at) FROM STDIN"
        ) as copy:
            for pk, _unit_id, founded, _done in center_rows:
                copy.write_row((pk, "", "proposed", founded, "ثبت کانون", now))
    with connection.cursor() as c:
        for table in ("centers_center", "centers_person", "centers_membership"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        c.execute("ANALYZE")
    log("data loaded")


def measure(client, url: str, repeat: int = REPEAT) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], len(queries)


def bench_import() -> list[tuple[str, float]]:
    from openpyxl import Workbook

    from kanoon.centers import importer
    from kanoon.centers.models import Center
    from kanoon.people.models import Person

    center = Center.objects.order_by("pk").first()
    out = []
    base = 900_000_000 + Person.objects.count()  # grows by the imported rows: new codes each run
    for fmt in ("xlsx", "csv"):
        rows = [
            [
                national_code(base + i),
                FIRST[i % 10],
                LAST[i % 10],
                "زن" if i % 2 else "مرد",
                "1370/05/12",
                "09121234567",
                "",
                "",
                "",
                "عضو",
                "1403/02/01",
            ]
            for i in range(IMPORT_ROWS)
        ]
        base += IMPORT_ROWS
        header = [h for h, _, _ in importer.COLUMNS]
        if fmt == "xlsx":
            wb = Workbook()
            ws = wb.active
            ws.append(header)
            for row in rows:
                ws.append(row)
            buffer = io.BytesIO()
            wb.save(buffer)
            content = buffer.getvalue()
        else:
            content = "\n".join(",".join(r) for r in [header, *rows]).encode("utf-8")
        start = time.perf_counter()
        report = importer.import_members(center=center, content=content, filename=f"bench.{fmt}")
        seconds = time.perf_counter() - start
        assert report.created_memberships == IMPORT_ROWS, (report.created_memberships, report.rejected[:3])
        out.append((fmt, IMPORT_ROWS / seconds))
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")
    ensure_database()
    django.setup()
    from django.conf import settings

    # Server settings for an OLTP load on SSD (see docs/centers.md); BENCH_PG_OPTIONS="" measures the defaults.
    pg_options = os.environ.get("BENCH_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1")
    if pg_options:
        settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_options
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kanoon.accounts.models import RoleAssignment, User
    from kanoon.centers.models import Center, Membership
    from kanoon.core import scope
    from kanoon.geo.models import Kind, Unit
    from kanoon.people.models import Person

    load_data()
    from kanoon.centers import rollups
    from kanoon.centers.models import RollupCount

    if not RollupCount.objects.exists():  # COPY bypasses the services: count the loaded rows once
        log("roll-ups")
        rollups.rebuild()
    setup_test_environment()
    tehran = Unit.objects.get(kind=Kind.PROVINCE, name="تهران")
    biggest = Unit.objects.filter(kind=Kind.PROVINCE).order_by("-pk").first()
    expert, _ = User.objects.get_or_create(username="bench-centers-expert")
    RoleAssignment.objects.get_or_create(user=expert, role=scope.PROVINCE_EXPERT, unit=tehran)
    national, _ = User.objects.get_or_create(username="bench-centers-national")
    RoleAssignment.objects.get_or_create(
        user=national, role=scope.NATIONAL_ADMIN, unit=Unit.objects.get(depth=0)
    )
    center = Center.objects.filter(unit__path__startswith=tehran.path).order_by("pk").first()
    person = Membership.objects.filter(center=center).values_list("person_id", flat=True).first()

    log("member import")
    imports = bench_import()
    rows = []
    for who, account in (("province expert", expert), ("national admin", national)):
        client = Client()
        client.force_login(account, backend="kanoon.accounts.backends.UsernameOrMobileBackend")
        pages = [
            ("center list", "/centers/"),
            ("center list, name search", "/centers/?q=کانون سلامت روستای علی"),
            ("center list, stalled filter", "/centers/?stalled=true"),
            ("center page", f"/centers/{center.pk}/"),
            ("center members page", f"/centers/{center.pk}/members/"),
            ("establishment page", f"/centers/{center.pk}/establishment/"),
            ("province dashboard (Tehran)", f"/centers/dashboard/{tehran.pk}/"),
            ("API centers page_size=100", "/api/v1/centers/?page_size=100"),
            ("API people page_size=100", "/api/v1/people/?page_size=100"),
            ("API person detail", f"/api/v1/people/{person}/"),
        ]
        if who == "national admin":
            pages.append(("national dashboard", f"/centers/dashboard/{Unit.objects.get(depth=0).pk}/"))
            pages.append((f"province dashboard ({biggest.name})", f"/centers/dashboard/{biggest.pk}/"))
        for label, url in pages:
            log(f"  {who}: {label}")
            p50, p95, queries = measure(client, url)
            rows.append((who, label, p50, p95, queries))

    print()
    print(f"PostgreSQL options: {pg_options or '(server defaults)'}")
    print(
        f"database: {connection.vendor} — centers {Center.objects.count():,}, people {Person.objects.count():,}, "
        f"memberships {Membership.objects.count():,}, units {Unit.objects.count():,}"
    )
    for fmt, rate in imports:
        print(f"  member import ({fmt}, {IMPORT_ROWS} rows): {rate:,.0f} rows/s")
    for who, label, p50, p95, queries in rows:
        print(f"  {who:16} {label:34} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}")


if __name__ == "__main__":
    main()
