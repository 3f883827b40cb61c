"""Member import rows/second (xlsx and csv) on a scratch database, with the machine load.

    .venv/bin/python -m bench.member_import_bench                 # SQLite file var/bench-import.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kanoon_imp .venv/bin/python -m bench.member_import_bench

BENCH_IMPORT_SIZES (default "20000,100000") rows per file; BENCH_IMPORT_LINKED (default 0.1) is the
share of rows whose national code is already on file (a person linked, not created). The database
is migrated and gets a small territory and one center on a neighborhood; every run imports new
national codes into a fresh center, so runs can repeat. Parsing the file is included in the time
(the task reads the stored bytes); writing the file is not. Besides wall-clock rows/s it prints
rows per CPU-second of this process (the machine may be shared: the load average is printed
before and after each import; on PostgreSQL the server's own time is not in the CPU figure). After each import the roll-ups of the
center's ancestors are compared with a fresh count (`rollups.differences`) unless
BENCH_CHECK_ROLLUPS=0.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time

import django

SIZES = [int(s) for s in os.environ.get("BENCH_IMPORT_SIZES", "20000,100000").split(",") if s]
LINKED = float(os.environ.get("BENCH_IMPORT_LINKED", "0.1"))
CHECK = os.environ.get("BENCH_CHECK_ROLLUPS", "1") != "0"
FIRST = "مریم فاطمه زهرا علی حسین محمد رضا سکینه لیلا مهدی نرگس سارا امیر حمید زینب کبری جواد سعید".split()
LAST = "احمدی رضایی موسوی کریمی حسینی محمدی صادقی جعفری نوری قاسمی رستمی اکبری یزدانی کاظمی".split()


def national_code(n: int) -> str:
    body = f"{n % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def setup_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[-1].split("?")[0]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    elif not url:
        os.makedirs("var", exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath('var/bench-import.sqlite3')}"


def territory():
    from kanoon.geo.models import Kind, Unit

    def unit(kind, name, parent, code=""):
        found = Unit.objects.filter(kind=kind, name=name, parent=parent).first()
        return found or Unit.objects.create(kind=kind, name=name, parent=parent, code=code)

    country = unit(Kind.COUNTRY, "ایران", None, "IR")
    province = unit(Kind.PROVINCE, "تهران", country, "23")
    county = unit(Kind.COUNTY, "تهران", province, "2301")
    district = unit(Kind.DISTRICT, "مرکزی", county, "230101")
    city = unit(Kind.CITY, "تهران", district, "2301011")
    zone = unit(Kind.ZONE, "منطقه ۶", city)
    return unit(Kind.NEIGHBORHOOD, "یوسف‌آباد", zone)


def make_file(fmt: str, rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    from kanoon.centers import importer

    header = [h for h, _, _ in importer.COLUMNS]
    if fmt == "xlsx":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(header)
        for row in rows:
            ws.append([c or None for c in row])  # an empty cell is left out, as spreadsheet programs do
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    return "\n".join(",".join(r) for r in [header, *rows]).encode("utf-8")


def main() -> None:
    setup_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kanoon.centers import importer, rollups, services
    from kanoon.centers.models import Membership
    from kanoon.people.models import Person

    call_command("migrate", verbosity=0)
    neighborhood = territory()
    print(
        f"database: {connection.vendor}  people on file: {Person.objects.count()}  load: {load()}", flush=True
    )
    base = 100_000_000 + Person.objects.count() * 3 + int(time.time()) % 1000 * 200_000
    for size in SIZES:
        for fmt in ("xlsx", "csv"):
            center = services.center_create(
                actor=None, name=f"کانون سنجش {fmt} {size} {base}", unit=neighborhood
            )
            linked = int(size * LINKED)
            # people already on file (registered elsewhere), linked by the import
            known = [national_code(base + i) for i in range(linked)]
            Person.objects.bulk_create(
                Person(
                    national_code=code,
                    first_name="پیشین",
                    last_name="ثبت‌شده",
                    gender="female",
                    registered_unit=neighborhood,
                )
                for code in known
            )
            rng = random.Random(
                size
            )  # varied like real files (a repetitive sheet compresses past the zip-bomb check)
            rows = [
                [
                    national_code(base + i),
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    rng.choice(("زن", "مرد")),
                    f"{rng.randint(1330, 1395)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
                    f"09{rng.randint(10, 39)}{rng.randint(0, 9_999_999):07d}" if rng.random() < 0.8 else "",
                    rng.choice(("", "دیپلم", "کارشناسی", "کارشناسی ارشد")),
                    rng.choice(("", "", "معلم", "پرستار", "کشاورز", "خانه‌دار")),
                    "کمک‌های اولیه، آشپزی" if rng.random() < 0.1 else "",
                    "داوطلب" if rng.random() < 0.15 else "عضو",
                    f"14{rng.randint(0, 3):02d}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"
                    if rng.random() < 0.5
                    else "",
                ]
                for i in range(size)
            ]
            base += size
            content = make_file(fmt, rows)
            print(f"  ({fmt} file of {len(content) / 1e6:.1f} MB)", flush=True)
            before = load()
            start, cpu = time.perf_counter(), time.process_time()
            try:
                report = importer.import_members(center=center, content=content, filename=f"bench.{fmt}")
            except importer.ImportFileError as exc:  # e.g. a 100,000-row sheet past the unpacked-size limit
                print(f"  {fmt:4} {size:7,} rows  refused by the file checks: {exc}", flush=True)
                continue
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            after = load()
            assert report.created_memberships == size, (report.created_memberships, report.rejected[:3])
            assert report.linked_people == linked, (report.linked_people, linked)
            assert Membership.objects.filter(center=center).count() == size
            print(
                f"  {fmt:4} {size:7,} rows  {seconds:7.2f} s  {size / seconds:8,.0f} rows/s"
                f"  (this process's CPU {cpu:6.2f} s: {size / cpu:8,.0f} rows/CPU-s; load {before} -> {after})",
                flush=True,
            )
    if CHECK:
        diff = rollups.differences()
        print(f"roll-ups vs a fresh count: {'equal' if not diff else f'{len(diff)} rows differ'}")
        if diff:
            sys.exit(1)


if __name__ == "__main__":
    main()
