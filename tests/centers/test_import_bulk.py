"""Member import in bulk (issue 11, point 4): queries per chunk that do not grow with its rows,
rows refused against the database reported one by one while the rest of the chunk is saved,
history rows for everything created, roll-ups equal to a fresh count, and the model's person
checks giving the same verdict as the importer's."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanoon.centers import importer, rollups
from kanoon.centers.models import Membership
from kanoon.people.models import Person
from tests.conftest import make_user

from .conftest import make_center, make_member, make_person, national_code

HEADER = ",".join(h for h, _, _ in importer.COLUMNS)


def row(
    code=None,
    *,
    first="مریم",
    last="احمدی",
    gender="زن",
    birth="1370/05/12",
    skills="",
    kind="عضو",
    joined="",
):
    return [code or national_code(), first, last, gender, birth, "09121234567", "", "", skills, kind, joined]


def csv(rows) -> bytes:
    return ("\n".join([HEADER, *(",".join(f'"{c}"' for c in r) for r in rows)])).encode("utf-8-sig")


def many(n: int, start: int) -> list[list[str]]:
    return [
        row(
            national_code(start + i),
            last=f"احمدی {i % 50}",
            gender="زن" if i % 2 else "مرد",
            birth=f"13{50 + i % 40}/0{1 + i % 9}/1{i % 9}",
            kind="داوطلب" if i % 7 == 0 else "عضو",
            joined="1402/03/01" if i % 3 == 0 else "",
        )
        for i in range(n)
    ]


# ---- queries --------------------------------------------------------------------------------


def _import_counted(center, rows):
    with CaptureQueriesContext(connection) as ctx:
        report = importer.import_members(center=center, content=csv(rows), filename="m.csv")
    assert report.created_memberships == len(rows), [r.errors for r in report.rejected[:3]]
    tables = (Person._meta.db_table, Person.history.model._meta.db_table)
    tables += (Membership._meta.db_table, Membership.history.model._meta.db_table)
    inserts = {t: 0 for t in tables}
    others = 0
    for q in ctx.captured_queries:
        sql = q["sql"]
        # an INSERT, or on PostgreSQL the ids drawn for a COPY (COPY itself is not logged)
        table = next(
            (
                t
                for t in tables
                if sql.startswith(f'INSERT INTO "{t}" ')
                or "pg_get_serial_sequence" in sql
                and f"'{t}'" in sql
            ),
            None,
        )
        if table:
            inserts[table] += 1
        else:
            others += 1
    return others, inserts


def test_the_queries_of_an_import_do_not_grow_with_its_rows(territory):
    assert importer.CHUNK >= 2000  # one chunk for both files below
    known = [make_person(territory.jolfa, national_code=national_code(700_000 + i)) for i in range(40)]
    small, big = many(1000, 100_000), many(2000, 200_000)
    small[:20] = [row(p.national_code) for p in known[:20]]  # linked, not created
    big[:20] = [row(p.national_code) for p in known[20:]]
    others_small, inserts_small = _import_counted(make_center(territory.yousefabad), small)
    others_big, inserts_big = _import_counted(make_center(territory.yousefabad), big)
    # lookups, roll-ups, progress and the establishment record: a fixed number per chunk
    # (savepoints included; the establishment record's own queries once per import)
    assert others_small <= 30, others_small
    assert others_big <= others_small + 2, (others_small, others_big)
    # inserts: one statement per table, or per as many rows as the backend takes in one
    # statement (SQLite: 999 parameters), never one per row
    for rows, inserts in ((small, inserts_small), (big, inserts_big)):
        for table, n in inserts.items():
            model = next(
                m
                for m in (Person, Person.history.model, Membership, Membership.history.model)
                if m._meta.db_table == table
            )
            auto_pk = ("AutoField", "BigAutoField", "SmallAutoField")
            width = len(
                [
                    f
                    for f in model._meta.concrete_fields
                    if not (f.primary_key and f.get_internal_type() in auto_pk)
                ]
            )
            per_statement = (connection.features.max_query_params or 65535) // width
            assert 1 <= n <= math.ceil(len(rows) / per_statement) + 1, (table, n)
    if connection.features.max_query_params is None:  # PostgreSQL: one statement per table
        assert set(inserts_small.values()) == set(inserts_big.values()) == {1}


# ---- rows refused against the database --------------------------------------------------------


def test_a_row_refused_inside_a_chunk_is_reported_and_the_others_are_saved(territory):
    center = make_center(territory.yousefabad)
    already = make_member(center)
    too_many = "،".join(f"مهارت {i}" for i in range(31))
    rows = many(30, 300_000)
    rows[5] = row(already.national_code)  # already a member here
    rows[17] = row(skills=too_many)  # refused by the person's own checks (at most 30 skills)
    report = importer.import_members(center=center, content=csv(rows), filename="m.csv")
    assert report.created_memberships == 28 and report.created_people == 28
    reasons = {r.number: " ".join(r.errors) for r in report.rejected}
    assert set(reasons) == {7, 19}  # header is row 1
    assert "عضو این کانون" in reasons[7] and "۳۰ مهارت" in reasons[19]
    assert Membership.objects.filter(center=center).count() == 29  # the earlier member and 28
    assert not Person.objects.filter(national_code=rows[17][0]).exists()
    assert rollups.differences() == []


def test_a_concurrent_write_falls_back_to_row_by_row_and_links_instead(territory, monkeypatch):
    center = make_center(territory.yousefabad)
    rows = many(12, 400_000)
    taken = rows[8][0]
    check = importer.person_error

    def a_concurrent_sign_up_meanwhile(d):
        if not Person.objects.filter(national_code=taken).exists():
            make_person(territory.jolfa, national_code=taken, first_name="زهرا", last_name="اصفهانی")
        return check(d)

    monkeypatch.setattr(importer, "person_error", a_concurrent_sign_up_meanwhile)
    report = importer.import_members(center=center, content=csv(rows), filename="m.csv")
    assert report.created_memberships == 12 and not report.rejected
    assert report.created_people == 11 and report.linked_people == 1
    assert Person.objects.filter(national_code__in=[r[0] for r in rows]).count() == 12
    linked = Person.objects.get(national_code=taken)
    assert (linked.first_name, linked.last_name) == ("زهرا", "اصفهانی")  # linked, not overwritten
    assert Membership.objects.filter(center=center, person=linked).exists()
    assert rollups.differences() == []


# ---- history and roll-ups ---------------------------------------------------------------------


def test_every_created_person_and_membership_has_its_history_row(territory):
    center = make_center(territory.yousefabad)
    actor = make_user("importer-actor")
    known = make_person(territory.jolfa, first_name="زهرا", last_name="اصفهانی")
    before = Person.history.filter(id=known.pk).count()
    rows = [*many(25, 500_000), row(known.national_code, first="نرگس")]
    report = importer.import_members(center=center, content=csv(rows), filename="m.csv", actor=actor)
    assert report.created_people == 25 and report.linked_people == 1
    people = Person.objects.filter(national_code__in=[r[0] for r in rows[:25]])
    for person in people:
        (h,) = Person.history.filter(id=person.pk)
        assert (h.history_type, h.history_user_id, h.history_change_reason) == ("+", actor.pk, None)
        assert (h.national_code, h.first_name, h.last_name, h.gender, h.birth_date, h.mobile) == (
            person.national_code,
            person.first_name,
            person.last_name,
            person.gender,
            person.birth_date,
            person.mobile,
        )
        assert (h.registered_unit_id, h.created_by_id, h.skills) == (center.unit_id, actor.pk, person.skills)
        assert person.name_key and person.created_at and person.created_by_id == actor.pk
    assert Person.history.filter(id=known.pk).count() == before  # linking writes nothing on the person
    memberships = Membership.objects.filter(center=center)
    assert memberships.count() == 26
    for m in memberships:
        (h,) = Membership.history.filter(id=m.pk)
        assert (h.history_type, h.history_user_id, h.person_id, h.center_id) == (
            "+",
            actor.pk,
            m.person_id,
            center.pk,
        )
        assert (h.status, h.kind, h.joined_on, h.source) == (m.status, m.kind, m.joined_on, "import")
        assert m.created_at and m.decided_by_id == actor.pk


def test_rollups_equal_a_fresh_count_after_imports(territory):
    center = make_center(territory.yousefabad)
    village = make_center(territory.village)
    # on file with another gender and birth date: the roll-ups count what is on file
    known = make_person(territory.jolfa, gender="male", birth_date=dt.date(1960, 1, 1))
    rows = [*many(60, 600_000), row(known.national_code, gender="زن", birth="1380/01/01")]
    importer.import_members(center=center, content=csv(rows), filename="m.csv")
    importer.import_members(center=village, content=csv(many(15, 610_000) + rows[:5]), filename="m.csv")
    assert rollups.differences() == []
    out = io.StringIO()
    call_command("repair_rollups", "--check", stdout=out)  # exits 1 on any difference
    counts = rollups.counts(territory.tehran)
    assert counts[("m:active", "")] == 61 + 20
    assert counts[("m:g:male", "")] == Membership.objects.filter(person__gender="male").count()


# ---- the person checks: the importer's verdict is the model's --------------------------------

LETTERS = "ابپتسمرزنیکگو "
INVISIBLE = "\u200c\u200d\u200f\u00a0\ufeff"


def _model_verdict(d) -> bool:
    person = Person(**{k: d[k] for k in importer.PERSON_FIELDS}, registered_unit_id=1)
    try:
        person.clean_fields(exclude=["registered_unit", "created_by", "national_code"])
        person.clean()
    except Exception:
        return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.text(LETTERS + INVISIBLE, max_size=12),
    last=st.text(LETTERS + INVISIBLE, max_size=12),
    skills=st.lists(st.text(LETTERS + INVISIBLE + "،,", max_size=110), max_size=35),
    occupation=st.text(LETTERS + INVISIBLE, max_size=160),
    education=st.sampled_from(["", "دیپلم", "کارشناسی", "phd"]),
    mobile=st.sampled_from(["", "09121234567", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0912"]),
)
def test_the_importers_person_check_agrees_with_the_model(first, last, skills, occupation, education, mobile):
    raw = {
        "national_code": national_code(12345),
        "first_name": first,
        "last_name": last,
        "gender": "زن",
        "mobile": mobile,
        "education": education,
        "occupation": occupation,
        "skills": ",".join(skills),
    }
    r = importer.validate_row(2, raw)
    if r.errors:
        return
    assert (importer.person_error(r.data) == "") == _model_verdict(r.data)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_known_and_unknown_codes_are_checked_alike_in_bulk(territory, fmt):
    center = make_center(territory.yousefabad)
    elsewhere = make_person(territory.jolfa, first_name="زهرا", last_name="اصفهانی", mobile="09131112233")
    too_many = "،".join(f"مهارت {i}" for i in range(31))
    rows = [row(elsewhere.national_code, skills=too_many), row(skills=too_many), *many(3, 800_000)]
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append([h for h, _, _ in importer.COLUMNS])
        for r in rows:
            wb.active.append(r)
        buffer = io.BytesIO()
        wb.save(buffer)
        content = buffer.getvalue()
    else:
        content = csv(rows)
    report = importer.import_members(center=center, content=content, filename=f"m.{fmt}")
    assert [r.errors for r in report.rejected][0] == [r.errors for r in report.rejected][1]
    assert report.created_memberships == 3
    elsewhere.refresh_from_db()
    assert (elsewhere.first_name, elsewhere.mobile) == ("زهرا", "09131112233")
