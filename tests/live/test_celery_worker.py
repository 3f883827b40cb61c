"""Background work through a real Celery worker and beat, against the machine's Redis.

Every other test runs tasks eagerly (inline). This one starts `celery -A kanoon worker -B` as a
separate process on the test database and checks that:

- a large member import queued with `.delay()` is picked up by the worker and finishes with every
  row saved (the progress is visible on the MemberImport row while it runs);
- beat fires `monitoring.overdue_reports` by itself and the reporter of a missing unit gets the
  overdue notice, with its SMS delivered by the worker.

It needs PostgreSQL (the worker must see the committed rows of the test database) and Redis; it
runs in `.ci/run` (KANOON_LIVE_CELERY=1, see `.ci/celery-live`) and is skipped otherwise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from kanoon.celery import app
from kanoon.centers import importer
from kanoon.centers.models import ImportStatus, MemberImport, Membership
from kanoon.centers.tasks import run_member_import
from kanoon.core import scope
from kanoon.monitoring import reminders
from kanoon.monitoring.models import DataElement, DataSet, DataSetElement
from kanoon.notifications.models import Delivery, DeliveryStatus, Notification
from tests.centers.conftest import make_center, national_code
from tests.conftest import make_user

REDIS_URL = os.environ.get("KANOON_LIVE_REDIS_URL", "redis://127.0.0.1:6379/13")
ROWS = int(os.environ.get("KANOON_LIVE_IMPORT_ROWS", "10000"))

pytestmark = [
    pytest.mark.skipif(not os.environ.get("KANOON_LIVE_CELERY"), reason="set KANOON_LIVE_CELERY=1 (.ci/run)"),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the live worker needs PostgreSQL (it reads the test database from another process)")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    client.flushdb()
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    env = {
        **os.environ,
        "KANOON_ENV": "demo",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "KANOON_VAR_DIR": str(tmp_path),
        "KANOON_BEAT_INTERVAL": "3",
        "KANOON_SMS_BACKEND": "kanoon.core.notify.ConsoleSMSBackend",
    }
    env.pop("KANOON_TESTING", None)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "kanoon",
            "worker",
            "-B",
            "--loglevel=INFO",
            "--concurrency=2",
            "--schedule",
            str(tmp_path / "beat-schedule"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    previous = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=REDIS_URL, result_backend=REDIS_URL)
    try:
        yield SimpleWorker(proc, tmp_path / "worker.log")
    finally:
        app.conf.update(**previous)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        client.flushdb()
        artifacts = os.environ.get("KANOON_TEST_ARTIFACTS")
        if artifacts:
            Path(artifacts).mkdir(parents=True, exist_ok=True)
            Path(artifacts, "celery-worker.log").write_text((tmp_path / "worker.log").read_text())


class SimpleWorker:
    def __init__(self, proc, log: Path) -> None:
        self.proc = proc
        self.log = log

    def wait_for(self, check, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the worker died:\n{self.log.read_text()[-3000:]}"
            value = check()
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log.read_text()[-3000:]}")


def member_csv(rows: int) -> bytes:
    header = ",".join(h for h, _, _ in importer.COLUMNS)
    lines = [header]
    for i in range(rows):
        lines.append(
            ",".join(
                [
                    national_code(7_000_000 + i),
                    "مریم",
                    f"احمدی {i}",
                    "زن",
                    "1370/05/12",
                    "",
                    "",
                    "",
                    "",
                    "عضو",
                    "",
                ]
            )
        )
    return ("\n".join(lines)).encode("utf-8-sig")


def test_a_large_import_and_the_overdue_notices_run_on_the_worker(territory, worker):
    secretary = make_user("live_sec", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09120000099")
    center = make_center(territory.yousefabad)

    # 1. a large import, queued exactly as the upload view queues it
    mi = MemberImport.objects.create(
        center=center, file=ContentFile(member_csv(ROWS), name="members.csv"), original_name="members.csv"
    )
    started = time.monotonic()
    run_member_import.delay(mi.pk, secretary.pk)
    seen_progress = set()

    def finished():
        row = MemberImport.objects.get(pk=mi.pk)
        seen_progress.add(row.processed_rows)
        return row if row.is_finished else None

    mi = worker.wait_for(finished, timeout=300, what="the member import")
    seconds = time.monotonic() - started
    assert mi.status == ImportStatus.DONE, mi.error
    assert mi.total_rows == ROWS and mi.created_memberships == ROWS and mi.rejected_rows == 0
    assert Membership.objects.filter(center=center).count() == ROWS
    print(f"\nworker import: {ROWS} rows in {seconds:.1f} s ({ROWS / seconds:.0f} rows/s)")

    # 2. beat runs the overdue job by itself; the reporter is told and the SMS goes out
    element = DataElement.objects.create(code="LIVE", name="جلسات", minimum=0)
    data_set = DataSet.objects.create(code="LIVE", name="گزارش زنده", unit_kinds=["neighborhood"], due_days=0)
    DataSetElement.objects.create(data_set=data_set, element=element, position=1, required=True)

    note = worker.wait_for(
        lambda: Notification.objects.filter(user=secretary, kind=reminders.KIND).first(),
        timeout=90,
        what="beat's overdue notice",
    )
    assert "گزارش زنده" in note.title and "یوسف‌آباد" in note.title
    delivery = worker.wait_for(
        lambda: Delivery.objects.filter(notification=note, status=DeliveryStatus.SENT).first(),
        timeout=60,
        what="the SMS delivery of the notice",
    )
    assert delivery.address == "09120000099"
    time.sleep(4)  # beat fires again: the reporter is not told twice
    assert Notification.objects.filter(user=secretary, kind=reminders.KIND).count() == 1
    assert "monitoring.overdue_reports" in worker.log.read_text()
