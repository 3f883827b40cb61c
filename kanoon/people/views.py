"""Person pages: the scoped list, the person page (full record or card, with everything the
person is across the system), the edit page. Thin: read through selectors, write through
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from kanoon.audit import sensitive
from kanoon.audit.services import reveal
from kanoon.core import export, scope
from kanoon.core.collation import persian
from kanoon.core.forms import add_errors
from kanoon.core.history import history_entries

from . import selectors, services
from .filters import PersonFilter
from .forms import PersonForm
from .models import SENSITIVE_FIELDS, SKILL_CATALOG, Person

PAGE = 50


def _person(request, pk: int, action: str = "view") -> Person:  # type: ignore[no-untyped-def]
    return scope.get_for_action(request.user, Person.objects.select_related("registered_unit"), action, pk=pk)


@login_required
def person_list(request):  # type: ignore[no-untyped-def]
    qs = (
        selectors.people_visible(request.user)
        .select_related("registered_unit")
        .order_by(persian("last_name"), persian("first_name"), "pk")
    )
    filterset = PersonFilter(request.GET, queryset=qs, request=request)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    if request.GET.get("export") == "xlsx":
        return _export(request, qs, filterset.form)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    full = selectors.full_record_ids(request.user, [p.pk for p in page])
    rows = [(p, p.pk in full) for p in page]
    return render(request, "people/list.html", {"page": page, "rows": rows, "filter": filterset})


def _export(request, qs, form):  # type: ignore[no-untyped-def]
    """Excel of the list with the columns the page shows: the card for everyone, the birth date
    and the registration unit only where the record is full (no mobile: the list shows none)."""
    full = set(qs.filter(selectors.full_record_q(request.user)).values_list("pk", flat=True))
    columns = [
        export.Column("کد ملی", "national_code", "text"),
        export.Column("نام", "first_name"),
        export.Column("نام خانوادگی", "last_name"),
        export.Column("جنسیت", "gender", "choice"),
        export.Column("تاریخ تولد", lambda p: p.birth_date if p.pk in full else None, "date"),
        export.Column("واحد ثبت", lambda p: p.registered_unit.name if p.pk in full else None),
    ]
    return export.xlsx_response(request, "people", columns, qs, title="افراد", filters=form)


@login_required
def person_detail(request, pk: int):  # type: ignore[no-untyped-def]
    person = _person(request, pk)
    full = selectors.sees_full_record(request.user, person)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "full": full,
            "facets": selectors.person_facets(request.user, person),
            "history": history_entries(person, limit=20, request=request) if full else None,
            "can_change": full and services.person_editable(request.user, person),
        },
    )


@login_required
def person_edit(request, pk: int):  # type: ignore[no-untyped-def]
    person = _person(request, pk, "change")
    if not selectors.sees_full_record(request.user, person) or not services.person_editable(
        request.user, person
    ):
        raise PermissionDenied(services.IDENTITY_ELSEWHERE)
    shown = [f for f in SENSITIVE_FIELDS if sensitive.can_see(request.user, person, f)]
    initial = {name: getattr(person, name) for name in PersonForm.base_fields if name not in SENSITIVE_FIELDS}
    initial["skills"] = "، ".join(person.skills or [])
    if request.method != "POST" and shown:
        initial.update(reveal(request, person, shown))  # the form shows them: audited
    form = PersonForm(request.POST or None, initial=initial, show_disability=bool(shown))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "پروندهٔ فرد ذخیره شد.")
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"person": person, "form": form, "catalog": SKILL_CATALOG})
