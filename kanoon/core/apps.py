from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kanoon.core"
    label = "core"
    verbose_name = "هسته"
