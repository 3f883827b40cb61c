from django.apps import AppConfig


class CentersConfig(AppConfig):
    name = "kanoon.centers"
    label = "centers"
    verbose_name = "کانون‌های سلامت محله"
    default_auto_field = "django.db.models.BigAutoField"
