"""Template filters: Jalali dates, Persian numbers (through core.formats), quarters, Rial amounts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from kanoon.core import formats, jalali

register = template.Library()


@register.filter
def jdate(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """{{ d|jdate }} → ۱۴۰۳/۱۲/۳۰ ; {{ d|jdate:"long" }} → ۳۰ اسفند ۱۴۰۳."""
    return jalali.format_date(value, long=style == "long")


@register.filter
def jdatetime(value: dt.datetime | None) -> str:
    return jalali.format_datetime(value)


@register.filter
def jinput(value: dt.date | str | None) -> str:
    """Value for a date input: ۱۴۰۳/۱۲/۳۰ in Persian digits (the server and the date picker read
    either digit set); text already typed is given back with its digits made Persian."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return jalali.format_date(value)
    return formats.digits(value)


@register.filter
def fa(value: object, decimals: object = None) -> str:
    """A number the Persian way (core.formats.number): «۱٬۲۳۴٫۵», «‎−۳»; {{ x|fa:1 }} fixes the
    decimals. Floats show one decimal unless told otherwise. Text gets Persian digits."""
    if value is None:
        return ""
    places = int(decimals) if decimals not in (None, "") else None
    if isinstance(value, bool):
        return formats.number(value)
    if isinstance(value, float):
        return formats.number(value, 1 if places is None else places)
    if isinstance(value, int | Decimal):
        return formats.number(value, places)
    text = str(value)
    decimal = _DECIMAL_TEXT.fullmatch(text)
    if decimal:  # «1.2 MB» from filesizeformat and the like: «۱٫۲ MB», never «۱.۲»
        return formats.number(Decimal(decimal["n"].replace(",", "")), places) + formats.digits(
            decimal["rest"]
        )
    return formats.digits(text)


_DECIMAL_TEXT = re.compile(r"(?P<n>-?[0-9][0-9,]*\.[0-9]+)(?P<rest>\D*)")


@register.filter
def pct(value: object, decimals: object = None) -> str:
    """{{ 45.25|pct }} → «۴۵٫۳٪», {{ 45|pct }} → «۴۵٪» (an integer keeps no decimals); {{ x|pct:2 }}
    fixes them. The value is already a percentage; rounding is half up."""
    if decimals in (None, ""):
        places = 0 if isinstance(value, int) and not isinstance(value, bool) else 1
    else:
        places = int(decimals)
    return formats.percent(value, places)


@register.filter
def ratio_pct(value: object, total: object) -> str:
    """{{ part|ratio_pct:whole }} → the share as a percentage («۲۵٫۰٪»); «—» when whole is 0."""
    part, whole = formats.parse_number(value), formats.parse_number(total)
    if part is None or not whole:
        return "—"
    return formats.percent(Decimal(part) * 100 / Decimal(whole))


@register.filter
def rial(value: int | None) -> str:
    if value is None:
        return ""
    return format_html("{} ریال", fa(int(value)))


@register.filter
def quarter(value: dt.date | None) -> str:
    return jalali.Quarter.of(value).label if value else ""


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:kind }}"""
    if mapping is None:
        return None
    return mapping.get(key)
