"""No dead ends: every home card leads to a list holding exactly what it counts; pages never link
to what the viewer cannot open; a visitor finds the public finder and the login."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import resolve
from django.utils import timezone

from kanoon.assemblies import services as assembly_services
from kanoon.assemblies.models import Problem
from kanoon.centers.models import CenterStatus, MembershipStatus
from kanoon.core import jalali, scope
from kanoon.core.home import attention
from kanoon.geo.selectors import unit_roots
from kanoon.monitoring import services as monitoring_services
from kanoon.monitoring.models import DataElement, DataSet, DataSetElement
from kanoon.notifications.services import notify
from tests.assemblies.conftest import build_chain
from tests.centers.conftest import make_center, make_member
from tests.conftest import make_user
from tests.links import assert_links_open, page_links

# How many rows the list a card leads to holds, by the list's URL name.
ROWS = {
    "membership_list": lambda ctx: ctx["page"].paginator.count,
    "center_list": lambda ctx: ctx["page"].paginator.count,
    "problem_list": lambda ctx: ctx["page"].paginator.count,
    "reports": lambda ctx: ctx["page"].paginator.count,
    "inbox": lambda ctx: ctx["page"].paginator.count,
    "calendar": lambda ctx: len(ctx["upcoming"]),
}


def _refer(chain, actor, assembly, title: str):
    problem = assembly_services.problem_register(
        actor=actor, assembly=assembly, title=title, description="شرح"
    )
    return assembly_services.problem_refer(actor=actor, problem=problem, justification="فراتر از توان محله")


@pytest.fixture
def busy(territory):
    """Something for every card, inside and outside the Tehran users' scopes."""
    chain = build_chain(territory)
    chain.center.status = CenterStatus.ACTIVE
    chain.center.save(update_fields=["status"])
    for center in (chain.center, chain.village_center, chain.jolfa_center):
        for _ in range(2):
            make_member(center)
        center.memberships.update(status=MembershipStatus.PENDING)
    make_member(chain.center)  # an active member: not pending
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    village_secretary = make_user("vsec", scope.CENTER_SECRETARY, territory.village)
    county = make_user("cty", scope.COUNTY_EXPERT, territory.tehran_county)
    _refer(chain, secretary, chain.yousefabad, "آب آشامیدنی")
    _refer(chain, secretary, chain.yousefabad, "پسماند")
    _refer(chain, village_secretary, chain.village, "جادهٔ روستا")  # waits on Rey county
    soon = timezone.now() + dt.timedelta(days=3)
    for assembly in (chain.yousefabad, chain.tehran_county, chain.jolfa):
        assembly_services.meeting_schedule(
            actor=None, assembly=assembly, title="جلسه", starts_at=soon, place="مسجد"
        )
    element = DataElement.objects.create(code="N", name="جلسات", minimum=0)
    data_set = DataSet.objects.create(code="Q", name="گزارش فصلی", unit_kinds=["county", "neighborhood"])
    DataSetElement.objects.create(data_set=data_set, element=element, position=1, required=True)
    period = jalali.Quarter.current().previous().code
    national = make_user("nat", scope.NATIONAL_ADMIN, territory.country)
    for unit in (territory.yousefabad, territory.tehran_county, territory.rey_county):
        report = monitoring_services.report_get_or_create(
            data_set=data_set, unit=unit, period=period, user=national
        )
        monitoring_services.report_save_values(report=report, values={element.pk: 3}, user=national)
        monitoring_services.report_submit(report=report, user=national)
    return chain, secretary, county


def _cards(user):
    roots = list(unit_roots(user).order_by("path")[:20])
    return attention(user, roots[0] if len(roots) == 1 else None)


@pytest.mark.parametrize("who", ["insider", "county", "secretary", "outsider", "readonly"])
def test_every_home_card_leads_to_a_list_of_exactly_what_it_counts(
    web, busy, insider, outsider, readonly, who
):
    chain, secretary, county = busy
    user = {
        "insider": insider,
        "county": county,
        "secretary": secretary,
        "outsider": outsider,
        "readonly": readonly,
    }[who]
    notify(user=user, kind="referral", title="یک اعلان")
    client = web(user)
    home = client.get("/").content.decode()
    cards = _cards(user)
    assert cards, "the fixture gives every user something to do"
    for card in cards:
        assert f'href="{card.url}"'.replace("&", "&amp;") in home, card.label
        name = resolve(card.url.split("?")[0]).url_name
        assert name in ROWS, f"card «{card.label}» leads to {name}: add how its rows are counted"
        response = client.get(card.url)
        assert response.status_code == 200, card.url
        assert ROWS[name](response.context) == card.count, f"«{card.label}» ({card.url})"


