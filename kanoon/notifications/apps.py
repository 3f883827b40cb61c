from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kanoon.notifications"
    label = "notifications"
    verbose_name = "اعلان‌ها"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery.schedules import crontab

        from kanoon.celery import app
        from kanoon.core.registry import home_cards

        from . import home

        home_cards.register("notifications", home.attention, order=5)
        schedule = dict(app.conf.beat_schedule or {})
        schedule.setdefault(
            "notifications-daily-digest",
            {"task": "notifications.send_digests", "schedule": crontab(hour=7, minute=30)},
        )
        app.conf.beat_schedule = schedule
