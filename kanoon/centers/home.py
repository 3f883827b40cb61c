"""The centers' cards on the home page (registered in `CentersConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core.home import Item

from .models import Center, CenterStatus, Membership, MembershipStatus


def attention(user: Any, root) -> list[Item]:  # type: ignore[no-untyped-def]
    items = []
    pending = Membership.objects.restrict(user, "change").filter(status=MembershipStatus.PENDING).count()
    if pending:
        items.append(
            Item(
                "درخواست عضویت در انتظار پذیرش",
                pending,
                reverse("centers:membership_list") + f"?status={MembershipStatus.PENDING}&decide=1",
                "warning",
            )
        )
    active = Center.objects.restrict(user, "view").filter(status=CenterStatus.ACTIVE).count()
    items.append(
        Item("کانون سلامت فعال", active, reverse("centers:center_list") + f"?status={CenterStatus.ACTIVE}")
    )
    return items
