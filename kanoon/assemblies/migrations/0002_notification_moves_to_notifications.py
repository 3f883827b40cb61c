"""`Notification` moved to `kanoon.notifications` (state only: the table and its rows stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0001_initial"),
        ("notifications", "0001_take_over_assemblies_notification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
