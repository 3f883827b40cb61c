"""Every health assembly becomes a body (`meetings.Body`, kind "health_assembly") with the SAME id
as the assembly, so that the seats' and meetings' `assembly_id` values are already valid body ids
when `0005` turns that column into `body_id`."""

import django.db.models.deletion
from django.db import migrations, models


def create_bodies(apps, schema_editor):
    assembly_model = apps.get_model("assemblies", "Assembly")
    body_model = apps.get_model("meetings", "Body")
    db = schema_editor.connection.alias
    bodies = [
        body_model(
            id=a.pk,
            kind="health_assembly",
            unit_id=a.unit_id,
            name=a.name,
            quorum_percent=a.quorum_percent,
            is_active=a.is_active,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )
        for a in assembly_model.objects.using(db).filter(body__isnull=True).order_by("pk").iterator(2000)
    ]
    body_model.objects.using(db).bulk_create(bodies, batch_size=2000)
    # bulk_create stamped the auto_now fields with the present moment: keep the assemblies' dates
    same = assembly_model.objects.using(db).filter(pk=models.OuterRef("pk"))
    body_model.objects.using(db).filter(pk__in=[b.pk for b in bodies]).update(
        created_at=models.Subquery(same.values("created_at")[:1]),
        updated_at=models.Subquery(same.values("updated_at")[:1]),
    )
    assembly_model.objects.using(db).filter(body__isnull=True).update(body_id=models.F("id"))
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('meetings_body', 'id'), COALESCE(MAX(id), 1)) "
                "FROM meetings_body"
            )


def drop_bodies(apps, schema_editor):
    assembly_model = apps.get_model("assemblies", "Assembly")
    body_model = apps.get_model("meetings", "Body")
    db = schema_editor.connection.alias
    assembly_model.objects.using(db).update(body=None)
    body_model.objects.using(db).filter(kind="health_assembly").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0003_agenda_items_keep_history"),
        ("meetings", "0001_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="assembly",
            name="body",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assembly",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.AddField(
            model_name="historicalassembly",
            name="body",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="meetings.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.RunPython(create_bodies, drop_bodies),
    ]
