import pytest

from kanoon.geo.models import Kind, Unit


def test_it_shows_a_unit_with_breadcrumbs_and_children(web, insider, territory):
    response = web(insider).get(f"/units/{territory.tehran_county.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "شهرستان تهران" in html and "مرکزی" in html
    assert 'dir="rtl"' in html


def test_units_index_jumps_to_the_single_root(web, insider, territory):
    response = web(insider).get("/units/")
    assert response.status_code == 302 and response["Location"] == f"/units/{territory.tehran.pk}/"


def test_outsider_gets_404_and_readonly_sees_but_cannot_add(web, insider, readonly, outsider, territory):
    assert web(outsider).get(f"/units/{territory.tehran.pk}/").status_code == 404
    assert web(readonly).get(f"/units/{territory.tehran.pk}/").status_code == 200
    assert (
        "افزودن منطقه یا محله"
        not in web(readonly).get(f"/units/{territory.tehran_city.pk}/").content.decode()
    )
    assert web(readonly).get(f"/units/{territory.tehran_city.pk}/add/").status_code == 403
    assert (
        web(readonly)
        .post(f"/units/{territory.tehran_city.pk}/add/", {"kind": "zone", "name": "x"})
        .status_code
        == 403
    )
    assert web(outsider).get(f"/units/{territory.tehran_city.pk}/add/").status_code == 404


def test_staff_add_a_neighborhood_under_a_city(web, insider, territory):
    client = web(insider)
    assert "افزودن منطقه یا محله" in client.get(f"/units/{territory.tehran_city.pk}/").content.decode()
    response = client.post(f"/units/{territory.tehran_city.pk}/add/", {"kind": "neighborhood", "name": "ونك"})
    assert response.status_code == 302
    unit = Unit.objects.get(parent=territory.tehran_city, kind=Kind.NEIGHBORHOOD)
    assert unit.name == "ونک"  # Arabic ك stored as Persian ک
    assert unit.history.count() == 1


def test_a_duplicate_neighborhood_is_refused_in_persian(web, insider, territory):
    response = web(insider).post(
        f"/units/{territory.zone6.pk}/add/", {"kind": "neighborhood", "name": "یوسف‌آباد"}
    )
    assert response.status_code == 200
    assert "از قبل وجود دارد" in response.content.decode()


def test_official_units_cannot_get_children_of_the_wrong_kind(web, insider, territory):
    assert web(insider).get(f"/units/{territory.tehran_county.pk}/add/").status_code == 403


@pytest.mark.parametrize("query", ["يوسف آباد", "یوسف‌آباد", "یوسف"])
def test_search_finds_persian_names_whatever_the_spelling(web, insider, territory, query):
    response = web(insider).get("/units/search/", {"q": query})
    assert "یوسف‌آباد" in response.content.decode()


def test_search_stays_inside_the_scope(web, outsider, territory):
    response = web(outsider).get("/units/search/", {"q": "یوسف"})
    assert "یوسف‌آباد" not in response.content.decode()
    assert "پیدا نشد" in response.content.decode()
    assert (
        web(outsider).get("/units/search/", {"q": "تهران", "within": territory.tehran.pk}).status_code == 404
    )


def test_htmx_search_returns_a_fragment(web, insider, territory):
    response = web(insider).get("/units/search/", {"q": "جلفا", "pick": "1"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


def test_rename_keeps_history(web, insider, readonly, territory):
    assert web(readonly).post(f"/units/{territory.yousefabad.pk}/edit/", {"name": "x"}).status_code == 403
    response = web(insider).post(f"/units/{territory.yousefabad.pk}/edit/", {"name": "یوسف‌آباد شمالی"})
    assert response.status_code == 302
    assert territory.yousefabad.history.count() == 2
    assert web(insider).get(f"/units/{territory.tehran_county.pk}/edit/").status_code == 403


def test_unit_page_queries_do_not_grow_with_children(web, insider, territory, django_assert_max_num_queries):
    client = web(insider)
    client.get(f"/units/{territory.zone6.pk}/")
    for i in range(30):
        Unit(kind=Kind.NEIGHBORHOOD, name=f"محله {i}", parent=territory.zone6).save()
    # a fixed budget: the page's own queries plus a few per registered panel (centers,
    # assemblies, bodies), none per child
    with django_assert_max_num_queries(20):
        assert client.get(f"/units/{territory.zone6.pk}/").status_code == 200


def test_home_dashboard(web, insider, territory):
    html = web(insider).get("/").content.decode()
    assert "کارشناس استان" in html and "استان تهران" in html
