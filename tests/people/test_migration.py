"""Moving `centers.Person` to `kanoon.people` keeps every row and every history row (SQLite and
PostgreSQL): migrate back to before the move, write people, their history and memberships
through the old models, migrate forward, and find each one, unchanged, in the new model — with
the memberships still pointing at them and the content type renamed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("centers", "0004_list_order_indexes"), ("people", None)]


def _code(n: int) -> str:
    body = f"{(123450 + n) % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    return body + str(total if total < 2 else 11 - total)


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded catalogs for later tests
def test_it_keeps_every_person_and_history_row_through_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    Person = old.get_model("centers", "Person")
    HistoricalPerson = old.get_model("centers", "HistoricalPerson")
    Unit = old.get_model("geo", "Unit")
    Center = old.get_model("centers", "Center")
    Membership = old.get_model("centers", "Membership")
    User = old.get_model("accounts", "User")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="centers", model="person")
    user = User.objects.create(username="mover", password="!")
    country = Unit.objects.create(kind="country", name="ایران", code="IR", path="0001", depth=0)
    hood = Unit.objects.create(kind="neighborhood", name="یوسف‌آباد", parent=country, path="00010001", depth=1)
    center = Center.objects.create(name="کانون", unit=hood)
    when = timezone.now() - dt.timedelta(days=2)
    people, history, memberships = [], [], []
    for n in range(7):
        p = Person.objects.create(
            national_code=_code(n),
            first_name=f"نام {n}",
            last_name=f"خانواده {n}",
            name_key=f"نام {n} خانواده {n}",
            gender=["female", "male"][n % 2],
            birth_date=dt.date(1980 + n, 1, 1) if n % 3 else None,
            mobile=f"0912000000{n}",
            skills=["کمک‌های اولیه"] if n % 2 else [],
            has_disability=n == 4,
            disability="نابینایی" if n == 4 else "",
            registered_unit=hood,
            created_by=user,
        )
        people.append(
            (
                p.pk,
                p.national_code,
                p.first_name,
                p.last_name,
                p.gender,
                p.birth_date,
                p.mobile,
                p.skills,
                p.has_disability,
                p.disability,
                p.registered_unit_id,
                p.created_by_id,
            )
        )
        for k, (kind, first) in enumerate((("+", f"نام {n}"), ("~", f"نام {n}"))):
            h = HistoricalPerson.objects.create(
                id=p.pk,
                national_code=p.national_code,
                first_name=first,
                last_name=p.last_name,
                gender=p.gender,
                mobile=p.mobile,
                skills=p.skills,
                has_disability=p.has_disability,
                disability=p.disability,
                registered_unit_id=hood.pk,
                created_by_id=user.pk,
                history_date=when + dt.timedelta(minutes=10 * n + k),
                history_type=kind,
                history_user=user,
            )
            history.append(
                (h.history_id, h.id, h.national_code, h.first_name, h.history_type, h.history_user_id)
            )
        m = Membership.objects.create(center=center, person=p, kind="member", status="active")
        memberships.append((m.pk, p.pk))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType as CT

    from kanoon.centers.models import Membership as NewMembership
    from kanoon.people.models import Person as NewPerson

    assert NewPerson._meta.db_table == "centers_person"
    after = [
        (
            p.pk,
            p.national_code,
            p.first_name,
            p.last_name,
            p.gender,
            p.birth_date,
            p.mobile,
            p.skills,
            p.has_disability,
            p.disability,
            p.registered_unit_id,
            p.created_by_id,
        )
        for p in NewPerson.objects.order_by("pk")
    ]
    assert after == people
    after_history = [
        (h.history_id, h.id, h.national_code, h.first_name, h.history_type, h.history_user_id)
        for h in NewPerson.history.order_by("history_id")
    ]
    assert after_history == history
    assert [(m.pk, m.person_id) for m in NewMembership.objects.order_by("pk")] == memberships
    assert NewMembership.objects.order_by("pk").first().person.national_code == people[0][1]
    # the new fields start empty; history rows know them too
    assert all(p.available_days == [] and p.availability_note == "" for p in NewPerson.objects.all())
    assert CT.objects.filter(app_label="people", model="person").exists()
    assert not CT.objects.filter(app_label="centers", model="person").exists()
    # the record goes on: a change writes one more history row
    p = NewPerson.objects.order_by("pk").first()
    p.occupation = "معلم"
    p.save()
    assert NewPerson.history.filter(id=p.pk).count() == 3
