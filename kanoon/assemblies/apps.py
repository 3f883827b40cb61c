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

        from kanoon.core.registry import demo_loaders, home_cards, unit_panels
        from kanoon.notifications.kinds import kinds

        from . import home, unitpanel
        from .models import NotificationKind

        for code, label in NotificationKind.choices:
            kinds.register(code, label)

        home_cards.register("assemblies", home.attention, order=20)
        unit_panels.register("assemblies", unitpanel.panel, order=20)
        demo_loaders.register("assemblies", _load_demo, order=20)
        _register_body_kind()
        from . import rollups

        rollups.register()  # meetings held and problem steps in the centers' roll-ups


def _register_body_kind() -> None:
    """A health assembly is a body of the meetings app: its seat catalog (three groups, 18 seat
    titles), its pages, and the center's tracker when a neighborhood assembly meets."""
    from django.urls import reverse

    from kanoon.meetings.kinds import BodyKind, body_kinds
    from kanoon.meetings.signals import minutes_recorded

    from . import services
    from .models import SEAT_GROUP_OF, SeatGroup, SeatKind, validate_seat

    def crumbs(body, user):  # type: ignore[no-untyped-def]
        from .views import _crumbs

        return [
            *_crumbs(body.assembly, user),
            (body.name, reverse("assemblies:assembly_detail", args=[body.assembly.pk])),
        ]

    body_kinds.register(
        BodyKind.HEALTH_ASSEMBLY,
        groups=list(SeatGroup.choices),
        seat_kinds=list(SeatKind.choices),
        group_of=dict(SEAT_GROUP_OF),
        managed_by="assemblies",
        page_url=lambda body: reverse("assemblies:assembly_detail", args=[body.assembly.pk]),
        crumbs=crumbs,
        validate_seat=validate_seat,
    )
    minutes_recorded.connect(services.on_minutes_recorded, dispatch_uid="assemblies-first-assembly")


def _load_demo(command) -> None:  # type: ignore[no-untyped-def]
    from . import demo

    demo.load(command)
