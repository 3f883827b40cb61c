"""What other apps tell the people app about a person, without the people app importing them.

Each domain app fills these in its `AppConfig.ready()` (usually from a `<app>/people.py`):

    from kanoon.people.registry import facets, links
    facets.register("centers.memberships", memberships_facet, order=10)
    links.register("centers.memberships", Link(person_ids_sql=..., active_paths=...))

- **facets**: `facet(user, person) -> Facet | None` — one section of the person page and of
  `GET /api/v1/people/{id}/facets/`: what the person is in that app (memberships, offices, seats,
  attendance; later donations, events, training). Each facet reads through `user`'s scope, so a
  viewer only ever sees the rows of their own territory.
- **links**: ways a person becomes visible outside the unit they were registered at (a
  membership of a center in scope). `person_ids_sql(paths)` gives `(sql, params)` selecting the
  person ids linked to the units under `paths`; `active_paths(person)` the unit paths where the
  person is currently active (an editor must cover all of them to change the person's own record).
- **watchers**: context managers entered around a change of a person's own fields.

Registering the same name again replaces the entry (ready() may run again in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Row:
    """One line of a facet: a title, a link (may be empty), a few short words, and dates."""

    title: str
    url: str = ""
    detail: str = ""
    status: str = ""
    start: Any = None
    end: Any = None


@dataclass
class Facet:
    """A section of the person page: `key` (stable, for the API), a Persian title, its rows."""

    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    order: int = 100


@dataclass(frozen=True)
class Link:
    person_ids_sql: Callable[[list[str]], tuple[str, list[Any]]]
    active_paths: Callable[[Any], list[str]]


class _Named:
    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, tuple[int, Any]] = {}

    def register(self, name: str, entry: Any, *, order: int = 100) -> Any:
        self._entries[name] = (order, entry)
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def items(self) -> list[tuple[str, Any]]:
        return [(n, e) for n, (o, e) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0]))]

    def __iter__(self) -> Iterator[Any]:
        return iter(e for _, e in self.items())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class FacetRegistry(_Named):
    def register(self, name: str, entry: Any, *, order: int = 100) -> Any:
        if not callable(entry):
            raise TypeError(f"facet {name!r}: {entry!r} is not callable")
        return super().register(name, entry, order=order)


class LinkRegistry(_Named):
    def register(self, name: str, entry: Any, *, order: int = 100) -> Any:
        if not isinstance(entry, Link):
            raise TypeError(f"link {name!r}: expected a people.registry.Link")
        return super().register(name, entry, order=order)


facets = FacetRegistry("facet")
links = LinkRegistry("link")
# watchers: `watch(person_ids)` is a context manager entered around every change of people's
# own fields (`services.person_update`), in its transaction — e.g. the centers' roll-ups count
# active members by gender and birth year.
watchers = _Named("person watcher")
