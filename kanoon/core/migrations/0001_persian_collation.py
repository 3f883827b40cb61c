"""The `persian` collation (ICU fa-IR with numeric ordering) on PostgreSQL; SQLite registers its
own on every connection (kanoon.core.collation)."""

import sys

from django.db import DatabaseError, migrations, transaction

from kanoon.core.collation import CREATE_SQL, DROP_SQL, FALLBACK_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(CREATE_SQL)
    except DatabaseError as exc:
        sys.stderr.write(f"PostgreSQL has no ICU collation fa-IR ({exc}); names sort by code point.\n")
        schema_editor.execute(FALLBACK_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
