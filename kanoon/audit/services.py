"""Writes of the read-audit log: show sensitive values and record that they were shown.

    values = reveal(request, person, ["disability"], source="people:detail")

`reveal` returns the values the user may see (unregistered fields pass through unaudited) and
writes exactly one `ReadAudit` row per object per request, naming the sensitive fields actually
shown — none when nothing sensitive was shown. A second reveal of the same object in the same
request adds its fields to that request's row instead of writing another. `reveal_many` and
`record` write one row per object with a single bulk insert.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import sensitive
from .models import ReadAudit

_CACHE = "_kanoon_read_audits"


def _split(request_or_user: Any) -> tuple[Any, Any]:
    """(request or None, user or None) from either a request or a user."""
    if request_or_user is None:
        return None, None
    if hasattr(request_or_user, "META"):
        return request_or_user, getattr(request_or_user, "user", None)
    return None, request_or_user


def source_of(request: Any) -> str:
    """A page's URL name ("organizations:detail") or an API call ("GET organization-detail")."""
    if request is None:
        return ""
    match = getattr(request, "resolver_match", None)
    name = (match.view_name if match else "") or request.path
    if request.path.startswith("/api/"):
        return f"{request.method} {name}"
    return name


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    value = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def record(
    request_or_user: Any,
    shown: Iterable[tuple[models.Model, Sequence[str]]],
    *,
    source: str | None = None,
) -> list[ReadAudit]:
    """Write that these objects' fields were shown: one row per object (one bulk insert), merged
    into the rows this request already wrote. Objects with no field shown write nothing."""
    request, user = _split(request_or_user)
    cache: dict[tuple[int, str], ReadAudit] = {}
    if request is not None:
        cache = getattr(request, _CACHE, None) or {}
        setattr(request, _CACHE, cache)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    where = source if source is not None else source_of(request)
    new: list[ReadAudit] = []
    grown: list[ReadAudit] = []
    for obj, fields in shown:
        fields = list(dict.fromkeys(fields))
        if not fields:
            continue
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        key = (ct.pk, str(obj.pk))
        row = cache.get(key)
        if row is not None:
            extra = [f for f in fields if f not in row.fields]
            if extra:
                row.fields = [*row.fields, *extra]
                if row not in grown and row not in new:
                    grown.append(row)
            continue
        row = ReadAudit(
            user=user,
            content_type=ct,
            object_id=str(obj.pk),
            fields=fields,
            source=where[:200],
            path=(request.get_full_path() if request is not None else "")[:500],
            ip=client_ip(request),
        )
        cache[key] = row
        new.append(row)
    if new:
        ReadAudit.objects.bulk_create(new)
    for row in grown:
        ReadAudit.objects.filter(pk=row.pk).update(fields=row.fields)
    return new


def reveal(
    request_or_user: Any, obj: models.Model, fields: Iterable[str], *, source: str | None = None
) -> dict[str, Any]:
    """The values of `fields` that the user may see (sensitive ones only to the roles registered
    for them), recording the sensitive ones shown."""
    return reveal_many(request_or_user, [obj], fields, source=source)[0]


def reveal_many(
    request_or_user: Any, objects: Iterable[models.Model], fields: Iterable[str], *, source: str | None = None
) -> list[dict[str, Any]]:
    """`reveal` for many objects: one audit row per object shown, written in one bulk insert."""
    _, user = _split(request_or_user)
    fields = list(fields)
    results, shown = [], []
    for obj in objects:
        open_fields = [f for f in fields if not sensitive.is_sensitive(obj, f)]
        visible = sensitive.visible_fields(user, obj, fields)
        results.append({f: getattr(obj, f) for f in fields if f in open_fields or f in visible})
        shown.append((obj, visible))
    record(request_or_user, shown, source=source)
    return results
