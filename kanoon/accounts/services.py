"""Writes for users, role assignments and password reset. Each checks the actor's scope."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kanoon.core import notify, scope
from kanoon.core.text import to_latin_digits
from kanoon.geo.models import Unit

from .backends import find_user
from .models import PasswordResetCode, RoleAssignment, User
from .roles import Role, grantable_roles

NOT_ALLOWED = "شما اجازهٔ این کار را ندارید."


def _check_grant(actor: User, role: str, unit: Unit) -> None:
    if not scope.path_in_scope(actor, RoleAssignment, "add", unit.path):
        raise PermissionDenied(NOT_ALLOWED)
    if role not in grantable_roles(actor, unit.path):
        raise PermissionDenied(f"شما نمی‌توانید نقش «{Role(role).label}» را بدهید.")


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    unit: Unit,
    first_name: str = "",
    last_name: str = "",
    mobile: str = "",
    email: str = "",
) -> User:
    """A new user with a first role assignment; the actor must be able to grant it."""
    _check_grant(actor, role, unit)
    user = User(
        username=username.strip(),
        first_name=first_name,
        last_name=last_name,
        mobile=mobile or None,
        email=email,
    )
    errors: dict[str, list[str]] = {}
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=role, unit=unit, created_by=actor)
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: object) -> User:
    if not scope.can(actor, "change", user):
        raise PermissionDenied(NOT_ALLOWED)
    for name in ("first_name", "last_name", "mobile", "email", "is_active"):
        if name in fields:
            setattr(user, name, fields[name])
    if user.pk == actor.pk and fields.get("is_active") is False:
        raise ValidationError({"is_active": "نمی‌توانید حساب خودتان را غیرفعال کنید."})
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def assignment_grant(*, actor: User, user: User, role: str, unit: Unit) -> RoleAssignment:
    _check_grant(actor, role, unit)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"created_by": actor}
    )
    if not created:
        if assignment.is_active:
            raise ValidationError({"role": "این نقش در این واحد از قبل به این کاربر داده شده است."})
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
    scope.forget_grants(user)
    return assignment


@transaction.atomic
def assignment_revoke(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    """Assignments are deactivated, never deleted, so the history stays readable."""
    _check_grant(actor, assignment.role, assignment.unit)
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    scope.forget_grants(assignment.user)
    return assignment


def _hash_code(code: str) -> str:
    return make_password(code)


def password_reset_request(*, identifier: str) -> None:
    """Send a one-time code by SMS (mobile) or e-mail. Says nothing about whether the user exists."""
    user = find_user(identifier)
    if user is None or not user.is_active or not (user.mobile or user.email):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    channel = "sms" if user.mobile else "email"
    PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    PasswordResetCode.objects.create(
        user=user,
        code_hash=_hash_code(code),
        channel=channel,
        expires_at=timezone.now() + dt.timedelta(minutes=settings.PASSWORD_RESET_CODE_MINUTES),
    )
    text = f"کانون: کد بازیابی گذرواژهٔ شما {code} است. این کد تا {settings.PASSWORD_RESET_CODE_MINUTES} دقیقه معتبر است."
    if channel == "sms":
        notify.send_sms(user.mobile, text)
    else:
        notify.send_email(user.email, "بازیابی گذرواژهٔ کانون", text)


def password_reset_confirm(*, identifier: str, code: str, new_password: str) -> User:
    invalid = ValidationError({"code": "کد نادرست یا منقضی است."})
    user = find_user(identifier)
    if user is None:
        raise invalid
    entry = (
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    if entry is None or entry.attempts >= 5:
        raise invalid
    if not check_password(to_latin_digits(code or "").strip(), entry.code_hash):
        PasswordResetCode.objects.filter(pk=entry.pk).update(attempts=entry.attempts + 1)
        raise invalid
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages})
    with transaction.atomic():
        if (
            PasswordResetCode.objects.filter(pk=entry.pk, used_at__isnull=True).update(used_at=timezone.now())
            != 1
        ):
            raise invalid
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user
