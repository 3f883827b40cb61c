"""What centers tell the people app (registered in `CentersConfig.ready()`):

- a link: a membership (any status) of a center makes the person visible to that center's
  scope — as a card, not the full record (see `kanoon.people.selectors`); an active membership
  is a place the person is active in, so an editor must cover it to change the person's record;
- facets for the person page: memberships, offices held, thematic groups, candidacies — each
  read through the viewer's scope (only rows of centers the viewer sees).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kanoon.people.registry import Facet, Link, Row

from .models import Candidate, Center, Membership, MembershipStatus, OfficeHolder, ThematicGroup


def _person_ids_sql(paths: list[str]) -> tuple[str, list[Any]]:
    like = " OR ".join(["cu.path LIKE %s"] * len(paths))
    sql = (
        f"SELECT m.person_id FROM {Membership._meta.db_table} m "
        f"JOIN {Center._meta.db_table} c ON c.id = m.center_id JOIN geo_unit cu ON cu.id = c.unit_id "
        f"WHERE ({like}) AND m.status IN (%s, %s)"
    )
    # a request not (yet) accepted, or declined, makes nobody visible: only staff-accepted links do
    return sql, [p + "%" for p in paths] + [MembershipStatus.ACTIVE.value, MembershipStatus.LEFT.value]


def _active_paths(person: Any) -> list[str]:
    return list(
        Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE).values_list(
            "center__unit__path", flat=True
        )
    )


LINK = Link(person_ids_sql=_person_ids_sql, active_paths=_active_paths)


def _centers(user: Any):  # type: ignore[no-untyped-def]
    return Center.objects.restrict(user, "view").values("pk")


def memberships(user: Any, person: Any) -> Facet:
    rows = (
        Membership.objects.filter(person=person, center__in=_centers(user))
        .select_related("center__unit")
        .order_by("-joined_on", "-pk")
    )
    return Facet(
        "centers.memberships",
        "عضویت در کانون‌ها",
        [
            Row(
                title=m.center.name,
                url=reverse("centers:center_detail", args=[m.center_id]),
                detail=f"{m.get_kind_display()}، {m.center.unit.name}",
                status=m.get_status_display(),
                start=m.joined_on,
                end=m.left_on,
            )
            for m in rows
        ],
        order=10,
    )


def offices(user: Any, person: Any) -> Facet:
    rows = OfficeHolder.objects.filter(person=person, center__in=_centers(user)).select_related("center")
    return Facet(
        "centers.offices",
        "سمت‌ها در کانون‌ها",
        [
            Row(
                title=f"{o.get_office_display()} {o.center.name}",
                url=reverse("centers:center_detail", args=[o.center_id]),
                status="کنونی" if o.ended_on is None else "پایان‌یافته",
                start=o.started_on,
                end=o.ended_on,
            )
            for o in rows
        ],
        order=20,
    )


def groups(user: Any, person: Any) -> Facet:
    rows = ThematicGroup.objects.filter(members=person, center__in=_centers(user)).select_related("center")
    return Facet(
        "centers.groups",
        "گروه‌های موضوعی",
        [
            Row(
                title=g.name,
                url=reverse("centers:center_detail", args=[g.center_id]),
                detail=f"{g.get_topic_display()}، {g.center.name}",
                status="فعال" if g.is_active else "بسته",
                start=g.formed_on,
            )
            for g in rows
        ],
        order=30,
    )


def candidacies(user: Any, person: Any) -> Facet:
    rows = Candidate.objects.filter(person=person, election__center__in=_centers(user)).select_related(
        "election__center"
    )
    return Facet(
        "centers.candidacies",
        "نامزدی در انتخابات کانون",
        [
            Row(
                title=f"{c.get_office_display()} {c.election.center.name}",
                url=reverse("centers:election_list", args=[c.election.center_id]),
                detail=f"{c.votes} رأی",
                status="برگزیده" if c.elected else "",
                start=c.election.held_on,
            )
            for c in rows
        ],
        order=40,
    )


def register() -> None:
    from kanoon.people.registry import facets, links

    links.register("centers.memberships", LINK, order=10)
    facets.register("centers.memberships", memberships, order=10)
    facets.register("centers.offices", offices, order=20)
    facets.register("centers.groups", groups, order=30)
    facets.register("centers.candidacies", candidacies, order=40)
