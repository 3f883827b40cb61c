"""The unread-notifications card on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core.home import Item

from . import selectors


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    unread = selectors.unread_count(user)
    if not unread:
        return []
    return [Item("اعلان خوانده‌نشده", unread, reverse("notifications:inbox") + "?unread=1", "warning")]
