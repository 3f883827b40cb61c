from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "kanoon.geo"
    label = "geo"
    verbose_name = "تقسیمات کشوری"
