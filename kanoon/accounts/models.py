"""Users, their role assignments (role × unit) and password-reset codes."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kanoon.core.scope import ScopedQuerySet
from kanoon.core.validators import normalize_mobile, validate_mobile

from .roles import USER_MANAGERS, Role


class KanoonUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in. Logs in with username or mobile number and a password."""

    mobile = models.CharField(
        "شمارهٔ همراه", max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile]
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = KanoonUserManager()
    scope_rules = {
        "view": USER_MANAGERS,
        "add": USER_MANAGERS,
        "change": USER_MANAGERS,
        "delete": USER_MANAGERS,
    }

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"
        ordering = ["username"]

    @staticmethod
    def scope_filter(paths: list[str]) -> Q:
        """A user is in scope when one of their assignments is."""
        from functools import reduce

        inner = reduce(lambda a, b: a | b, (Q(unit__path__startswith=p) for p in paths))
        return Q(pk__in=RoleAssignment.objects.filter(inner).values("user_id"))

    def clean(self) -> None:
        super().clean()
        if self.mobile:
            self.mobile = normalize_mobile(self.mobile)
        else:
            self.mobile = None

    def save(self, *args, **kwargs) -> None:
        if self.mobile:
            self.mobile = normalize_mobile(self.mobile)
        else:
            self.mobile = None
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a user at a unit: it applies to that unit and everything below it."""

    user = models.ForeignKey(User, verbose_name="کاربر", on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("نقش", max_length=30, choices=Role.choices)
    unit = models.ForeignKey("geo.Unit", verbose_name="واحد", on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"
    scope_rules = {
        "view": USER_MANAGERS,
        "add": USER_MANAGERS,
        "change": USER_MANAGERS,
        "delete": USER_MANAGERS,
    }

    class Meta:
        verbose_name = "نقش کاربر"
        verbose_name_plural = "نقش‌های کاربران"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="accounts_unique_assignment")
        ]
        ordering = ["unit__path", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit.title}"


class PasswordResetCode(models.Model):
    """A one-time code sent by SMS or e-mail; stored hashed, short-lived, few attempts."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"reset code for {self.user_id} ({self.channel})"
