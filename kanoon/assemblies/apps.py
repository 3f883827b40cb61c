from django.apps import AppConfig


class AssembliesConfig(AppConfig):
    name = "kanoon.assemblies"
    label = "assemblies"
    verbose_name = "مجامع سلامت"
