"""{% load audit %}

    {% sensitive person "disability" as disability %}
    {% if disability %}<dt>معلولیت</dt><dd>{{ disability }}</dd>{% endif %}

`sensitive` gives the value in words («—» when empty) to a user whose roles at the object's unit
may see it, and records the view in the read-audit log (one row per object per request). To
anyone else it gives "" and records nothing, so the page shows neither the value nor its label.
"""

from __future__ import annotations

from django import template

from kanoon.audit import sensitive as registry
from kanoon.audit.display import display
from kanoon.audit.services import reveal

register = template.Library()


def _who(context):  # type: ignore[no-untyped-def]
    request = context.get("request")
    return request if request is not None else context.get("user")


@register.simple_tag(takes_context=True)
def sensitive(context, obj, field: str) -> str:  # type: ignore[no-untyped-def]
    if obj is None:
        return ""
    values = reveal(_who(context), obj, [field])
    if field not in values:
        return ""
    return display(obj, field, values[field])


@register.simple_tag(takes_context=True)
def may_see(context, obj, field: str) -> bool:  # type: ignore[no-untyped-def]
    """{% may_see person "disability" as ok %} — whether to show a block; records nothing."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return obj is not None and registry.can_see(user, obj, field)
