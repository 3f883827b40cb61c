from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "kanoon.centers"
    label = "centers"
    verbose_name = "کانون‌های سلامت محله"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kanoon.core.registry import demo_loaders, home_cards

        from . import home

        home_cards.register("centers", home.attention, order=10)
        demo_loaders.register("centers", _load_demo, order=10)


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
