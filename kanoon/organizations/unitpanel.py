"""The organizations' panel on a unit's page (registered in `OrganizationsConfig.ready()`): the
active organizations there and below, leading to the list filtered to exactly them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core.unitpage import Panel, Stat

from . import selectors


def panel(user: Any, unit: Any) -> Panel | None:  # type: ignore[no-untyped-def]
    # the same rows as /organizations/?within=<unit> (the list shows active ones by default)
    count = selectors.organizations_for(user).filter(unit__path__startswith=unit.path).count()
    if not count:
        return None
    url = reverse("organizations:list") + f"?within={unit.pk}"
    return Panel("سازمان‌ها", stats=[Stat("سازمان فعال", count, url)])
