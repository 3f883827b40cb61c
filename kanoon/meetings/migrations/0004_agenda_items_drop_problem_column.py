"""The problem links now live in `AgendaItem.subject` (copied in `0003`); drop the old column
(a separate migration so PostgreSQL alters the table without pending row changes)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_agenda_subjects_terms_organizations_quorum_count")]

    operations = [
        migrations.RemoveField(model_name="agendaitem", name="problem"),
        migrations.RemoveField(model_name="historicalagendaitem", name="problem"),
    ]
