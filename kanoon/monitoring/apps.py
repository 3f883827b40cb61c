from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kanoon.monitoring"
    label = "monitoring"
    verbose_name = "پایش و ارزشیابی"
