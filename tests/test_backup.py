"""`kanoon backup` / `kanoon restore` (issue 8, item 12): database and media folder together, every
row and every file back with equal checksums; a damaged archive changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kanoon.accounts.models import User
from kanoon.centers.models import Center, Membership, Person
from tests.centers.conftest import make_center, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def table_counts() -> dict[str, int]:
    """Row count of every table, read independently of kanoon.core.backup."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    root = Path(settings.MEDIA_ROOT)
    (root / "evidence" / "1403").mkdir(parents=True)
    (root / "evidence" / "1403" / "گزارش جلسه.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 50)
    (root / "imports").mkdir()
    (root / "imports" / "members.xlsx").write_bytes(b"PK\x03\x04" + b"\x00\xff" * 4000)
    (root / "minutes.txt").write_text("صورت‌جلسه\n")
    settings.KANOON_PRIVATE_ROOT = tmp_path / "private"
    private = Path(settings.KANOON_PRIVATE_ROOT) / "attachments"
    private.mkdir(parents=True)
    (private / "5b0e6c1e-attachment").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x07" * 3000)
    return root


@pytest.fixture
def data(territory, insider, outsider):
    center = make_center(territory.yousefabad, "کانون پشتیبان")
    for _ in range(3):
        make_member(center)
    return center


def test_it_brings_back_every_row_and_every_file(data, media, tmp_path):
    rows_before = table_counts()
    files_before = file_checksums(media)
    assert rows_before["accounts_user"] >= 2 and rows_before["centers_membership"] == 3

    archive = Path(call_command("backup", str(tmp_path / "backups")))
    assert archive.name.startswith("kanoon-backup-") and archive.name.endswith(".tar.gz")

    private = media.parent / "private"
    private_before = file_checksums(private)
    assert private_before, "the attachments folder has a file to back up"

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    shutil.rmtree(private)
    assert User.objects.count() == 0 and not media.exists()

    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())

    assert table_counts() == rows_before
    assert file_checksums(media) == files_before
    assert file_checksums(private) == private_before
    assert Center.objects.get(pk=data.pk).name == "کانون پشتیبان"
    assert Membership.objects.filter(center=data).count() == 3
    assert Person.objects.count() == 3


def test_its_manifest_lists_every_file_and_table(data, media, tmp_path):
    archive = Path(call_command("backup", str(tmp_path / "b.tar.gz")))
    assert archive == tmp_path / "b.tar.gz"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for name, meta in manifest["files"].items():
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == meta["sha256"]
    assert manifest["engine"] == connection.vendor
    media_names = {n[len("media/") :] for n in manifest["files"] if n.startswith("media/")}
    assert media_names == set(file_checksums(media))
    assert {k.split(".")[-1]: v for k, v in manifest["tables"].items()} == table_counts()


def test_it_changes_nothing_when_the_archive_is_damaged(data, media, tmp_path):
    archive = Path(call_command("backup", str(tmp_path / "good.tar.gz")))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "media/minutes.txt":
                content = content.replace("صورت".encode(), "جعلی".encode())
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    Membership.objects.all().delete()  # a state that differs from the backup
    (media / "new-upload.pdf").write_bytes(b"%PDF new")
    rows_before, files_before = table_counts(), file_checksums(media)

    with pytest.raises(CommandError, match="Checksum mismatch"):
        call_command("restore", str(damaged), interactive=False)
    assert table_counts() == rows_before
    assert file_checksums(media) == files_before


def test_it_refuses_an_archive_that_is_not_a_backup(db, media, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), interactive=False)
    assert not (tmp_path / "escape.txt").exists()
    assert not (media.parent / "escape.txt").exists()
