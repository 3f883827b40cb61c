"""The public transparency page and its open data: anonymous, cacheable, the roll-ups' numbers,
small counts withheld (also against subtraction from a total) in the page, CSV and JSON, no
personal data, inactive units left out."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from kanoon.centers import rollups
from kanoon.core import jalali
from kanoon.geo.models import Kind
from kanoon.opendata import selectors
from kanoon.opendata.selectors import FEW, HIDDEN, SHOWN, protect
from tests.centers.conftest import make_center, make_member
from tests.conftest import make_unit

NATIONAL = reverse("opendata:national")


@pytest.fixture
def fars(territory):
    """A third province, so that three provinces can each show their own counts."""
    province = make_unit(Kind.PROVINCE, "فارس", territory.country, "07")
    county = make_unit(Kind.COUNTY, "شیراز", province, "0701")
    district = make_unit(Kind.DISTRICT, "مرکزی", county, "070101")
    city = make_unit(Kind.CITY, "شیراز", district, "0701011")
    return make_unit(Kind.NEIGHBORHOOD, "ارم", city)


def centers(unit, n: int, status: str = "active") -> list:
    return [make_center(unit, status=status) for _ in range(n)]


def rows_by_name(table) -> dict:
    return {row.name: row for row in table.rows}


def current_table(parent):
    return selectors.tables(parent)[jalali.Quarter.current()]


# ---- the protection rule ---------------------------------------------------------------


def test_it_withholds_small_counts_and_one_more_when_a_total_would_tell():
    assert protect([6, 7, 8]) == ([SHOWN, SHOWN, SHOWN], SHOWN)
    # one small row and a shown total: the smallest other row is withheld too
    assert protect([6, 2, 9]) == ([HIDDEN, FEW, SHOWN], SHOWN)
    assert protect([0, 1, 3]) == ([FEW, FEW, FEW], FEW)  # a total under 5 is itself withheld
    assert protect([12, 2, 3]) == ([SHOWN, FEW, FEW], SHOWN)  # two withheld: the total tells their sum only
    assert protect([9], total_hidden=True) == ([HIDDEN], HIDDEN)  # the parent withholds the total
    assert protect([2, 9]) == ([FEW, HIDDEN], SHOWN)


def test_no_withheld_cell_can_be_recovered_from_a_total(territory, fars):
    centers(territory.yousefabad, 6)
    centers(territory.jolfa, 2)
    centers(fars, 9)
    for table in selectors.tables(territory.country).values():
        for key in selectors.COUNTED:
            cells = [row.cells[key] for row in table.rows]
            withheld = [c for c in cells if not c.shown]
            if table.total.cells[key].shown:
                assert len(withheld) != 1, key


# ---- the page ---------------------------------------------------------------------------


def test_it_is_open_to_anonymous_visitors_and_cacheable(
    client, territory, fars, django_assert_max_num_queries
):
    centers(territory.yousefabad, 6)
    with django_assert_max_num_queries(8):
        response = client.get(NATIONAL)
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "public" in control and "max-age=300" in control and "private" not in control
    page = response.content.decode()
    assert "تهران" in page and "فارس" in page and "<caption" in page and 'scope="col"' in page
    assert 'data-label="کانون‌های فعال"' in page  # the cells stack into cards on a phone
    assert reverse("opendata:province", args=[territory.tehran.pk]) in page
    assert reverse("opendata:national_csv") in page and reverse("opendata:national_json") in page


def test_the_numbers_are_the_rollups(client, territory, fars):
    centers(territory.yousefabad, 5)
    centers(territory.village, 2, status="establishing")
    centers(territory.jolfa, 5)
    fars_centers = centers(fars, 7)
    for center in fars_centers[:6]:
        make_member(center)
    table = current_table(territory.country)
    rows = rows_by_name(table)
    q = jalali.Quarter.current()
    for unit in (territory.tehran, territory.isfahan, fars.parent.parent.parent.parent):
        facts = rollups.counts(unit)
        row = rows[unit.name]
        assert row.cells["centers"].value == rollups.series(facts, "c:founded", "c:closed", [q])[0]
        assert row.cells["active_centers"].value == rollups.series(facts, "c:act_from", "c:act_to", [q])[0]
    assert rows["تهران"].cells["centers"].value == 7 and rows["تهران"].cells["active_centers"].value == 5
    assert rows["فارس"].cells["members"].value == 6
    assert table.total.cells["centers"].value == 19 and table.total.cells["active_centers"].value == 17
    # coverage: centers per 100 neighborhoods and villages (Tehran has two: 7 centers → 350)
    assert rows["تهران"].cells["places"].value == 2 and str(rows["تهران"].cells["coverage"].value) == "350.0"
    page = client.get(NATIONAL).content.decode()
    assert "۳۵۰" in page and "۱۹" in page


def test_small_counts_are_withheld_on_the_page_and_in_both_downloads(client, territory, fars):
    centers(territory.yousefabad, 6)
    centers(territory.jolfa, 2)
    centers(fars, 9)
    rows = rows_by_name(current_table(territory.country))
    assert rows["اصفهان"].cells["centers"].state == FEW
    assert rows["تهران"].cells["centers"].state == HIDDEN  # else 17 − 9 − 6 would tell Isfahan's 2
    assert rows["اصفهان"].cells["coverage"].state == FEW  # the ratio goes with its count
    page = client.get(NATIONAL).content.decode()
    assert "کمتر از ۵" in page and "پنهان" in page

    text = client.get(reverse("opendata:national_csv")).content.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))[1:]  # the second line: Persian headers
    now = [r for r in records if r["quarter"] == jalali.Quarter.current().code]
    by_name = {r["area_name"]: r for r in now}
    assert by_name["اصفهان"]["centers"] == "<5" and by_name["تهران"]["centers"] == "x"
    assert by_name["فارس"]["centers"] == "9" and by_name["جمع کشور ایران"]["centers"] == "17"
    assert "2" not in {r["centers"] for r in records}

    data = json.loads(client.get(reverse("opendata:national_json")).content)
    mine = {r["area"]["name"]: r for r in data["records"] if r["quarter"] == jalali.Quarter.current().code}
    assert mine["اصفهان"]["values"]["centers"] is None and mine["اصفهان"]["withheld"]["centers"] == "lt5"
    assert mine["تهران"]["values"]["centers"] is None and mine["تهران"]["withheld"]["centers"] == "hidden"
    assert mine["فارس"]["values"]["centers"] == 9


def test_the_csv_opens_in_excel_with_both_headers(client, territory, fars):
    centers(fars, 5)
    response = client.get(reverse("opendata:national_csv"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads the Persian
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0][:3] == ["parent_code", "parent_name", "area_code"] and "centers" in lines[0]
    assert lines[1][lines[0].index("centers")] == "کانون‌های دایر"
    # every published quarter has a row per province and one total
    assert len(lines) - 2 == selectors.QUARTERS * (3 + 1)


def test_the_json_has_stable_keys_and_documents_its_fields(client, territory, fars):
    centers(fars, 5)
    data = json.loads(client.get(reverse("opendata:national_json")).content)
    assert set(data) == {
        "title",
        "source",
        "generated_at",
        "parent",
        "threshold",
        "withheld_states",
        "fields",
        "quarters",
        "records",
    }
    keys = [f["key"] for f in data["fields"]]
    assert keys == [m.key for m in selectors.MEASURES] and all(f["description"] for f in data["fields"])
    for record in data["records"]:
        assert set(record) == {
            "area",
            "quarter",
            "quarter_label",
            "quarter_start",
            "quarter_end",
            "values",
            "withheld",
        }
        assert list(record["values"]) == keys
    assert len(data["quarters"]) == selectors.QUARTERS


def test_no_personal_data_reaches_the_page_or_the_files(client, territory, fars):
    center = centers(fars, 5)[0]
    person = make_member(center, first_name="ناهید", last_name="یکتاپرست", mobile="09127654321")
    outputs = [
        client.get(NATIONAL).content.decode(),
        client.get(reverse("opendata:province", args=[fars.parent.parent.parent.parent.pk])).content.decode(),
        client.get(reverse("opendata:national_csv")).content.decode("utf-8-sig"),
        client.get(reverse("opendata:national_json")).content.decode(),
    ]
    for text in outputs:
        for secret in (person.first_name, person.last_name, person.national_code, "09127654321", center.name):
            assert secret not in text


def test_a_province_page_lists_its_counties_and_keeps_the_national_protection(client, territory, fars):
    centers(territory.yousefabad, 6)
    centers(territory.village, 1)
    centers(territory.jolfa, 2)
    centers(fars, 9)
    response = client.get(reverse("opendata:province", args=[territory.tehran.pk]))
    assert response.status_code == 200
    table = current_table(territory.tehran)
    rows = rows_by_name(table)
    assert set(rows) == {"تهران", "ری"}
    # nationally Tehran's 7 is withheld (it would tell Isfahan's 2), so its total stays withheld
    assert table.total.cells["centers"].state == HIDDEN
    assert rows["ری"].cells["centers"].state == FEW and rows["تهران"].cells["centers"].state == SHOWN
    page = response.content.decode()
    assert "شهرستان" in page and reverse("opendata:national") in page
    lines = client.get(reverse("opendata:province_csv", args=[territory.tehran.pk])).content.decode(
        "utf-8-sig"
    )
    assert "جمع استان تهران" in lines


def test_an_inactive_unit_is_not_shown_and_not_in_any_total(client, territory, fars):
    centers(territory.yousefabad, 6)
    centers(territory.jolfa, 8)
    centers(fars, 9)
    territory.isfahan.is_active = False
    territory.isfahan.save()
    table = current_table(territory.country)
    assert set(rows_by_name(table)) == {"تهران", "فارس"}
    assert table.total.cells["centers"].value == 15  # the listed rows' sum: nothing to subtract
    assert "اصفهان" not in client.get(NATIONAL).content.decode()
    assert client.get(reverse("opendata:province", args=[territory.isfahan.pk])).status_code == 404
    assert client.get(reverse("opendata:province", args=[territory.tehran_county.pk])).status_code == 404
    json_text = client.get(reverse("opendata:national_json")).content.decode()
    assert "اصفهان" not in json_text


def test_the_quarter_can_be_chosen(client, territory, fars):
    centers(fars, 5)
    last = jalali.Quarter.current().previous()
    page = client.get(NATIONAL, {"quarter": last.code}).content.decode()
    assert f'value="{last.code}" selected' in page
    assert client.get(NATIONAL, {"quarter": "نامعتبر"}).status_code == 200
