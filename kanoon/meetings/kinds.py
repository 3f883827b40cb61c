"""Kinds of bodies and the seat catalog of each.

The meetings app knows no domain app. Every body kind has seat groups (and, optionally, a fixed
list of seat titles, each in one group); an app that owns a kind registers its catalog and its
pages in `AppConfig.ready()`:

    from kanoon.meetings.kinds import body_kinds
    body_kinds.register(BodyKind.HEALTH_ASSEMBLY, groups=..., seat_kinds=..., group_of=...,
                        managed_by="assemblies", page_url=lambda body: ..., crumbs=...)

A kind with `managed_by` set is created and configured by that app only (the generic body pages
and API refuse to create or change it); its seats and meetings still go through this app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


class BodyKind(models.TextChoices):
    HEALTH_ASSEMBLY = "health_assembly", "مجمع سلامت"
    WORKING_GROUP = "working_group", "کارگروه بین‌بخشی"
    COUNCIL = "council", "شورا"
    COMMITTEE = "committee", "کمیته"
    EXPERT_MEETING = "expert_meeting", "جلسهٔ کارشناسی"


# The simple groups of bodies whose app registers nothing else.
SIMPLE_GROUPS: list[tuple[str, str]] = [
    ("chair", "رئیس"),
    ("secretary", "دبیر"),
    ("member", "اعضا"),
]
EXPERT_MEETING_GROUPS: list[tuple[str, str]] = [
    ("chair", "رئیس جلسه"),
    ("secretary", "دبیر"),
    ("implementer", "نمایندگان مجریان"),
    ("expert", "کارشناسان"),
]


@dataclass
class KindSpec:
    code: str
    label: str
    groups: list[tuple[str, str]]
    seat_kinds: list[tuple[str, str]] = field(default_factory=list)
    group_of: dict[str, str] = field(default_factory=dict)
    managed_by: str = ""
    page_url: Callable[[Any], str] | None = None
    crumbs: Callable[[Any, Any], list[tuple[str, str | None]]] | None = None
    validate_seat: Callable[[Any], None] | None = None

    @property
    def group_labels(self) -> dict[str, str]:
        return dict(self.groups)

    @property
    def kind_labels(self) -> dict[str, str]:
        return dict(self.seat_kinds)


class KindRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, KindSpec] = {}
        for code, label in BodyKind.choices:
            groups = EXPERT_MEETING_GROUPS if code == BodyKind.EXPERT_MEETING else SIMPLE_GROUPS
            self._specs[code] = KindSpec(code, label, list(groups))

    def register(self, code: str, **options: Any) -> KindSpec:
        if code not in BodyKind.values:
            raise ValueError(f"unknown body kind {code!r}")
        spec = KindSpec(code, BodyKind(code).label, **options)
        self._specs[code] = spec
        return spec

    def get(self, code: str) -> KindSpec:
        return self._specs[code]

    def creatable(self) -> list[tuple[str, str]]:
        """The kinds the generic pages and API may create (those no app manages)."""
        return [(s.code, s.label) for s in self._specs.values() if not s.managed_by]


body_kinds = KindRegistry()
