"""Moving `assemblies.Notification` to `kanoon.notifications` keeps every row (SQLite and
PostgreSQL): migrate back to before the move, write notifications through the old model, migrate
forward, and find each one, unchanged, in the new model."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("assemblies", "0001_initial"), ("notifications", None)]


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded catalogs for later tests
def test_it_keeps_every_notification_row_through_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    OldNotification = old.get_model("assemblies", "Notification")
    User = old.get_model("accounts", "User")
    users = [User.objects.create(username=f"u{n}", password="!") for n in range(3)]
    when = timezone.now() - dt.timedelta(days=3)
    expected = []
    for n in range(12):
        row = OldNotification.objects.create(
            user=users[n % 3],
            kind=["referral", "policy", "overdue"][n % 3],
            title=f"اعلان {n}",
            body=f"متن {n}" if n % 2 else "",
            url=f"/assemblies/problems/{n}/",
            created_at=when + dt.timedelta(minutes=n),
            read_at=when if n % 4 == 0 else None,
        )
        expected.append(
            (row.pk, row.user_id, row.kind, row.title, row.body, row.url, row.created_at, row.read_at)
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kanoon.notifications.models import Notification

    after = [
        (n.pk, n.user_id, n.kind, n.title, n.body, n.url, n.created_at, n.read_at)
        for n in Notification.objects.order_by("pk")
    ]
    assert after == expected
    assert not Notification.objects.filter(in_digest=True).exists()
    # new rows continue the same id sequence
    fresh = Notification.objects.create(user_id=users[0].pk, kind="policy", title="تازه")
    assert fresh.pk > max(row[0] for row in expected)
