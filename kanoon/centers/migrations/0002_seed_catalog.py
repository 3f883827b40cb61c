from django.db import migrations


def forwards(apps, schema_editor):
    from kanoon.centers.catalog import seed

    seed(apps.get_model("centers", "Phase"), apps.get_model("centers", "Strategy"),
         apps.get_model("centers", "EstablishmentAction"))


class Migration(migrations.Migration):
    dependencies = [("centers", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
