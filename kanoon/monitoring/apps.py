from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kanoon.monitoring"
    label = "monitoring"
    verbose_name = "پایش و ارزشیابی"

    def ready(self) -> None:
        from kanoon.core.registry import demo_loaders, home_cards
        from kanoon.notifications.kinds import kinds

        from . import home, reminders

        kinds.register(reminders.KIND, reminders.KIND_LABEL)
        home_cards.register("monitoring", home.attention, order=30)
        demo_loaders.register("monitoring", _load_demo, order=30)


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
