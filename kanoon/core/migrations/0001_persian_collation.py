"""The `persian` collation (ICU fa-IR with numeric ordering) on PostgreSQL; SQLite registers its
own on every connection (kanoon.core.collation)."""

from django.db import migrations

from kanoon.core.collation import CREATE_SQL, DROP_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
