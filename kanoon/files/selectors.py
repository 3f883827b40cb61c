"""Reads of attachments, always through the parent record's scope."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from . import registry
from .models import Attachment

NOT_FOUND = "پیدا نشد."


class UnknownParent(ValueError):
    """The content type names no model that accepts attachments."""


def registration_for_label(label: str) -> registry.Registration:
    reg = registry.get(str(label or "").strip().lower())
    if reg is None:
        raise UnknownParent(label)
    return reg


def parent_for(user: Any, label: str, object_id: Any) -> models.Model:
    """The registered record `label` (app_label.model) #object_id, if the user may see it (404 else)."""
    reg = registration_for_label(label)
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND)
    if not 0 < pk < 2**63:
        raise Http404(NOT_FOUND)
    parent = reg.model._default_manager.restrict(user, "view").filter(pk=pk).first()
    if parent is None:
        raise Http404(NOT_FOUND)
    return parent


def attachments_of(parent: models.Model, *, include_inactive: bool = False) -> QuerySet[Attachment]:
    """A record's attachments (the caller has checked the user may see the record)."""
    ct = ContentType.objects.get_for_model(type(parent))
    qs = Attachment.objects.filter(content_type=ct, object_id=parent.pk).select_related("uploaded_by")
    return qs if include_inactive else qs.filter(is_active=True)


def attachment_for(user: Any, action: str = "view", **lookup: Any) -> Attachment:
    """The attachment, or 404 when its record is out of the user's sight, 403 when the user
    may see it but not `action` it."""
    try:
        obj = Attachment.objects.restrict(user, "view").select_related("content_type").get(**lookup)
    except (Attachment.DoesNotExist, ValueError, TypeError, OverflowError, ValidationError):
        raise Http404(NOT_FOUND)
    if action != "view" and not Attachment.objects.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied("شما اجازهٔ این کار را ندارید.")
    return obj
