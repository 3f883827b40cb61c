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
    # A page showing many records' boxes may hand them over already read (one query for all):
    # `prefetched_attachments` (active ones, from `selectors.attachments_of`'s query) and
    # `attachments_can_upload` (the page's own check of the right to change the records).
    can_upload = getattr(obj, "attachments_can_upload", None)
    if can_upload is None:
        can_upload = services.can_attach(user, obj)
    items = getattr(obj, "prefetched_attachments", None)
    return {
        "label": reg.label,
        "object_id": obj.pk,
        "dom_id": f"attachments-{reg.label.replace('.', '-')}-{obj.pk}",
        "items": list(items) if items is not None else list(selectors.attachments_of(obj)),
        "can_upload": can_upload,
        "form": context.get("upload_form") or (UploadForm(kinds=reg.kinds) if can_upload else None),
        "remove_form": RemoveForm(),
        "error": context.get("attachment_error", ""),
        "ct": ContentType.objects.get_for_model(reg.model).pk,
    }
