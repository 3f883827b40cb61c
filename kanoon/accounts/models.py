"""Users, their role assignments (role × unit) and password-reset codes."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from kanoon.core.scope import ScopedQuerySet
from kanoon.core.validators import normalize_mobile, validate_mobile

from .roles import USER_MANAGERS, Role

USERNAME_TAKEN = "این نام کاربری (با هر بزرگی و کوچکی حروف) پیش‌تر گرفته شده است."


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
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=USERNAME_TAKEN,
            )
        ]

    @staticmethod
    def scope_filter(paths: list[str]) -> Q:
        """A user is in scope when one of their ACTIVE assignments on an active unit is."""
        from functools import reduce

        inner = reduce(lambda a, b: a | b, (Q(unit__path__startswith=p) for p in paths))
        active = RoleAssignment.objects.filter(inner, is_active=True, unit__is_active=True)
        return Q(pk__in=active.values("user_id"))

    def clean(self) -> None:
        super().clean()
        self.username = (self.username or "").strip()
        if self.mobile:
            self.mobile = normalize_mobile(self.mobile)
        else:
            self.mobile = None
        taken = User.objects.filter(username__iexact=self.username).exclude(pk=self.pk)
        if self.username and taken.exists():
            raise ValidationError({"username": USERNAME_TAKEN})

    def save(self, *args, **kwargs) -> None:
        if self.mobile:
            self.mobile = normalize_mobile(self.mobile)
        else:
            self.mobile = None
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            end_sessions_and_tokens(self)

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


def end_sessions_and_tokens(user: User, keep_session_key: str | None = None) -> int:
    """Log the user out everywhere: delete their sessions and API tokens. Returns sessions ended.

    Called whenever a saved user's password changes (reset, change, admin): whoever held an old
    session or token must sign in again with the new password.
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        try:
            data = session.get_decoded()
        except Exception:  # noqa: BLE001 - an undecodable session belongs to nobody
            continue
        if str(data.get(SESSION_KEY)) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


class PasswordResetRequest(models.Model):
    """One request for a reset code, kept an hour or so to rate-limit by account and address.

    Written for every request, for known and unknown accounts alike (the account key of an
    unknown identifier is its normalized spelling), so the limit itself reveals nothing.
    """

    account_key = models.CharField(max_length=255, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"reset request {self.account_key} from {self.ip_address}"
