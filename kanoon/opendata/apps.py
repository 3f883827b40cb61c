from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Public transparency pages and open data (CSV, JSON) from the centers' and assemblies'
    roll-ups: coverage, centers, members and assembly activity per province and county, quarter
    by quarter, with small counts withheld. Reads `kanoon.centers` (an area app above core)."""

    name = "kanoon.opendata"
    label = "opendata"
    verbose_name = "داده‌های باز"
    default_auto_field = "django.db.models.BigAutoField"
