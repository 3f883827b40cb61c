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

from kanoon.core import scope
from kanoon.core.text import to_latin_digits
from kanoon.core.validators import is_valid_mobile, normalize_mobile
from kanoon.geo.models import Unit

from .backends import account_key, find_user
from .models import PasswordResetCode, PasswordResetRequest, RoleAssignment, User
from .roles import Role, grantable_roles
from .selectors import can_manage

NOT_ALLOWED = "شما اجازهٔ این کار را ندارید."
NOT_MANAGEABLE = (
    "شما اجازهٔ تغییر این کاربر را ندارید: همهٔ نقش‌های فعال او باید در محدودهٔ شما و پایین‌تر از نقش شما باشد."
)
RESET_PER_ACCOUNT_PER_HOUR = 3
RESET_PER_ADDRESS_PER_HOUR = 10


def _check_manage(actor: User, user: User) -> None:
    """The one rule for changing a user (see selectors.can_manage)."""
    if not can_manage(actor, user):
        raise PermissionDenied(NOT_MANAGEABLE)


MOBILE_INVALID = "شمارهٔ همراه معتبر نیست (مانند ۰۹۱۲۳۴۵۶۷۸۹ یا ۹۸۹۱۲۳۴۵۶۷۸۹+)."


def _mobile(value: object) -> str | None:
    """Any spelling of a mobile (+98, 0098, Persian or Arabic digits) → 09xxxxxxxxx, or a Persian error."""
    if not value:
        return None
    if not is_valid_mobile(str(value)):
        raise ValidationError({"mobile": MOBILE_INVALID})
    return normalize_mobile(str(value))


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
    user, errors = new_user_problems(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        mobile=mobile,
        email=email,
    )
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=role, unit=unit, created_by=actor)
    return user


def new_user_problems(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    mobile: str = "",
    email: str = "",
) -> tuple[User, dict[str, list[str]]]:
    """Every problem of a new user's details at once (the form shows them all in one pass):
    the unsaved user and {field: [Persian messages]}."""
    errors: dict[str, list[str]] = {}
    try:
        mobile = _mobile(mobile)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        mobile = None
    user = User(
        username=(username or "").strip(),
        first_name=first_name,
        last_name=last_name,
        mobile=mobile,
        email=email,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    return user, errors


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: object) -> User:
    """Edit, deactivate, change mobile or e-mail: only a user the actor may manage."""
    _check_manage(actor, user)
    if "mobile" in fields:
        fields["mobile"] = _mobile(fields["mobile"])
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
    _check_manage(actor, user)
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
    _check_manage(actor, assignment.user)
    _check_grant(actor, assignment.role, assignment.unit)
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    scope.forget_grants(assignment.user)
    return assignment


def _hash_code(code: str) -> str:
    return make_password(code)


def password_reset_request(*, identifier: str, ip_address: str | None = None) -> None:
    """Send a one-time code by SMS (mobile) or e-mail. Reveals nothing about the account.

    Known and unknown identifiers take the same path: the request is recorded, a code is made
    and hashed (the slow part), old codes are retired and the delivery is enqueued; only the
    delivery task, given no address, sends nothing. At most RESET_PER_ACCOUNT_PER_HOUR codes
    per account and RESET_PER_ADDRESS_PER_HOUR requests per client address are honoured; beyond
    that the answer is the same but nothing is sent.
    """
    now = timezone.now()
    user = find_user(identifier)
    key = account_key(identifier, user)
    hour_ago = now - dt.timedelta(hours=1)
    PasswordResetRequest.objects.filter(created_at__lt=now - dt.timedelta(days=1)).delete()
    recent = PasswordResetRequest.objects.filter(created_at__gte=hour_ago)
    limited = recent.filter(account_key=key).count() >= RESET_PER_ACCOUNT_PER_HOUR or (
        ip_address is not None and recent.filter(ip_address=ip_address).count() >= RESET_PER_ADDRESS_PER_HOUR
    )
    PasswordResetRequest.objects.create(account_key=key, ip_address=ip_address)

    code = f"{secrets.randbelow(10**6):06d}"
    code_hash = _hash_code(code)
    eligible = user is not None and user.is_active and bool(user.mobile or user.email) and not limited
    channel, address = "sms", ""
    if eligible:
        channel, address = ("sms", user.mobile) if user.mobile else ("email", user.email)
    with transaction.atomic():
        PasswordResetCode.objects.filter(user_id=user.pk if eligible else None, used_at__isnull=True).update(
            used_at=now
        )
        if eligible:
            PasswordResetCode.objects.create(
                user=user,
                code_hash=code_hash,
                channel=channel,
                expires_at=now + dt.timedelta(minutes=settings.PASSWORD_RESET_CODE_MINUTES),
            )
    from .tasks import deliver_reset_code

    deliver_reset_code.delay(channel, address, code)


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
        user.save(update_fields=["password"])  # ends every session and API token (User.save)
    return user
