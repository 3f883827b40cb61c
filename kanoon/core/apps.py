from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kanoon.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        from .collation import install as install_collation
        from .fields import install_api_number_fields

        install_api_number_fields()
        install_collation()
        from . import history

        history.connect()  # a save of untracked fields only (a login's last_login) writes no history
