"""Bodies (نهادها): the shared home of seats and meetings. Each existing health assembly gets its
body in `assemblies.0004` (same id as the assembly)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("geo", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Body',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ایجاد')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخرین تغییر')),
                ('kind', models.CharField(choices=[('health_assembly', 'مجمع سلامت'), ('working_group', 'کارگروه بین\u200cبخشی'), ('council', 'شورا'), ('committee', 'کمیته'), ('expert_meeting', 'جلسهٔ کارشناسی')], db_index=True, max_length=20, verbose_name='نوع')),
                ('name', models.CharField(max_length=200, verbose_name='نام')),
                ('description', models.TextField(blank=True, default='', verbose_name='شرح و وظایف')),
                ('quorum_percent', models.PositiveSmallIntegerField(default=50, help_text='جلسه وقتی رسمی است که بیش از این درصد از اعضا حاضر باشند.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='حد نصاب (درصد)')),
                ('quorum_count', models.PositiveSmallIntegerField(blank=True, help_text='اگر پر شود، حضور دست\u200cکم این تعداد از اعضا کافی است (به\u200cجای درصد).', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)], verbose_name='حد نصاب (تعداد ثابت)')),
                ('is_active', models.BooleanField(default=True, verbose_name='فعال')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bodies', to='geo.unit', verbose_name='واحد')),
            ],
            options={
                'verbose_name': 'نهاد',
                'verbose_name_plural': 'نهادها',
                'ordering': ['unit__path', 'kind', 'name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalBody',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('health_assembly', 'مجمع سلامت'), ('working_group', 'کارگروه بین\u200cبخشی'), ('council', 'شورا'), ('committee', 'کمیته'), ('expert_meeting', 'جلسهٔ کارشناسی')], db_index=True, max_length=20, verbose_name='نوع')),
                ('name', models.CharField(max_length=200, verbose_name='نام')),
                ('description', models.TextField(blank=True, default='', verbose_name='شرح و وظایف')),
                ('quorum_percent', models.PositiveSmallIntegerField(default=50, help_text='جلسه وقتی رسمی است که بیش از این درصد از اعضا حاضر باشند.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='حد نصاب (درصد)')),
                ('quorum_count', models.PositiveSmallIntegerField(blank=True, help_text='اگر پر شود، حضور دست\u200cکم این تعداد از اعضا کافی است (به\u200cجای درصد).', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)], verbose_name='حد نصاب (تعداد ثابت)')),
                ('is_active', models.BooleanField(default=True, verbose_name='فعال')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.unit', verbose_name='واحد')),
            ],
            options={
                'verbose_name': 'historical نهاد',
                'verbose_name_plural': 'historical نهادها',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
