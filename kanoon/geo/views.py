from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render

from kanoon.core import export, scope, unitpage
from kanoon.core.collation import persian
from kanoon.core.forms import add_errors
from kanoon.core.history import history_entries

from . import selectors, services
from .forms import UnitChildForm, UnitRenameForm
from .models import ALLOWED_CHILDREN, USER_CREATED_KINDS, Kind, Unit


@login_required
def unit_index(request):
    roots = list(selectors.unit_roots(request.user).order_by("path"))
    if len(roots) == 1:
        return redirect("geo:unit_detail", pk=roots[0].pk)
    return render(request, "geo/unit_index.html", {"roots": roots})


CHILD_COLUMNS = [
    export.Column("نام", "name"),
    export.Column("نوع", "kind", "choice"),
    export.Column("کد رسمی", "code", "text"),
    export.Column("فعال", "is_active", "bool"),
]


@login_required
def unit_detail(request, pk: int):
    unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=pk)
    children = unit.children.all().order_by("kind", persian("name"), "pk")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind:
        children = children.filter(kind=kind)
    if export.wanted(request):
        return export.xlsx_response(
            request,
            f"units-{unit.pk}",
            CHILD_COLUMNS,
            children,
            title=f"زیرمجموعه‌های {unit.title}",
            filters={"kind": ("نوع", dict(Kind.choices))},
        )
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    kinds_below = (
        dict(unit.descendants().values_list("kind").annotate(n=Count("pk")).order_by())
        if unit.depth <= 2
        else None
    )
    can_add = bool(ALLOWED_CHILDREN.get(unit.kind, set()) & USER_CREATED_KINDS) and scope.path_in_scope(
        request.user, Unit, "add", unit.path
    )
    return render(
        request,
        "geo/unit_detail.html",
        {
            "unit": unit,
            "crumbs": selectors.breadcrumbs(unit, request.user),
            "page": page,
            "q": q,
            "kind": kind,
            "child_kinds": unit.children.values_list("kind", flat=True).distinct().order_by(),
            "kinds_below": kinds_below,
            "can_add": can_add,
            "kind_choices": Kind.choices,
            "can_change": unit.kind in USER_CREATED_KINDS and scope.can(request.user, "change", unit),
            "history": history_entries(unit, limit=10, request=request)
            if unit.kind in USER_CREATED_KINDS
            else [],
            "panels": unitpage.panels(request.user, unit),
            "leaf": not ALLOWED_CHILDREN.get(unit.kind),  # a neighborhood or village: no sub-units
            "where": selectors.path_labels([unit])[unit.pk],
        },
    )


SEARCH_PAGE = 30
SUGGESTIONS = 8


@login_required
def unit_search(request):
    """Name search within the user's scope, each result labelled with where it is.

    A GET form (the navigation bar's box) lands on the results page; HTMX asks for the results
    fragment as the user types (`pick`: the unit picker of a form, `suggest`: the navigation
    bar's suggestions, a few results and a link to all of them)."""
    q = request.GET.get("q", "").strip()
    within = request.GET.get("within")
    units = Unit.objects.restrict(request.user, "view")
    if within:
        base = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=within)
        units = units.filter(path__startswith=base.path)
    kind = request.GET.get("kind", "")
    kinds = [k for k in kind.split(",") if k in Kind.values]
    if kinds:
        units = units.filter(kind__in=kinds)
    suggest = bool(request.htmx and request.GET.get("suggest"))
    page = None
    results: list[Unit] = []
    if q:
        ranked = selectors.unit_search_ranked(units, q)
        if request.htmx:
            results = list(ranked[: SUGGESTIONS if suggest else SEARCH_PAGE])
        else:
            page = Paginator(ranked, SEARCH_PAGE).get_page(request.GET.get("page"))
            results = list(page.object_list)
    context = {
        "q": q,
        "kind": kind,
        "results": results,
        "page": page,
        "parents": selectors.path_labels(results),
        "pick": request.GET.get("pick"),
        "suggest": suggest,
        "kind_choices": [(k, label) for k, label in Kind.choices if k != Kind.COUNTRY],
    }
    template = "geo/partials/search_results.html" if request.htmx else "geo/unit_search.html"
    return render(request, template, context)


@login_required
def unit_add_child(request, pk: int):
    parent = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=pk)
    if not scope.path_in_scope(request.user, Unit, "add", parent.path):
        raise PermissionDenied("شما اجازهٔ افزودن واحد در اینجا را ندارید.")
    form = UnitChildForm(request.POST or None, parent=parent)
    if not form.fields["kind"].choices:
        raise PermissionDenied(f"زیر {parent.title} نمی‌توان منطقه یا محله ساخت.")
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{unit.title} ساخته شد.")
            return redirect("geo:unit_detail", pk=parent.pk)
    return render(
        request,
        "geo/unit_form.html",
        {
            "form": form,
            "parent": parent,
            "crumbs": selectors.breadcrumbs(parent, request.user) + [(parent, True)],
        },
    )


@login_required
def unit_edit(request, pk: int):
    unit = scope.get_for_action(request.user, Unit.objects.all(), "change", pk=pk)
    if unit.kind not in USER_CREATED_KINDS:
        raise PermissionDenied(services.OFFICIAL_READ_ONLY)
    form = UnitRenameForm(
        request.POST or None, initial={"name": unit.name, "is_active": "1" if unit.is_active else "0"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                name=form.cleaned_data["name"],
                is_active=form.cleaned_data.get("is_active"),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "واحد ذخیره شد.")
            return redirect("geo:unit_detail", pk=unit.pk)
    return render(
        request,
        "geo/unit_form.html",
        {"form": form, "unit": unit, "crumbs": selectors.breadcrumbs(unit, request.user) + [(unit, True)]},
    )
