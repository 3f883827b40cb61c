"""`kanoon backup` / `kanoon restore`: the database and the media folder in one archive.

The archive (`kanoon-backup-<date>.tar.gz`) holds:

- `database.sqlite3` (SQLite's online backup API) or `database.pgdump` (`pg_dump -Fc`): the native,
  exact copy — every table, sequence and constraint, no conversion through fixtures;
- `media/…`: every uploaded file (evidence, minutes, import workbooks);
- `private/…`: the attachments kept outside MEDIA_ROOT (`KANOON_PRIVATE_ROOT`), served only
  through the scoped download view;
- `manifest.json`: the engine, the SHA-256 and size of every other file of the archive, and the row
  count of every table at the moment of the dump (PostgreSQL: counted in the very snapshot pg_dump
  reads, through `pg_export_snapshot()`).

Restore extracts into a scratch folder next to MEDIA_ROOT and verifies every checksum before it
touches anything; then it replaces the database (one transaction on PostgreSQL), swaps the media
folder in, and verifies again: every row count and every file checksum must equal the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections, transaction

FORMAT = "kanoon-backup/1"
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


# --- helpers ------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, dict]:
    """{relative posix path: {sha256, size}} of every regular file under root."""
    files: dict[str, dict] = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(root).as_posix()] = {
                "sha256": sha256_file(path),
                "size": path.stat().st_size,
            }
    return files


def file_roots() -> dict[str, Path]:
    """The folders of uploaded files, by their name inside the archive."""
    roots = {"media": Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "KANOON_PRIVATE_ROOT", None)
    if private:
        roots["private"] = Path(private)
    return roots


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DB_FILES:
        raise CommandError(f"Backup supports SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT schemaname || '.' || tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def row_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 — names from the catalog
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(using: str) -> dict[str, str]:
    params = connections[using].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    env["PGDATABASE"] = params["NAME"]
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if not shutil.which(command[0]):
        raise CommandError(f"{command[0]} was not found: install the PostgreSQL client (postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


class _HashingReader:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


# --- backup -------------------------------------------------------------------------------------


def _dump_database(using: str, vendor: str, target: Path) -> dict[str, int]:
    """Write the native dump to target; return the row counts of the dumped state."""
    connection = connections[using]
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            return row_counts(destination.cursor(), vendor)
        finally:
            destination.close()
    if connection.in_atomic_block:
        raise CommandError("Run the backup outside a transaction.")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor, vendor)
        _run(["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(target)], _pg_env(using))
    return counts


def create_backup(target: str | Path | None = None, *, using: str = "default") -> Path:
    vendor = _engine(using)
    now = datetime.datetime.now().astimezone()
    target = Path(target) if target else Path(settings.VAR_DIR) / "backups"
    if target.is_dir() or not target.name.endswith((".tar.gz", ".tgz")):
        target.mkdir(parents=True, exist_ok=True)
        target = target / f"kanoon-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict] = {}
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        db_name = DB_FILES[vendor]
        db_path = Path(scratch) / db_name
        counts = _dump_database(using, vendor, db_path)
        with tarfile.open(partial, "w:gz") as archive:
            files[db_name] = {"sha256": sha256_file(db_path), "size": db_path.stat().st_size}
            archive.add(db_path, arcname=db_name)
            for prefix, root in file_roots().items():
                if not root.exists():
                    continue
                for path in sorted(root.rglob("*")):
                    if not path.is_file() or path.is_symlink():
                        continue
                    name = f"{prefix}/" + path.relative_to(root).as_posix()
                    info = archive.gettarinfo(str(path), arcname=name)
                    with open(path, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
            manifest = {
                "format": FORMAT,
                "created": now.isoformat(timespec="seconds"),
                "engine": vendor,
                "database": db_name,
                "tables": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
    os.replace(partial, target)
    return target


# --- restore ------------------------------------------------------------------------------------


@dataclass
class Restored:
    manifest: dict
    tables: int
    rows: int
    files: int


def _extract(archive_path: Path, scratch: Path) -> dict:
    """Extract into scratch and check the archive against its manifest; raise before any change."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            names = []
            for member in archive.getmembers():
                if not (member.isfile() or member.isdir()):
                    raise CommandError(f"Unexpected entry in the archive: {member.name}")
                names.append(member.name)
            archive.extractall(scratch, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CommandError(f"The archive cannot be read: {exc}") from exc
    manifest_path = scratch / MANIFEST
    if not manifest_path.is_file():
        raise CommandError("The archive has no manifest.json: not a Kanoon backup.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unknown backup format: {manifest.get('format')!r}.")
    present = {path.relative_to(scratch).as_posix() for path in scratch.rglob("*") if path.is_file()} - {
        MANIFEST
    }
    expected = set(manifest["files"])
    if present != expected:
        raise CommandError(
            f"The archive does not match its manifest: missing {sorted(expected - present)[:5]}, "
            f"unexpected {sorted(present - expected)[:5]}."
        )
    bad = [
        name
        for name, meta in manifest["files"].items()
        if (scratch / name).stat().st_size != meta["size"] or sha256_file(scratch / name) != meta["sha256"]
    ]
    if bad:
        raise CommandError(f"Checksum mismatch, the archive is damaged: {bad[:5]}")
    return manifest


def _restore_database(using: str, vendor: str, dump: Path) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        raise CommandError("Run the restore outside a transaction.")
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            connection.settings_dict["NAME"],
            str(dump),
        ],
        _pg_env(using),
    )


def verify_live(manifest: dict, *, using: str = "default") -> list[str]:
    """Differences between the live database + media folder and the manifest (empty: identical)."""
    vendor = _engine(using)
    problems = []
    with connections[using].cursor() as cursor:
        counts = row_counts(cursor, vendor)
    for table, count in manifest["tables"].items():
        if counts.get(table) != count:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {count}")
    for prefix, root in file_roots().items():
        expected = {
            name[len(prefix) + 1 :]: meta
            for name, meta in manifest["files"].items()
            if name.startswith(f"{prefix}/")
        }
        actual = media_files(root)
        for name in sorted(set(expected) | set(actual)):
            if expected.get(name) != actual.get(name):
                problems.append(f"{prefix}/{name}: differs from the backup")
    return problems


def restore_backup(archive_path: str | Path, *, using: str = "default") -> Restored:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise CommandError(f"No such file: {archive_path}")
    vendor = _engine(using)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        manifest = _extract(archive_path, scratch)
        if manifest["engine"] != vendor:
            raise CommandError(
                f"This backup is of a {manifest['engine']} database; the configured database is {vendor}."
            )
        # verified: now replace the database, then each folder of files
        _restore_database(using, vendor, scratch / manifest["database"])
        kept = []
        for prefix, root in file_roots().items():
            root.parent.mkdir(parents=True, exist_ok=True)
            if root.exists():
                old = root.with_name(f".{root.name}-before-restore")
                if old.exists():
                    shutil.rmtree(old)
                shutil.move(root, old)
                kept.append(old)
            restored = scratch / prefix
            if restored.exists():
                shutil.move(restored, root)
            else:
                root.mkdir(parents=True)
        problems = verify_live(manifest, using=using)
        if problems:
            raise CommandError(
                "The restored state differs from the backup"
                + (f" (the previous folders are kept in {', '.join(map(str, kept))})" if kept else "")
                + ": "
                + "; ".join(problems[:10])
            )
        for old in kept:
            shutil.rmtree(old)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()  # nothing cached from the replaced database survives
    return Restored(
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=sum(1 for name in manifest["files"] if name.split("/", 1)[0] in file_roots()),
    )
