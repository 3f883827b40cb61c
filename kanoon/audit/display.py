"""A sensitive value as a person reads it (choice label, بله/خیر, Jalali date, «—»)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kanoon.core import history


def display(obj: models.Model, name: str, value: Any) -> str:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return history.EMPTY if value in (None, "") else str(value)
    if field.is_relation:
        return history.EMPTY if value is None else str(value)
    return history.words(field, value)
