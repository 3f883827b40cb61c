"""Links to related records that the viewer can open, and plain text otherwise.

    {% load links %}
    {% link_if_can problem.assembly "assemblies:assembly_detail" %}
    {% link_if_can member.center "centers:center_detail" member.center.name css="fw-bold" %}
    {% if problem.origin|can_view:user %}…{% endif %}
    {% if center|can_change:user %}<a href="{% url 'centers:member_import' center.pk %}">…</a>{% endif %}

"Can open" is the scope's view rule (`kanoon.core.scope`): outside it the page would be a 404,
so no link is drawn to it. The URL is `url_name` reversed with the object's pk.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from kanoon.core import scope

register = template.Library()


def can_open(user: Any, obj: Any) -> bool:
    """Whether the user may open the page of this saved, scoped object (no query when the user
    sees everything or the object lies inside one of the user's view prefixes)."""
    if obj is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    model = type(obj)
    if not hasattr(model, "scope_path_field"):
        return True
    cache = getattr(user, "_kanoon_can_open", None)
    if cache is None:
        cache = user._kanoon_can_open = {}
    key = (model._meta.label, obj.pk)
    if key not in cache:
        cache[key] = scope.can(user, "view", obj)
    return cache[key]


@register.filter
def can_view(obj: Any, user: Any) -> bool:
    """{% if assembly|can_view:user %}"""
    return can_open(user, obj)


@register.filter
def can_change(obj: Any, user: Any) -> bool:
    """{% if center|can_change:user %}: whether the user may change it (and so open its forms)."""
    if obj is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return scope.can(user, "change", obj)


@register.simple_tag(takes_context=True)
def link_if_can(context, obj: Any, url_name: str, label: Any = None, css: str = "") -> str:
    """`<a href>` to the object's page when the viewer may open it, else the label as text."""
    text = obj if label is None else label
    if obj is None:
        return format_html("{}", text or "")
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if can_open(user, obj):
        href = reverse(url_name, args=[obj.pk])
        if css:
            return format_html('<a class="{}" href="{}">{}</a>', css, href, text)
        return format_html('<a href="{}">{}</a>', href, text)
    if css:
        return format_html('<span class="{}">{}</span>', css, text)
    return format_html("<span>{}</span>", text)