def test_a_card_that_waits_on_the_user_is_not_shown_to_who_only_sees(busy, insider, readonly):
    assert any("منتظر تأیید" in card.label for card in _cards(insider))
    assert not any("منتظر تأیید" in card.label or "در انتظار" in card.label for card in _cards(readonly))


def test_the_pending_memberships_card_lists_them_across_centers(web, busy, insider):
    chain, *_ = busy
    card = next(c for c in _cards(insider) if "عضویت" in c.label)
    assert card.count == 4  # Yousefabad's and the village's; not Jolfa's
    html = web(insider).get(card.url).content.decode()
    assert chain.center.name in html and chain.village_center.name in html
    assert chain.jolfa_center.name not in html
    assert html.count('action="/centers/memberships/') == 2 * 4  # accept and decline on each row


def test_a_secretary_meets_no_dead_link_on_a_referred_problem(web, busy):
    chain, secretary, county = busy
    problem = Problem.objects.get(title="آب آشامیدنی")
    assert problem.assembly == chain.tehran_county  # now at the county's assembly
    client = web(secretary)
    html = client.get(f"/assemblies/problems/{problem.pk}/").content.decode()
    assert chain.tehran_county.name in html  # said, not linked
    assert f'href="/assemblies/{chain.tehran_county.pk}/"' not in html
    assert f'href="/assemblies/{chain.yousefabad.pk}/"' in html  # where it was registered: theirs
    assert_links_open(client, f"/assemblies/problems/{problem.pk}/")
    assert_links_open(client, f"/assemblies/{chain.yousefabad.pk}/")
    assert_links_open(web(county), f"/assemblies/problems/{problem.pk}/")


def test_a_secretary_meets_no_dead_link_on_the_unit_and_report_pages(web, busy, territory):
    chain, secretary, county = busy
    client = web(secretary)
    assert_links_open(client, f"/units/{territory.yousefabad.pk}/")
    assert_links_open(client, f"/centers/{chain.center.pk}/")
    data_set = DataSet.objects.get(code="Q")
    period = jalali.Quarter.current().previous().code
    assert_links_open(client, f"/monitoring/entry/{data_set.pk}/{territory.yousefabad.pk}/{period}/")


def test_an_expert_of_another_county_meets_no_dead_link_on_their_assembly(web, busy, territory):
    chain, *_ = busy
    rey = make_user("rey", scope.COUNTY_EXPERT, territory.rey_county)
    html = web(rey).get(f"/assemblies/{chain.rey.pk}/").content.decode()
    assert chain.tehran.name in html and f'href="/assemblies/{chain.tehran.pk}/"' not in html
    assert_links_open(web(rey), f"/assemblies/{chain.rey.pk}/")


@pytest.mark.parametrize("status", ["done", "failed"])
def test_an_observer_is_not_offered_an_upload_on_an_import_page(web, territory, insider, readonly, status):
    from kanoon.centers.models import MemberImport

    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    mi = MemberImport.objects.create(center=center, file="imports/x.xlsx", status=status, error="خراب")
    upload = f'href="/centers/{center.pk}/members/import/"'
    assert upload not in web(readonly).get(f"/centers/imports/{mi.pk}/").content.decode()
    assert_links_open(web(readonly), f"/centers/imports/{mi.pk}/")
    assert upload in web(insider).get(f"/centers/imports/{mi.pk}/").content.decode()


def test_a_visitor_is_led_to_the_public_finder_and_to_the_login(web, territory):
    client = web(None)
    response = client.get("/")
    assert response.status_code == 200
    links = page_links(response.content.decode())
    assert "/c/" in links and "/accounts/login/" in links
    assert "/c/open/" in links  # the public transparency page
    for public in ("/c/", "/c/open/", "/accounts/password/reset/"):
        response = client.get(public)
        if response.status_code == 404:
            continue
        assert "/accounts/login/" in page_links(response.content.decode()), public
    assert_links_open(client, "/")
    assert_links_open(client, "/c/")


def test_a_public_center_page_has_a_login_link(web, territory):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد", is_public=True)
    center.status = CenterStatus.ACTIVE
    center.save(update_fields=["status"])
    response = web(None).get(f"/c/{center.pk}/")
    assert response.status_code == 200
    assert "/accounts/login/" in page_links(response.content.decode())


def test_the_api_docs_are_not_in_the_main_navigation(web, insider):
    html = web(insider).get("/").content.decode()
    nav = re.search(r"<nav class=\"navbar.*?</nav>", html, re.S).group(0)
    assert "/api/v1/docs/" not in nav
    assert "/api/v1/docs/" in html  # still reachable, from the footer
