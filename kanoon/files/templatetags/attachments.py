"""{% attachment_box obj as box %}: what the attachments partial shows for one record."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from .. import registry, selectors, services
from ..forms import RemoveForm, UploadForm

register = template.Library()


@register.simple_tag(takes_context=True)
def attachment_box(context, obj):  # type: ignore[no-untyped-def]
    request = context.get("request")
    reg = registry.get(type(obj)) if obj is not None else None
    if request is None or reg is None or obj.pk is None:
        return None
    user = request.user
    can_upload = services.can_attach(user, obj)
    return {
        "label": reg.label,
        "object_id": obj.pk,
        "dom_id": f"attachments-{reg.label.replace('.', '-')}-{obj.pk}",
        "items": list(selectors.attachments_of(obj)),
        "can_upload": can_upload,
        "form": context.get("upload_form") or (UploadForm(kinds=reg.kinds) if can_upload else None),
        "remove_form": RemoveForm(),
        "error": context.get("attachment_error", ""),
        "ct": ContentType.objects.get_for_model(reg.model).pk,
    }
