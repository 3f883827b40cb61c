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

        from kanoon.core.registry import demo_loaders, home_cards
        from kanoon.notifications.kinds import kinds

        from . import home
        from .models import NotificationKind

        for code, label in NotificationKind.choices:
            kinds.register(code, label)

        home_cards.register("assemblies", home.attention, order=20)
        demo_loaders.register("assemblies", _load_demo, order=20)


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
