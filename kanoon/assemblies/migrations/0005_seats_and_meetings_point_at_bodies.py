"""Seats and meetings belong to a body: their `assembly` column becomes `body` (renamed, then
pointed at `meetings.Body`; valid because every body made by `0004` has its assembly's id), and
every assembly now has its body. A separate migration from `0004` so that PostgreSQL alters
these tables in a transaction without pending row changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0004_assembly_body"),
        ("meetings", "0001_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assembly",
            name="body",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assembly",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.RenameField(model_name="seat", old_name="assembly", new_name="body"),
        migrations.AlterField(
            model_name="seat",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="seats",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.RenameField(model_name="historicalseat", old_name="assembly", new_name="body"),
        migrations.AlterField(
            model_name="historicalseat",
            name="body",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.RenameField(model_name="meeting", old_name="assembly", new_name="body"),
        migrations.AlterField(
            model_name="meeting",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.RenameField(model_name="historicalmeeting", old_name="assembly", new_name="body"),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="body",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
    ]
