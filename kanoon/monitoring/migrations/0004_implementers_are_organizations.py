# Implementers are organizations flagged `is_implementer`: their rows were moved by
# organizations.0003_implementers_become_organizations, which must run before the table goes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_report_tally"),
        ("organizations", "0003_implementers_become_organizations"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Implementer",
        ),
    ]
