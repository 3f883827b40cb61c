from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People: one record per national code (moved here from centers with its history), skills,
    volunteer availability, sensitive attributes behind `kanoon.audit`, and the registries other
    apps fill so a person's page shows everything they are (`people.registry`). Imports no
    domain app."""

    name = "kanoon.people"
    label = "people"
    verbose_name = "افراد"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kanoon.audit import sensitive

        from .models import DISABILITY_ROLES, SENSITIVE_FIELDS, Person

        sensitive.register(Person, fields={name: DISABILITY_ROLES for name in SENSITIVE_FIELDS})

        from kanoon.core.registry import unit_panels

        from . import unitpanel

        unit_panels.register("people", unitpanel.panel, order=40)
