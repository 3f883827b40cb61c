"""The centers' panel on a unit's page (registered in `CentersConfig.ready()`): the center of a
neighborhood or village and «ثبت کانون در این محله», or the counts of the centers below."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.core import scope
from kanoon.core.collation import persian
from kanoon.core.unitpage import Action, Panel, Row, Stat

from .models import CENTER_UNIT_KINDS, Center, CenterStatus, Membership, MembershipStatus


def _list(name: str, **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(name) + (f"?{query}" if query else "")


def panel(user: Any, unit: Any) -> Panel | None:  # type: ignore[no-untyped-def]
    visible = Center.objects.restrict(user, "view")
    pending = Membership.objects.restrict(user, "change").filter(
        status=MembershipStatus.PENDING, center__unit__path__startswith=unit.path
    )
    if unit.kind in CENTER_UNIT_KINDS:
        centers = list(visible.filter(unit=unit).order_by(persian("name"), "pk"))
        rows = [
            Row(c.name, reverse("centers:center_detail", args=[c.pk]), c.get_status_display())
            for c in centers
        ]
        stats = []
        if centers:
            members = Membership.objects.filter(center__in=centers, status=MembershipStatus.ACTIVE).count()
            stats.append(Stat("عضو فعال", members))
        stats += _pending_stat(unit, pending)
        actions = []
        working = [c for c in centers if c.status != CenterStatus.CLOSED]
        if not working and scope.path_in_scope(user, Center, "add", unit.path):
            actions.append(
                Action(
                    f"ثبت کانون در این {unit.get_kind_display()}",
                    _list("centers:center_create", unit=unit.pk),
                )
            )
        return Panel(
            "کانون سلامت",
            rows=rows,
            stats=stats,
            actions=actions,
            empty=f"هنوز کانونی در این {unit.get_kind_display()} ثبت نشده است.",
        )
    below = visible.filter(unit__path__startswith=unit.path)
    total = below.count()
    if not total:
        return None
    active = below.filter(status=CenterStatus.ACTIVE).count()
    stats = [
        Stat("کانون سلامت", total, _list("centers:center_list", within=unit.pk)),
        Stat(
            "کانون فعال",
            active,
            _list("centers:center_list", within=unit.pk, status=CenterStatus.ACTIVE),
        ),
    ]
    stats += _pending_stat(unit, pending)
    return Panel("کانون‌های سلامت", stats=stats)


def _pending_stat(unit, pending) -> list[Stat]:  # type: ignore[no-untyped-def]
    """The pending requests the viewer decides, leading to exactly those rows (none: no stat)."""
    n_pending = pending.count()
    if not n_pending:
        return []
    return [
        Stat(
            "درخواست عضویت در انتظار پذیرش",
            n_pending,
            _list("centers:membership_list", within=unit.pk, status=MembershipStatus.PENDING, decide=1),
        )
    ]
