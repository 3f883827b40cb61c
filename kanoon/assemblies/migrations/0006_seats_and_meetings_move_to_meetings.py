"""Seats, terms, meetings, agenda items, invitations, attendance and resolutions now live in
`kanoon.meetings` (taken over in `meetings.0002`): drop them from this app's state only; the
tables and rows stay. A problem's source meeting points at `meetings.Meeting` (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assemblies", "0005_seats_and_meetings_point_at_bodies"),
        ("meetings", "0002_take_over_seats_and_meetings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="problem",
                    name="source_meeting",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="problems",
                        to="meetings.meeting",
                        verbose_name="جلسه",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalproblem",
                    name="source_meeting",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meetings.meeting",
                        verbose_name="جلسه",
                    ),
                ),
                migrations.DeleteModel(name="Attendance"),
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="HistoricalAgendaItem"),
                migrations.DeleteModel(name="AgendaItem"),
                migrations.DeleteModel(name="HistoricalResolution"),
                migrations.DeleteModel(name="Resolution"),
                migrations.DeleteModel(name="HistoricalSeatTerm"),
                migrations.DeleteModel(name="SeatTerm"),
                migrations.DeleteModel(name="HistoricalMeeting"),
                migrations.DeleteModel(name="Meeting"),
                migrations.DeleteModel(name="HistoricalSeat"),
                migrations.DeleteModel(name="Seat"),
            ],
            database_operations=[],
        ),
    ]
