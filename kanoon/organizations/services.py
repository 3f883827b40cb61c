"""Writes for organizations: keyword-only, atomic, scope re-checked inside the transaction.
Organizations are never deleted; `organization_set_active` retires or restores one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kanoon.core import scope
from kanoon.core.text import normalize
from kanoon.core.validators import normalize_mobile
from kanoon.geo.models import Unit

from .models import Organization
from .validators import normalize_legal_id

DENIED = "شما اجازهٔ این کار را ندارید."
EDITABLE = ("kind", "sector", "name", "unit", "national_id", "phone", "mobile", "email", "address", "website")


def _by(obj: Any, user: Any) -> None:
    if getattr(user, "is_authenticated", False):
        obj._history_user = user


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "name" in out:
        out["name"] = normalize(out["name"] or "")
    if "national_id" in out:
        out["national_id"] = normalize_legal_id(out["national_id"])
    if "mobile" in out and out["mobile"]:
        out["mobile"] = normalize_mobile(out["mobile"])
    for key in ("phone", "address", "email", "website"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if out.get("kind") and out["kind"] != Organization.Kind.GOVERNMENT and "sector" not in fields:
        out["sector"] = ""
    return out


def _check_unique(org: Organization) -> None:
    errors: dict[str, str] = {}
    others = Organization.objects.exclude(pk=org.pk) if org.pk else Organization.objects.all()
    if org.name and org.unit_id and others.filter(unit_id=org.unit_id, name=org.name).exists():
        errors["name"] = f"سازمان «{org.name}» در همین محدوده از قبل ثبت شده است."
    if org.national_id and others.filter(national_id=org.national_id).exists():
        errors["national_id"] = "سازمانی با این شناسهٔ ملی از قبل ثبت شده است."
    if errors:
        raise ValidationError(errors)


def _save(org: Organization, actor: Any) -> Organization:
    _check_unique(org)
    org.full_clean(validate_constraints=False)
    _by(org, actor)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:  # a concurrent save won the race for the same name or national ID
        _check_unique(org)
        raise
    return org


@transaction.atomic
def organization_create(
    *, actor: Any, name: str, kind: str, unit: Unit, is_implementer: bool = False, **fields: Any
) -> Organization:
    """Register an organization working in `unit` (which must be in the actor's add scope);
    `is_implementer` makes it an implementer of the program (monitoring's scorecard)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not scope.path_in_scope(actor, Organization, "add", unit.path):
        raise PermissionDenied(DENIED)
    data = _clean_fields({"name": name, "kind": kind, **fields})
    org = Organization(unit=unit, is_implementer=is_implementer, **data)
    return _save(org, actor)


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **fields: Any) -> Organization:
    """Change an organization's details; moving it to another unit needs change rights on both."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    org = Organization.objects.select_for_update().select_related("unit").get(pk=organization.pk)
    if not scope.path_in_scope(actor, Organization, "change", org.unit.path):
        raise PermissionDenied(DENIED)
    new_unit = fields.get("unit")
    if new_unit is not None and not scope.path_in_scope(actor, Organization, "change", new_unit.path):
        raise PermissionDenied(DENIED)
    data = _clean_fields(fields)
    if "kind" in data and "sector" not in fields and data["kind"] == Organization.Kind.GOVERNMENT:
        data["sector"] = org.sector
    for key, value in data.items():
        setattr(org, key, value)
    return _save(org, actor)


@transaction.atomic
def organization_set_active(*, actor: Any, organization: Organization, active: bool) -> Organization:
    """Retire (`active=False`) or restore an organization. Nothing is ever deleted."""
    org = Organization.objects.select_for_update().select_related("unit").get(pk=organization.pk)
    if not scope.path_in_scope(actor, Organization, "change", org.unit.path):
        raise PermissionDenied(DENIED)
    if org.is_active != active:
        org.is_active = active
        _by(org, actor)
        org.save(update_fields=["is_active", "updated_at"])
    return org


@transaction.atomic
def organization_set_implementer(*, actor: Any, organization: Organization, value: bool) -> Organization:
    """Make an organization an implementer of the program (`value=True`) or stop it being one."""
    org = Organization.objects.select_for_update().select_related("unit").get(pk=organization.pk)
    if not scope.path_in_scope(actor, Organization, "change", org.unit.path):
        raise PermissionDenied(DENIED)
    if org.is_implementer != value:
        org.is_implementer = value
        _by(org, actor)
        org.save(update_fields=["is_implementer", "updated_at"])
    return org
