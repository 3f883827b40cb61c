from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "kanoon.centers"
    label = "centers"
    verbose_name = "کانون‌های سلامت محله"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kanoon.core.registry import demo_loaders, home_cards, unit_panels
        from kanoon.files import registry as attachments
        from kanoon.notifications.kinds import kinds as notification_kinds

        from . import home, people, unitpanel
        from .kinds import KINDS
        from .models import Center, CenterAction

        home_cards.register("centers", home.attention, order=10)
        unit_panels.register("centers", unitpanel.panel, order=10)
        people.register()  # memberships make people visible; facets of the person page
        from . import rollups

        rollups.register()  # a person's gender and birth year reach the members' roll-ups
        for code, label in KINDS:
            notification_kinds.register(code, label)
        # evidence of an establishment action; photos and licenses of a center
        attachments.register(CenterAction, kinds=["evidence", "photo", "minutes", "other"])
        attachments.register(Center, kinds=["photo", "license", "other"])
        demo_loaders.register("centers", _load_demo, order=10)


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
