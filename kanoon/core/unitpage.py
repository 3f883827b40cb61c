"""What hangs on a unit, for the unit's page: the apps' panels.

An app registers `panel(user, unit) -> Panel | None` in `kanoon.core.registry.unit_panels`
(from its `AppConfig.ready()`); `geo`'s unit page shows every panel that has something to say.
A panel lists records (`Row`), counts that lead to a filtered list (`Stat`) and the next things
the user may do there (`Action`). Rows and stats carry a URL only when the user may open it;
actions are only offered when the user may take them. `core` knows no app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kanoon.core.registry import unit_panels


@dataclass(frozen=True)
class Row:
    label: str
    url: str | None = None  # None: shown as plain text (the user may not open it)
    detail: str = ""  # small text after the label (a status, a level)


@dataclass(frozen=True)
class Stat:
    label: str
    count: int
    url: str | None = None  # a list filtered to exactly these records


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = True


@dataclass
class Panel:
    title: str
    rows: list[Row] = field(default_factory=list)
    stats: list[Stat] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    empty: str = ""  # said when there are no rows (e.g. «هنوز کانونی در این محله ثبت نشده است.»)
    name: str = ""  # filled in from the registry: the panel's id on the page

    @property
    def is_empty(self) -> bool:
        return not (self.rows or self.stats or self.actions or self.empty)


def panels(user: Any, unit: Any) -> list[Panel]:  # type: ignore[no-untyped-def]
    """Every registered app's panel for this unit that has something to show, in registry order."""
    result = []
    for entry in unit_panels:
        panel = entry.func(user, unit)
        if panel is None or panel.is_empty:
            continue
        panel.name = entry.name
        result.append(panel)
    return result
