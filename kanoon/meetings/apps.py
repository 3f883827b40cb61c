from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kanoon.meetings"
    label = "meetings"
    verbose_name = "نهادها و جلسه‌ها"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kanoon.core.registry import demo_loaders, unit_panels
        from kanoon.notifications.kinds import kinds

        from .services import NotificationKind

        for code, label in NotificationKind.choices:
            kinds.register(code, label)
        demo_loaders.register("meetings", _load_demo, order=30)

        from . import unitpanel

        unit_panels.register("meetings", unitpanel.panel, order=30)

        from kanoon.files import registry as attachments

        from . import people
        from .models import Meeting

        people.register()
        # signed minutes, photos and evidence of a meeting of any body
        attachments.register(Meeting, kinds=["minutes", "photo", "evidence", "other"])


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
