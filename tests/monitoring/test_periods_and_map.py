import csv
import importlib.resources
import json

import pytest

from kanoon.core.jalali import JalaliError, Quarter
from kanoon.monitoring import geomap, periods
from kanoon.monitoring.periods import Year


def test_it_parses_quarters_and_years_in_either_digit_set():
    assert periods.parse("۱۴۰۳Q۲") == Quarter(1403, 2)
    assert periods.parse("1403") == Year(1403)
    assert Year(1403).quarters() == [Quarter(1403, n) for n in range(1, 5)]
    assert Year(1403).label == "سال ۱۴۰۳"
    with pytest.raises(JalaliError) as exc:
        periods.parse("1403-2")
    assert "1403Q2" in str(exc.value)


def test_it_has_no_year_limit():
    far = Year(1480)
    assert far.start.year == 2101 and far.end > far.start
    assert Quarter(1500, 4).end.year == 2122


@pytest.mark.parametrize(
    ("jalali", "dhis2"),
    [
        ("1403Q1", "2024Q2"),
        ("1403Q2", "2024Q3"),
        ("1403Q3", "2024Q4"),
        ("1403Q4", "2025Q1"),
        ("1403", "2024April"),
    ],
)
def test_it_maps_periods_to_dhis2_and_back(jalali, dhis2):
    period = periods.parse(jalali)
    assert periods.to_dhis2(period) == dhis2
    assert periods.from_dhis2(dhis2) == period
    assert periods.from_dhis2(jalali) == period  # Jalali codes are accepted as they are


def test_it_maps_to_the_dhis2_quarter_holding_most_of_the_season():
    import datetime as dt

    for number in range(1, 5):
        q = Quarter(1403, number)
        code = periods.to_dhis2(q)
        year, g = int(code[:4]), int(code[-1])
        g_start = dt.date(year, 3 * (g - 1) + 1, 1)
        g_end = dt.date(year + (g == 4), (3 * g) % 12 + 1, 1) - dt.timedelta(days=1)
        overlap = (min(q.end, g_end) - max(q.start, g_start)).days + 1
        assert overlap > ((q.end - q.start).days + 1) / 2


def test_it_maps_every_official_province_to_a_boundary():
    folder = importlib.resources.files("iranian_cities") / "data"
    with (folder / "province.csv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert len(names) == 31
    codes = {geomap.region_code(name) for name in names}
    assert None not in codes and len(codes) == 31
    shipped = {f["properties"]["code"] for f in json.loads(geomap.GEOJSON.read_text())["features"]}
    assert codes == shipped


def test_it_tolerates_arabic_letters_and_spacing_in_region_lookup():
    assert geomap.region_code("كرمانشاه") == "IR-BK"
    assert geomap.region_code("چهارمحال و بختیاری") == "IR-CM"
    assert geomap.region_code("آتلانتیس") is None


def test_it_colours_the_choropleth_by_value_and_marks_missing_data():
    from decimal import Decimal

    result = geomap.choropleth({"IR-TE": ("تهران", Decimal(10), 1), "IR-ES": ("اصفهان", Decimal(2), 2)})
    by_code = {r["code"]: r for r in result["regions"]}
    assert len(by_code) == 31
    assert by_code["IR-TE"]["fill"] == geomap.PALETTE[-1]
    assert by_code["IR-ES"]["fill"] == geomap.PALETTE[0]
    assert by_code["IR-FA"]["fill"] == geomap.NO_DATA
    assert by_code["IR-TE"]["d"].startswith("M") and result["height"] > 300


def test_it_counts_a_new_neighborhood_at_once_despite_the_cache(territory):
    from kanoon.geo.models import Kind, Unit
    from kanoon.monitoring import sources

    quarter = Quarter.current()
    count = sources.get("neighborhoods_villages").func
    assert count([territory.tehran], [quarter])[(territory.tehran.pk, quarter.code)] == 2
    Unit(kind=Kind.NEIGHBORHOOD, name="امیرآباد", parent=territory.zone6).save()
    assert count([territory.tehran], [quarter])[(territory.tehran.pk, quarter.code)] == 3
