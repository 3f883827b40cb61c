from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "kanoon.files"
    label = "files"
    verbose_name = "پیوست‌ها"
