from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Sensitive attributes and the read-audit log. A shared app beside core, geo and accounts:
    it imports no domain app; domain apps register their sensitive fields in their `ready()`."""

    name = "kanoon.audit"
    label = "audit"
    verbose_name = "ثبت مشاهدهٔ دادهٔ حساس"
    default_auto_field = "django.db.models.BigAutoField"
