"""Template filters: Jalali dates, Persian digits, quarters, Rial amounts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from kanoon.core import jalali
from kanoon.core.text import to_persian_digits

register = template.Library()


@register.filter
def jdate(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """{{ d|jdate }} → ۱۴۰۳/۱۲/۳۰ ; {{ d|jdate:"long" }} → ۳۰ اسفند ۱۴۰۳."""
    return jalali.format_date(value, long=style == "long")


@register.filter
def jdatetime(value: dt.datetime | None) -> str:
    return jalali.format_datetime(value)


@register.filter
def jinput(value: dt.date | None) -> str:
    """Value for a date input: 1403/12/30 in Latin digits (what the date picker writes)."""
    return jalali.format_date(value, persian_digits=False) if value else ""


@register.filter
def fa(value: object) -> str:
    """Persian digits; numbers get a thousands separator (٬)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, int):
        return to_persian_digits(f"{value:,}".replace(",", "٬"))
    if isinstance(value, float):
        return to_persian_digits(f"{value:,.1f}".replace(",", "٬").replace(".", "٫"))
    return to_persian_digits(value)


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
