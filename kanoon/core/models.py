"""Abstract bases shared by every app (no concrete models here)."""

from django.db import models

from .scope import ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimeStampedModel):
    """A record that hangs on a territory unit. Subclasses set `scope_path_field` (and rules)."""

    scope_path_field = "unit__path"
    objects = ScopedManager()

    class Meta:
        abstract = True
