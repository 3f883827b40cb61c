from django.apps import AppConfig


class AssembliesConfig(AppConfig):
    name = "kanoon.assemblies"
    label = "assemblies"
    verbose_name = "مجامع سلامت"

    def ready(self) -> None:
        # Daily overdue notices (Celery beat; `kanoon assemblies_overdue` does the same from cron).
        from celery.schedules import crontab

        from kanoon.celery import app

        schedule = dict(app.conf.beat_schedule or {})
        schedule.setdefault(
            "assemblies-notify-overdue",
            {"task": "assemblies.notify_overdue", "schedule": crontab(hour=7, minute=0)},
        )
        app.conf.beat_schedule = schedule
