"""Organization pages: list (search, kind, unit), detail with history and attachments, form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kanoon.core import export, scope
from kanoon.core.collation import persian
from kanoon.core.forms import add_errors
from kanoon.core.history import history_entries
from kanoon.geo.models import Unit

from . import selectors, services
from .filters import OrganizationFilter
from .forms import OrganizationForm
from .models import Kind, Organization, Sector

PAGE = 50


def _can_add(user) -> bool:  # type: ignore[no-untyped-def]
    paths = scope.scope_paths(user, Organization, "add")
    return paths is None or bool(paths)


ORGANIZATION_COLUMNS = [
    export.Column("نام", "name"),
    export.Column("نوع", "kind", "choice"),
    export.Column("بخش", "sector", "choice"),
    export.Column("محدودهٔ کار", "unit.title"),
    export.Column("شناسهٔ ملی", "national_id", "text"),
    export.Column("وضعیت", lambda o: "فعال" if o.is_active else "غیرفعال"),
]


@login_required
def organization_list(request):  # type: ignore[no-untyped-def]
    qs = selectors.organizations_for(request.user, include_inactive=True)
    data = request.GET.copy()
    if "is_active" not in data and request.GET.get("inactive") != "1":
        data["is_active"] = "true"
    filterset = OrganizationFilter(data, queryset=qs)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    if export.wanted(request):
        return export.xlsx_response(
            request, "organizations", ORGANIZATION_COLUMNS, qs, title="سازمان‌ها", filters=filterset.form
        )
    qs = qs.order_by(persian("name"), "pk")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    within = None
    if request.GET.get("within", "").isdigit():
        within = Unit.objects.restrict(request.user, "view").filter(pk=request.GET["within"]).first()
    return render(
        request,
        "organizations/list.html",
        {
            "page": page,
            "filter": filterset,
            "kinds": Kind.choices,
            "sectors": Sector.choices,
            "picked_kinds": request.GET.getlist("kind"),
            "within": within,
            "show_inactive": request.GET.get("inactive") == "1",
            "can_add": _can_add(request.user),
        },
    )


@login_required
def organization_detail(request, pk: int):  # type: ignore[no-untyped-def]
    org = selectors.organization_detail(request.user, pk)
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "history": history_entries(org, limit=30, request=request),
            "can_change": scope.can(request.user, "change", org),
        },
    )


@login_required
def organization_form(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    if pk:
        instance = scope.get_for_action(
            request.user, Organization.objects.select_related("unit"), "change", pk=pk
        )
    else:
        instance = None
        if not _can_add(request.user):
            raise PermissionDenied("ثبت سازمان با کارشناسان و مدیران در محدودهٔ خودشان است.")
    form = OrganizationForm(request.POST or None, user=request.user, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if instance is None:
                org = services.organization_create(
                    actor=request.user,
                    name=data.pop("name"),
                    kind=data.pop("kind"),
                    unit=data.pop("unit"),
                    **data,
                )
            else:
                org = services.organization_update(actor=request.user, organization=instance, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"سازمان «{org.name}» ذخیره شد.")
            return redirect("organizations:detail", pk=org.pk)
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "instance": instance,
            "title": f"ویرایش «{instance.name}»" if instance else "سازمان تازه",
        },
    )


@login_required
@require_POST
def organization_set_active(request, pk: int):  # type: ignore[no-untyped-def]
    org = scope.get_for_action(request.user, Organization.objects.select_related("unit"), "change", pk=pk)
    active = request.POST.get("active") == "1"
    services.organization_set_active(actor=request.user, organization=org, active=active)
    messages.success(request, f"سازمان «{org.name}» {'فعال' if active else 'غیرفعال'} شد.")
    return redirect("organizations:detail", pk=org.pk)
