"""The people's panel on a unit's page (registered in `PeopleConfig.ready()`): how many people
are registered there and below, leading to the people list filtered to exactly them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core.unitpage import Panel, Stat

from . import selectors


def panel(user: Any, unit: Any) -> Panel | None:  # type: ignore[no-untyped-def]
    # the same rows as /people/?within=<unit>: registered there, full records only
    count = (
        selectors.people_visible(user)
        .filter(selectors.full_record_q(user), registered_unit__path__startswith=unit.path)
        .count()
    )
    if not count:
        return None
    return Panel("افراد", stats=[Stat("فرد ثبت‌شده", count, reverse("people:list") + f"?within={unit.pk}")])
