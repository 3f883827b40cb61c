"""Log in with a username or an Iranian mobile number (either digit set), and lock out by account.

Login matches the username case-insensitively and the mobile in any spelling (`+98…`, `0098…`,
Persian or Arabic digits), so lockout must not count the literal string typed: django-axes asks
`axes_username` for the "username" of an attempt, and we answer with the account it resolves to
(`user:<pk>`), or a normalized form of the identifier when no account matches. Failures are
counted per account (any spelling, any address) and per client address (any account); see
`LockoutHandler` and the AXES_* settings.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum

from kanoon.core.text import to_latin_digits
from kanoon.core.validators import is_valid_mobile, normalize_mobile

from .models import User


def clean_identifier(identifier: str | None) -> str:
    return to_latin_digits(str(identifier or "")).strip()


def find_user(identifier: str) -> User | None:
    ident = clean_identifier(identifier)
    if not ident:
        return None
    if is_valid_mobile(ident):
        user = User.objects.filter(mobile=normalize_mobile(ident)).first()
        if user is not None:
            return user
    return User.objects.filter(username__iexact=ident).first()


def account_key(identifier: str | None, user: User | None = None) -> str:
    """One key per account whatever the spelling; unknown identifiers normalized the same way."""
    if user is None:
        user = find_user(identifier or "")
    if user is not None:
        return f"user:{user.pk}"
    ident = clean_identifier(identifier)
    if is_valid_mobile(ident):
        return f"mobile:{normalize_mobile(ident)}"
    return f"name:{ident.lower()}"[:255]


def axes_username(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the account an attempt is aimed at."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field) if hasattr(data, "get") else None
    return account_key(raw)


class LockoutHandler(AxesDatabaseHandler):
    """Account failures lock at AXES_FAILURE_LIMIT, address failures at AXES_IP_FAILURE_LIMIT.

    Axes compares one number with one limit, so the address count is scaled onto the account
    limit. A successful login clears only that account's failures, never the whole address
    (otherwise an attacker could wipe their guesses by logging in to an account of their own).
    """

    def _counts(self, request, credentials) -> tuple[int, int]:
        from axes.attempts import get_cool_off_threshold

        recent = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        account = axes_username(request, credentials)
        by_account = recent.filter(username=account).aggregate(n=Sum("failures_since_start"))["n"] or 0
        by_address = (
            recent.filter(ip_address=request.axes_ip_address).aggregate(n=Sum("failures_since_start"))["n"]
            or 0
        )
        return by_account, by_address

    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self._counts(request, credentials)
        limit = settings.AXES_FAILURE_LIMIT
        scaled = by_address * limit // max(settings.AXES_IP_FAILURE_LIMIT, 1)
        return max(by_account, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = AccessAttempt.objects.filter(username=axes_username(request, credentials)).delete()
        return count


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing leak
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
