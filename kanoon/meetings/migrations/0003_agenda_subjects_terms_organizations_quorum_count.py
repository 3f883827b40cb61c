"""An agenda item may be about a record of any app (`subject`, a generic link) instead of only a
health assembly's problem: the problem links are copied into `subject` here (history included) and
the old column is dropped in `0004`. Terms may name the organization a holder represents; a
meeting's quorum may be a fixed count."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def copy_problem_links(apps, schema_editor):
    db = schema_editor.connection.alias
    item_model = apps.get_model("meetings", "AgendaItem")
    history_model = apps.get_model("meetings", "HistoricalAgendaItem")
    content_type = apps.get_model("contenttypes", "ContentType")
    if not (
        item_model.objects.using(db).filter(problem__isnull=False).exists()
        or history_model.objects.using(db).filter(problem__isnull=False).exists()
    ):
        return
    problem_type, _ = content_type.objects.using(db).get_or_create(app_label="assemblies", model="problem")
    for model in (item_model, history_model):
        model.objects.using(db).filter(problem__isnull=False).update(
            subject_type=problem_type, subject_id=models.F("problem_id")
        )


def copy_problem_links_back(apps, schema_editor):
    db = schema_editor.connection.alias
    for name in ("AgendaItem", "HistoricalAgendaItem"):
        model = apps.get_model("meetings", name)
        model.objects.using(db).filter(
            subject_type__app_label="assemblies", subject_type__model="problem"
        ).update(problem_id=models.F("subject_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0002_take_over_seats_and_meetings"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="quorum_count",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(500),
                ],
                verbose_name="حد نصاب (تعداد ثابت)",
            ),
        ),
        migrations.AddField(
            model_name="historicalseatterm",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.organization",
                verbose_name="به نمایندگی از",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="quorum_count",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(500),
                ],
                verbose_name="حد نصاب (تعداد ثابت)",
            ),
        ),
        migrations.AddField(
            model_name="seatterm",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="seat_terms",
                to="organizations.organization",
                verbose_name="به نمایندگی از",
            ),
        ),
        migrations.RunPython(copy_problem_links, copy_problem_links_back),
    ]
