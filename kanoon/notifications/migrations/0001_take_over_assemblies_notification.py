"""The notifications app takes over `assemblies.Notification` without touching its table or rows:
state only (the table keeps its name, `assemblies_notification`). `assemblies` drops the model
from its state in its own migration, which depends on this one."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assemblies", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=20)),
                        ("title", models.CharField(max_length=250)),
                        ("body", models.TextField(blank=True, default="")),
                        ("url", models.CharField(blank=True, default="", max_length=300)),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "اعلان",
                        "verbose_name_plural": "اعلان\u200cها",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "assemblies_notification",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
