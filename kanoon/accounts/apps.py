from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kanoon.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"
