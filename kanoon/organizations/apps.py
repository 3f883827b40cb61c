from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "kanoon.organizations"
    label = "organizations"
    verbose_name = "سازمان‌ها"

    def ready(self) -> None:
        from kanoon.files import registry

        from .models import Organization

        # licenses, registration papers and agreements of an organization
        registry.register(Organization, kinds=["license", "evidence", "receipt", "other"])

        from kanoon.core.registry import unit_panels

        from . import unitpanel

        unit_panels.register("organizations", unitpanel.panel, order=50)
