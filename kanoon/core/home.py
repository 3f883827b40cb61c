"""What needs the user's attention, for the home page.

The apps register their sections in `kanoon.core.registry.home_cards` (from `AppConfig.ready()`);
each section answers a list of `Item`s, every count through the scope. `core` knows no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kanoon.core.registry import home_cards


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str
    tone: str = "primary"  # bootstrap colour: warning for things waiting on the user


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    """Every registered section's cards, the ones waiting on the user (warning) first."""
    items: list[Item] = []
    for entry in home_cards:
        items.extend(entry.func(user, root))
    return sorted(items, key=lambda item: item.tone != "warning")
