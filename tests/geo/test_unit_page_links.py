"""A unit's page shows what hangs on it (center, assembly, bodies, open problems) and the next
action the viewer may take; the navigation bar's search finds neighborhoods and villages by
name, labelled with where they are; breadcrumbs say what each level is."""

from __future__ import annotations

import re

import pytest

from kanoon.accounts.models import RoleAssignment
from kanoon.assemblies import services as assembly_services
from kanoon.core import scope
from kanoon.geo import selectors
from kanoon.geo.models import Kind
from tests.assemblies.conftest import build_chain
from tests.centers.conftest import make_center
from tests.conftest import make_unit, make_user
from tests.links import assert_links_open

REGISTER_CENTER = "ثبت کانون در این"


def page(client, unit) -> str:
    response = client.get(f"/units/{unit.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, name: str) -> str:
    match = re.search(rf'<section class="col" data-panel="{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_a_neighborhood_shows_and_links_its_center_and_assembly(web, territory, insider, readonly):
    chain = build_chain(territory)
    for user in (insider, readonly):
        html = page(web(user), territory.yousefabad)
        centers, assemblies = panel(html, "centers"), panel(html, "assemblies")
        assert f'href="/centers/{chain.center.pk}/"' in centers and chain.center.name in centers
        assert f'href="/assemblies/{chain.yousefabad.pk}/"' in assemblies
        assert f"/assemblies/problems/?within={territory.yousefabad.pk}&amp;open=1" in assemblies


def test_the_register_center_action_is_offered_only_to_who_may_register(
    web, territory, insider, readonly, outsider
):
    html = page(web(insider), territory.village)
    assert "هنوز کانونی در این روستا ثبت نشده است" in html
    assert f'href="/centers/new/?unit={territory.village.pk}"' in panel(html, "centers")
    assert REGISTER_CENTER + " روستا" in html
    assert REGISTER_CENTER not in page(web(readonly), territory.village)
    assert "هنوز کانونی در این روستا ثبت نشده است" in page(web(readonly), territory.village)
    assert web(outsider).get(f"/units/{territory.village.pk}/").status_code == 404
    # the action lands on the center form with the village already picked
    form = web(insider).get(f"/centers/new/?unit={territory.village.pk}")
    assert form.status_code == 200 and form.context["picked_unit"] == territory.village


def test_once_a_center_exists_the_next_action_is_forming_its_assembly(web, territory, insider, readonly):
    center = make_center(territory.village, "کانون سلامت قلعه نو")
    html = page(web(insider), territory.village)
    assert REGISTER_CENTER not in html
    action = f"/assemblies/new/?level=neighborhood&amp;center={center.pk}"
    assert action in panel(html, "assemblies")
    assert action not in page(web(readonly), territory.village)
    form = web(insider).get(action.replace("&amp;", "&"))
    assert form.status_code == 200
    assert form.context["form"]["center"].value() == str(center.pk)
    assembly_services.assembly_create(actor=None, level="neighborhood", center=center)
    assert "تشکیل مجمع" not in page(web(insider), territory.village)


def test_a_county_counts_its_centers_and_offers_its_assembly(web, territory, insider):
    make_center(territory.village, "کانون سلامت قلعه نو")
    html = page(web(insider), territory.rey_county)
    centers = panel(html, "centers")
    assert f"/centers/?within={territory.rey_county.pk}" in centers
    assert f"/assemblies/new/?level=county&amp;unit={territory.rey_county.pk}" in panel(html, "assemblies")


def test_every_link_on_a_unit_page_opens_for_a_secretary_and_an_expert(web, territory, insider):
    build_chain(territory)
    secretary = make_user("sec", scope.CENTER_SECRETARY, territory.yousefabad)
    links = assert_links_open(web(secretary), f"/units/{territory.yousefabad.pk}/")
    assert any(link.startswith("/centers/") for link in links)
    assert not any(link.startswith(f"/units/{territory.tehran.pk}/") for link in links)
    assert_links_open(web(insider), f"/units/{territory.yousefabad.pk}/")
    assert_links_open(web(insider), f"/units/{territory.rey_county.pk}/")


@pytest.mark.parametrize("who", ["insider", "mixed"])
@pytest.mark.parametrize("where", ["tehran", "tehran_county", "yousefabad", "village"])
def test_every_count_on_a_unit_page_leads_to_a_list_of_exactly_those_rows(
    web, territory, insider, where, who
):
    from kanoon.centers.models import MembershipStatus
    from kanoon.organizations.models import Organization
    from tests.centers.conftest import make_member

    chain = build_chain(territory)
    for center in (chain.center, chain.village_center, chain.jolfa_center):
        make_member(center)
        make_member(center)
        center.memberships.filter(pk=center.memberships.first().pk).update(status=MembershipStatus.PENDING)
    Organization.objects.create(unit=territory.tehran_county, name="دانشگاه علوم پزشکی", kind="university")
    Organization.objects.create(unit=territory.isfahan_county, name="دانشگاه اصفهان", kind="university")
    user = insider
    if who == "mixed":  # sees the province, decides only in one neighborhood
        user = make_user("mixed", scope.OBSERVER, territory.tehran)
        RoleAssignment.objects.create(user=user, role=scope.CENTER_SECRETARY, unit=territory.yousefabad)
    client = web(user)
    unit = getattr(territory, where)
    panels = client.get(f"/units/{unit.pk}/").context["panels"]
    stats = [stat for panel in panels for stat in panel.stats if stat.url]
    assert stats
    for stat in stats:
        response = client.get(stat.url)
        assert response.status_code == 200, stat.url
        assert response.context["page"].paginator.count == stat.count, f"«{stat.label}» {stat.url}"


def test_breadcrumbs_say_what_each_level_is(web, territory, insider):
    html = page(web(insider), territory.yousefabad)
    crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S).group(1)
    labels = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li.*?</li>", crumbs, re.S)]
    assert labels == [
        "ایران",
        "استان تهران",
        "شهرستان تهران",
        "بخش مرکزی",
        "شهر تهران",
        "منطقه ۶",
        "محله یوسف‌آباد",
    ]


@pytest.mark.parametrize("typed", ["يوسف آباد", "یوسف‌آباد", "یوسفآباد", "يوسف  آباد", "یوسف"])
def test_the_navbar_search_finds_a_neighborhood_however_it_is_typed(web, territory, insider, typed):
    home = web(insider).get("/").content.decode()
    assert 'action="/units/search/"' in home and 'hx-get="/units/search/?suggest=1"' in home
    response = web(insider).get("/units/search/", {"q": typed})  # the form without JavaScript
    html = response.content.decode()
    assert f'href="/units/{territory.yousefabad.pk}/"' in html
    assert "محله یوسف‌آباد <small>— منطقه ۶، شهر تهران، استان تهران</small>" in html


def test_the_suggestions_are_a_fragment_with_a_link_to_all_results(web, territory, insider):
    response = web(insider).get("/units/search/", {"q": "يوسف", "suggest": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert f'href="/units/{territory.yousefabad.pk}/"' in html
    assert "همهٔ نتیجه‌ها" in html


def test_the_search_stays_in_the_scope(web, territory, insider, outsider):
    assert f'href="/units/{territory.yousefabad.pk}/"' not in (
        web(outsider).get("/units/search/", {"q": "یوسف آباد"}).content.decode()
    )
    assert (
        f'href="/units/{territory.jolfa.pk}/"'
        in web(outsider).get("/units/search/", {"q": "جلفا"}).content.decode()
    )
    assert f'href="/units/{territory.jolfa.pk}/"' not in (
        web(insider).get("/units/search/", {"q": "جلفا"}).content.decode()
    )


def test_a_neighborhood_comes_before_many_villages_of_the_same_name(web, territory, national):
    for i in range(40):
        make_unit(Kind.VILLAGE, "یوسف آباد", territory.rural, code=f"V{i}")
    response = web(national).get("/units/search/", {"q": "یوسف آباد"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 41
    assert html.index(f'href="/units/{territory.yousefabad.pk}/"') < html.index("روستا یوسف آباد")


def test_the_units_api_search_ranks_the_same_way(api, territory, national):
    for i in range(60):
        make_unit(Kind.VILLAGE, "یوسف آباد", territory.rural, code=f"V{i}")
    response = api(national).get("/api/v1/units/", {"q": "يوسف‌آباد"})
    assert response.status_code == 200
    assert response.data["results"][0]["id"] == territory.yousefabad.pk


def test_path_labels_do_not_repeat_a_name(territory):
    labels = selectors.path_labels([territory.yousefabad, territory.village, territory.tehran_county])
    assert labels[territory.yousefabad.pk] == "منطقه ۶، شهر تهران، استان تهران"
    assert labels[territory.village.pk] == "دهستان قلعه نو، شهرستان ری، استان تهران"
    assert labels[territory.tehran_county.pk] == "استان تهران"
