"""The meetings app takes over seats, terms, meetings, agenda items, invitations, attendance and
resolutions from `assemblies` (and their history): state only, the tables keep their names
(`assemblies_*`) and every row stays where it is. `assemblies.0005` already turned their
`assembly` column into `body` (bodies have the ids of their assemblies); `assemblies.0006` drops
the models from its own state. The content types move too, so generic references keep working."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "seat",
    "seatterm",
    "meeting",
    "agendaitem",
    "invitation",
    "attendance",
    "resolution",
    "historicalseat",
    "historicalseatterm",
    "historicalmeeting",
    "historicalagendaitem",
    "historicalresolution",
]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not content_type.objects.using(db).filter(app_label="meetings", model=model).exists():
            content_type.objects.using(db).filter(app_label="assemblies", model=model).update(
                app_label="meetings"
            )


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not content_type.objects.using(db).filter(app_label="assemblies", model=model).exists():
            content_type.objects.using(db).filter(app_label="meetings", model=model).update(
                app_label="assemblies"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_body"),
        ("assemblies", "0005_seats_and_meetings_point_at_bodies"),
        ("centers", "0004_list_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Seat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ایجاد')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخرین تغییر')),
                        ('group', models.CharField(db_index=True, max_length=20, verbose_name='گروه')),
                        ('kind', models.CharField(blank=True, default='', max_length=30, verbose_name='عنوان کرسی')),
                        ('title', models.CharField(blank=True, default='', help_text='مثلاً «گروه سلامت روان»', max_length=150, verbose_name='توضیح')),
                        ('is_active', models.BooleanField(default=True, verbose_name='فعال')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='seats', to='meetings.body', verbose_name='نهاد')),
                    ],
                    options={
                        'verbose_name': 'کرسی',
                        'verbose_name_plural': 'کرسی\u200cها',
                        'db_table': 'assemblies_seat',
                        'ordering': ['body_id', 'group', 'kind', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSeat',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('group', models.CharField(db_index=True, max_length=20, verbose_name='گروه')),
                        ('kind', models.CharField(blank=True, default='', max_length=30, verbose_name='عنوان کرسی')),
                        ('title', models.CharField(blank=True, default='', help_text='مثلاً «گروه سلامت روان»', max_length=150, verbose_name='توضیح')),
                        ('is_active', models.BooleanField(default=True, verbose_name='فعال')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.body', verbose_name='نهاد')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical کرسی',
                        'verbose_name_plural': 'historical کرسی\u200cها',
                        'db_table': 'assemblies_historicalseat',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='SeatTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ایجاد')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخرین تغییر')),
                        ('start_date', models.DateField(verbose_name='آغاز دوره')),
                        ('end_date', models.DateField(blank=True, null=True, verbose_name='پایان دوره')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='پایان زودهنگام')),
                        ('end_reason', models.CharField(blank=True, default='', max_length=200, verbose_name='دلیل پایان')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='seat_terms', to='centers.person', verbose_name='فرد')),
                        ('seat', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='terms', to='meetings.seat', verbose_name='کرسی')),
                    ],
                    options={
                        'verbose_name': 'دورهٔ عضویت',
                        'verbose_name_plural': 'دوره\u200cهای عضویت',
                        'db_table': 'assemblies_seatterm',
                        'ordering': ['seat_id', '-start_date'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSeatTerm',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('start_date', models.DateField(verbose_name='آغاز دوره')),
                        ('end_date', models.DateField(blank=True, null=True, verbose_name='پایان دوره')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='پایان زودهنگام')),
                        ('end_reason', models.CharField(blank=True, default='', max_length=200, verbose_name='دلیل پایان')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='centers.person', verbose_name='فرد')),
                        ('seat', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.seat', verbose_name='کرسی')),
                    ],
                    options={
                        'verbose_name': 'historical دورهٔ عضویت',
                        'verbose_name_plural': 'historical دوره\u200cهای عضویت',
                        'db_table': 'assemblies_historicalseatterm',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ایجاد')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخرین تغییر')),
                        ('title', models.CharField(max_length=200, verbose_name='عنوان')),
                        ('starts_at', models.DateTimeField(db_index=True, verbose_name='زمان برگزاری')),
                        ('place', models.CharField(blank=True, default='', max_length=250, verbose_name='مکان')),
                        ('online_link', models.URLField(blank=True, default='', verbose_name='پیوند جلسهٔ برخط')),
                        ('status', models.CharField(choices=[('scheduled', 'برنامه\u200cریزی\u200cشده'), ('held', 'برگزارشده'), ('cancelled', 'لغوشده')], default='scheduled', max_length=20, verbose_name='وضعیت')),
                        ('quorum_percent', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='حد نصاب (درصد)')),
                        ('minutes', models.TextField(blank=True, default='', verbose_name='صورت\u200cجلسه')),
                        ('minutes_recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='ثبت صورت\u200cجلسه')),
                        ('invitations_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='ارسال دعوت\u200cنامه\u200cها')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='meetings.body', verbose_name='نهاد')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'جلسه',
                        'verbose_name_plural': 'جلسه\u200cها',
                        'db_table': 'assemblies_meeting',
                        'ordering': ['-starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalMeeting',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='عنوان')),
                        ('starts_at', models.DateTimeField(db_index=True, verbose_name='زمان برگزاری')),
                        ('place', models.CharField(blank=True, default='', max_length=250, verbose_name='مکان')),
                        ('online_link', models.URLField(blank=True, default='', verbose_name='پیوند جلسهٔ برخط')),
                        ('status', models.CharField(choices=[('scheduled', 'برنامه\u200cریزی\u200cشده'), ('held', 'برگزارشده'), ('cancelled', 'لغوشده')], default='scheduled', max_length=20, verbose_name='وضعیت')),
                        ('quorum_percent', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='حد نصاب (درصد)')),
                        ('minutes', models.TextField(blank=True, default='', verbose_name='صورت\u200cجلسه')),
                        ('minutes_recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='ثبت صورت\u200cجلسه')),
                        ('invitations_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='ارسال دعوت\u200cنامه\u200cها')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.body', verbose_name='نهاد')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical جلسه',
                        'verbose_name_plural': 'historical جلسه\u200cها',
                        'db_table': 'assemblies_historicalmeeting',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=1, verbose_name='ردیف')),
                        ('title', models.CharField(max_length=250, verbose_name='موضوع')),
                        ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='حذف از دستور جلسه')),
                        ('problem', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assemblies.problem', verbose_name='مسئله')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agenda', to='meetings.meeting')),
                    ],
                    options={
                        'verbose_name': 'دستور جلسه',
                        'db_table': 'assemblies_agendaitem',
                        'ordering': ['meeting_id', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAgendaItem',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=1, verbose_name='ردیف')),
                        ('title', models.CharField(max_length=250, verbose_name='موضوع')),
                        ('removed_at', models.DateTimeField(blank=True, null=True, verbose_name='حذف از دستور جلسه')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('problem', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assemblies.problem', verbose_name='مسئله')),
                        ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting')),
                    ],
                    options={
                        'verbose_name': 'historical دستور جلسه',
                        'verbose_name_plural': 'historical دستور جلسهs',
                        'db_table': 'assemblies_historicalagendaitem',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('channels', models.CharField(blank=True, default='', max_length=30)),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centers.person')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='meetings.meeting')),
                        ('seat', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='meetings.seat')),
                    ],
                    options={
                        'verbose_name': 'دعوت\u200cنامه',
                        'db_table': 'assemblies_invitation',
                        'constraints': [models.UniqueConstraint(fields=('meeting', 'person'), name='assemblies_one_invitation')],
                    },
                ),
                migrations.CreateModel(
                    name='Attendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('present', models.BooleanField(default=False, verbose_name='حاضر')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='centers.person')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='meetings.meeting')),
                        ('seat', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='meetings.seat')),
                    ],
                    options={
                        'verbose_name': 'حضور و غیاب',
                        'db_table': 'assemblies_attendance',
                        'constraints': [models.UniqueConstraint(fields=('meeting', 'person'), name='assemblies_one_attendance')],
                    },
                ),
                migrations.CreateModel(
                    name='Resolution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ایجاد')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخرین تغییر')),
                        ('number', models.PositiveSmallIntegerField(default=1, verbose_name='شماره')),
                        ('text', models.TextField(verbose_name='متن مصوبه')),
                        ('owner', models.CharField(max_length=200, verbose_name='مسئول اجرا')),
                        ('due_date', models.DateField(verbose_name='مهلت اجرا')),
                        ('status', models.CharField(choices=[('open', 'در انتظار اقدام'), ('in_progress', 'در حال اجرا'), ('done', 'انجام شد'), ('cancelled', 'منتفی')], default='open', max_length=20, verbose_name='وضعیت')),
                        ('status_note', models.CharField(blank=True, default='', max_length=300, verbose_name='توضیح وضعیت')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='resolutions', to='meetings.meeting', verbose_name='جلسه')),
                    ],
                    options={
                        'verbose_name': 'مصوبه',
                        'verbose_name_plural': 'مصوبات',
                        'db_table': 'assemblies_resolution',
                        'ordering': ['meeting_id', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalResolution',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(default=1, verbose_name='شماره')),
                        ('text', models.TextField(verbose_name='متن مصوبه')),
                        ('owner', models.CharField(max_length=200, verbose_name='مسئول اجرا')),
                        ('due_date', models.DateField(verbose_name='مهلت اجرا')),
                        ('status', models.CharField(choices=[('open', 'در انتظار اقدام'), ('in_progress', 'در حال اجرا'), ('done', 'انجام شد'), ('cancelled', 'منتفی')], default='open', max_length=20, verbose_name='وضعیت')),
                        ('status_note', models.CharField(blank=True, default='', max_length=300, verbose_name='توضیح وضعیت')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting', verbose_name='جلسه')),
                    ],
                    options={
                        'verbose_name': 'historical مصوبه',
                        'verbose_name_plural': 'historical مصوبات',
                        'db_table': 'assemblies_historicalresolution',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
