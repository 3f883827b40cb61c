"""Scoped download, thumbnail, upload and removal of attachments (pages and HTMX)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import registry, selectors, services
from .forms import RemoveForm, UploadForm
from .models import Attachment
from .responses import file_response, thumbnail_response

PARTIAL = "files/partials/attachments.html"


def _visible(request, uid) -> Attachment:  # type: ignore[no-untyped-def]
    attachment = selectors.attachment_for(request.user, "view", uid=uid)
    if (
        not attachment.is_active
        and not Attachment.objects.restrict(request.user, "change").filter(pk=attachment.pk).exists()
    ):
        raise Http404("پیدا نشد.")
    return attachment


@login_required
@require_GET
def download(request, uid):  # type: ignore[no-untyped-def]
    return file_response(_visible(request, uid))


@login_required
@require_GET
def thumbnail(request, uid):  # type: ignore[no-untyped-def]
    return thumbnail_response(_visible(request, uid))


def _back(request, parent):  # type: ignore[no-untyped-def]
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    url = getattr(parent, "get_absolute_url", None)
    return redirect(url() if url else "/")


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_POST
def upload(request, label: str, object_id: int):  # type: ignore[no-untyped-def]
    try:
        parent = selectors.parent_for(request.user, label, object_id)
    except selectors.UnknownParent:
        raise Http404("پیدا نشد.")
    reg = registry.get(type(parent))
    form = UploadForm(request.POST, request.FILES, kinds=reg.kinds)
    error = ""
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                parent=parent,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            form = None
    else:
        error = " ".join(e for errs in form.errors.values() for e in errs)
    if request.htmx:
        context = {"obj": parent, "attachment_error": error, "upload_form": form}
        return render(request, PARTIAL, context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "پیوست بارگذاری شد.")
    return _back(request, parent)


@login_required
@require_POST
def remove(request, uid):  # type: ignore[no-untyped-def]
    attachment = selectors.attachment_for(request.user, "change", uid=uid)
    parent = attachment.parent
    form = RemoveForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attachment_remove(
                actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            error = _error_text(exc)
    else:
        error = " ".join(e for errs in form.errors.values() for e in errs)
    if request.htmx:
        return render(
            request, PARTIAL, {"obj": parent, "attachment_error": error}, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "پیوست حذف شد (در سابقه می‌ماند).")
    return _back(request, parent)
