"""Registries the apps fill in their `AppConfig.ready()`, so `core` never imports a domain app.

- `home_cards.register(section, order=...)`: `section(user, root) -> list[home.Item]` gives the
  home page's "needs your attention" cards (every count through the scope).
- `demo_loaders.register(name, loader, order=...)`: `loader(command)` adds an app's demo data;
  `kanoon demo` runs them in order after the divisions and the demo accounts.
- `unit_panels.register(name, panel, order=...)`: `panel(user, unit) -> unitpage.Panel | None`
  says what hangs on a unit (its centers, assembly, bodies, open problems...) and the next
  action the user may take there, for the unit's page (`kanoon.core.unitpage`); every
  queryset through the scope, every link only to what the user may open.

Registering the same name twice replaces the first entry (ready() may run again in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    name: str
    func: Callable[..., Any]
    order: int


class Registry:
    """Named callables kept in (order, name) order."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, func: Callable[..., Any], *, order: int = 100) -> Callable[..., Any]:
        if not callable(func):
            raise TypeError(f"{self.what} {name!r}: {func!r} is not callable")
        self._entries[name] = Entry(name, func, order)
        return func

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def entries(self) -> list[Entry]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.name))

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)


home_cards = Registry("home card")
demo_loaders = Registry("demo loader")
unit_panels = Registry("unit panel")
