"""Pages of the centers app: thin — parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.forms import formset_factory
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kanoon.core import export, formats, jalali, scope
from kanoon.core.collation import persian
from kanoon.core.forms import add_errors
from kanoon.core.history import Related, history_entries
from kanoon.core.redirects import redirect_next
from kanoon.files.models import Attachment
from kanoon.geo.models import Unit
from kanoon.geo.selectors import breadcrumbs, unit_roots

from . import importer, selectors, services
from .filters import CenterFilter, MembershipFilter
from .forms import (
    ActionDoneForm,
    CandidateForm,
    CenterForm,
    CenterStatusForm,
    ElectionForm,
    FinderForm,
    GroupForm,
    ImportForm,
    MemberAddForm,
    SignupForm,
)
from .models import (
    Candidate,
    Center,
    CenterAction,
    CenterKind,
    CenterStatus,
    Election,
    EstablishmentAction,
    ImportStatus,
    MemberImport,
    Membership,
    MembershipKind,
    MembershipStatus,
    OfficeHolder,
    Person,
    Phase,
    ThematicGroup,
)
from .tasks import run_member_import

PAGE = 50


def _center(request, pk: int, action: str = "view") -> Center:  # type: ignore[no-untyped-def]
    return scope.get_for_action(request.user, Center.objects.select_related("unit"), action, pk=pk)


def _wants_excel(request) -> bool:  # type: ignore[no-untyped-def]
    return export.wanted(request)


# ----------------------------------------------------------------------------------------
# Centers
# ----------------------------------------------------------------------------------------


@login_required
def center_list(request):  # type: ignore[no-untyped-def]
    qs = selectors.center_list(request.user).order_by(persian("name"), "pk")
    filterset = CenterFilter(request.GET, queryset=qs)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    if _wants_excel(request):
        rows = qs.select_related(None).values_list(
            "name", "unit__name", "kind", "status", "phase", "progress", "founded_on", "last_progress_on"
        )
        kinds, statuses = dict(CenterKind.choices), dict(CenterStatus.choices)
        return export.xlsx_response(
            request,
            "centers",
            [
                "نام کانون",
                "محله یا روستا",
                "نوع",
                "وضعیت",
                "مرحله",
                "درصد پیشرفت",
                "تاریخ تشکیل",
                "آخرین پیشرفت",
            ],
            (
                (n, u, kinds.get(k), statuses.get(s), ph, pr, f, lp)
                for n, u, k, s, ph, pr, f, lp in rows.iterator()
            ),
            title="کانون‌ها",
            filters=filterset.form,
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    counts = selectors.membership_counts([c.pk for c in rows])
    within = None
    if request.GET.get("within", "").isdigit():
        within = Unit.objects.restrict(request.user, "view").filter(pk=request.GET["within"]).first()
    return render(
        request,
        "centers/center_list.html",
        {
            "page": page,
            "rows": [(c, counts.get(c.pk, 0)) for c in rows],
            "filter": filterset,
            "within": within,
            "statuses": CenterStatus.choices,
            "kinds": CenterKind.choices,
            "can_add": bool(
                scope.scope_paths(request.user, Center, "add") is None
                or scope.scope_paths(request.user, Center, "add")
            ),
            "stalled_days": selectors.stalled_days_default(),
        },
    )


@login_required
def center_create(request):  # type: ignore[no-untyped-def]
    paths = scope.scope_paths(request.user, Center, "add")
    if paths is not None and not paths:
        raise PermissionDenied("شما اجازهٔ ثبت کانون را ندارید.")
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    form = CenterForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "is_public"}
        try:
            center = services.center_create(
                actor=request.user, name=data.pop("name"), unit=data.pop("unit"), **data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"«{center.name}» ثبت شد.")
            return redirect("centers:center_detail", pk=center.pk)
    picked = form["unit"].value()
    visible = Unit.objects.restrict(request.user, "view")
    picked_unit = visible.filter(pk=picked).first() if str(picked or "").isdigit() else None
    return render(request, "centers/center_form.html", {"form": form, "picked_unit": picked_unit})


@login_required
def center_edit(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    form = CenterForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=CenterForm.initial_from(center),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("logo"):
            data.pop("logo", None)
        try:
            services.center_update(actor=request.user, center=center, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "تغییرات ذخیره شد.")
            return redirect("centers:center_detail", pk=center.pk)
    return render(
        request, "centers/center_form.html", {"form": form, "center": center, "picked_unit": center.unit}
    )


@login_required
def center_detail(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk)
    can_change = scope.can(request.user, "change", center)
    members = (
        Membership.objects.filter(center=center, status=MembershipStatus.ACTIVE)
        .select_related("person")
        .order_by("-joined_on", "-pk")
    )
    counts = center.memberships.aggregate(
        active=Count("pk", filter=Q(status=MembershipStatus.ACTIVE)),
        pending=Count("pk", filter=Q(status=MembershipStatus.PENDING)),
        volunteers=Count("pk", filter=Q(status=MembershipStatus.ACTIVE, kind=MembershipKind.VOLUNTEER)),
        female=Count("pk", filter=Q(status=MembershipStatus.ACTIVE, person__gender="female")),
    )
    pending = list(
        Membership.objects.filter(center=center, status=MembershipStatus.PENDING).select_related("person")[
            :20
        ]
    )
    groups = list(
        center.groups.select_related("head")
        .annotate(n_members=Count("members"))
        .order_by("-is_active", persian("name"), "pk")
    )
    holders = services.current_holders(center)
    elections = list(
        center.elections.prefetch_related(
            Prefetch(
                "candidates", queryset=Candidate.objects.select_related("person").order_by("office", "-votes")
            )
        )[:5]
    )
    return render(
        request,
        "centers/center_detail.html",
        {
            "center": center,
            "history": history_entries(
                center,
                limit=20,
                request=request,
                related=[  # the decisions on its members, its groups and tracker steps, with its own
                    Related(
                        Membership.objects.restrict(request.user)
                        .filter(center=center)
                        .select_related("person"),
                        lambda m: m.person.full_name,
                    ),
                    Related(center.groups.all()),
                    Related(center.actions_done.select_related("action"), lambda a: a.action.title),
                ],
            ),
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
            "can_change": can_change,
            "members": members[:10],
            "counts": counts,
            "pending": pending,
            "groups": groups,
            "secretary": holders.get("secretary"),
            "deputy": holders.get("deputy"),
            "elections": elections,
            "phases": _tracker(center),
            "status_changes": list(center.status_changes.select_related("changed_by")[:10]),
            "facilitators": list(center.facilitators.all()),
            "status_form": CenterStatusForm(center=center)
            if can_change and center.allowed_statuses()
            else None,
            "stalled": center.is_stalled(selectors.stalled_days_default()),
            "stalled_days": selectors.stalled_days_default(),
        },
    )


def _tracker(center: Center, can_change: bool | None = None) -> list[dict[str, Any]]:
    """Phases → strategies → actions with this center's records and their attachments (evidence),
    in four queries. `can_change` (the user may change the center, hence its records) saves each
    record's attachments box its own check."""
    records = list(CenterAction.objects.filter(center=center).select_related("done_by"))
    files: dict[int, list[Attachment]] = {r.pk: [] for r in records}
    if records:
        for a in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(CenterAction),
            object_id__in=list(files),
            is_active=True,
        ).select_related("uploaded_by"):
            files[a.object_id].append(a)
    done = {}
    for r in records:
        r.prefetched_attachments = files[r.pk]
        r.has_attachments = bool(files[r.pk])
        if can_change is not None:
            r.attachments_can_upload = can_change
        done[r.action_id] = r
    out = []
    for phase in services.catalog_phases():
        strategies = []
        total = finished = 0
        for strategy in phase.strategies.all():
            actions = [(a, done.get(a.pk)) for a in strategy.actions.all() if a.is_active]
            total += len(actions)
            finished += sum(1 for _, r in actions if r)
            strategies.append({"strategy": strategy, "actions": actions})
        out.append(
            {
                "phase": phase,
                "strategies": strategies,
                "total": total,
                "done": finished,
                "percent": round(100 * finished / total) if total else 0,
            }
        )
    return out


@login_required
@require_POST
def center_status(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    form = CenterStatusForm(request.POST, center=center)
    if form.is_valid():
        try:
            services.center_set_status(actor=request.user, center=center, **form.cleaned_data)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, f"وضعیت کانون «{center.get_status_display()}» شد.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("centers:center_detail", pk=center.pk)


# ----------------------------------------------------------------------------------------
# Establishment tracker
# ----------------------------------------------------------------------------------------


@login_required
def establishment(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk)
    can_change = scope.can(request.user, "change", center)
    return render(
        request,
        "centers/establishment.html",
        {
            "center": center,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
            "phases": _tracker(center, can_change),
            "can_change": can_change,
            "today": jalali.today(),
        },
    )


@login_required
@require_POST
def action_done(request, pk: int, action_pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    action = EstablishmentAction.objects.filter(pk=action_pk, is_active=True).first()
    if action is None:
        raise Http404("پیدا نشد.")
    form = ActionDoneForm(request.POST, request.FILES)
    if form.is_valid():
        files = [form.cleaned_data["file"]] if form.cleaned_data.get("file") else []
        try:
            services.action_mark_done(
                actor=request.user,
                center=center,
                action=action,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                files=files,
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, f"{action.code}: {error}")
        else:
            messages.success(request, f"اقدام {action.code} انجام‌شده ثبت شد.")
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{action.code} — {form.fields[field].label if field in form.fields else ''}: {error}",
                )
    return redirect(reverse("centers:establishment", args=[center.pk]) + f"#s{action.strategy.number}")


@login_required
@require_POST
def action_undo(request, pk: int, action_pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    record = CenterAction.objects.filter(center=center, action_id=action_pk).select_related("action").first()
    if record is None:
        raise Http404("پیدا نشد.")
    try:
        services.action_undo(actor=request.user, record=record)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"ثبت اقدام {record.action.code} برداشته شد.")
    return redirect("centers:establishment", pk=center.pk)


# ----------------------------------------------------------------------------------------
# Members
# ----------------------------------------------------------------------------------------


MEMBER_COLUMNS = [
    export.Column("کد ملی", "person.national_code", "text"),
    export.Column("نام", "person.first_name"),
    export.Column("نام خانوادگی", "person.last_name"),
    export.Column("نوع عضویت", "kind", "choice"),
    export.Column("وضعیت", "status", "choice"),
    export.Column("تاریخ عضویت", "joined_on", "date"),
    export.Column("تاریخ خروج", "left_on", "date"),
    export.Column("شیوهٔ ثبت", "source", "choice"),
]


@login_required
def member_list(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk)
    qs = (
        Membership.objects.filter(center=center)
        .select_related("person")
        .order_by("status", "-joined_on", "-pk")
    )
    filterset = MembershipFilter(request.GET, queryset=qs, request=request)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    if _wants_excel(request):
        # the columns the page shows (a card's fields only: no birth date, no mobile)
        return export.xlsx_response(
            request,
            f"members-{center.pk}",
            MEMBER_COLUMNS,
            qs,
            title=f"اعضای {center.name}",
            filters=filterset.form,
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "centers/member_list.html",
        {
            "center": center,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
            "page": page,
            "filter": filterset,
            "statuses": MembershipStatus.choices,
            "can_change": scope.can(request.user, "change", center),
        },
    )


MEMBERSHIP_COLUMNS = [
    export.Column("نام", "person.full_name"),
    export.Column("کانون", "center.name"),
    export.Column("محدوده", "center.unit.label"),
    export.Column("نوع عضویت", "kind", "choice"),
    export.Column("وضعیت", "status", "choice"),
    export.Column("تاریخ عضویت", "joined_on", "date"),
    export.Column("تاریخ خروج", "left_on", "date"),
]


@login_required
def membership_list(request):  # type: ignore[no-untyped-def]
    """Memberships across every center in the user's scope (the home card «درخواست عضویت در
    انتظار پذیرش» lands here filtered to pending and to the ones the user may decide)."""
    decide = request.GET.get("decide") == "1"
    qs = (
        Membership.objects.restrict(request.user, "change" if decide else "view")
        .select_related("person", "center__unit")
        .order_by("status", "-joined_on", "-pk")
    )
    filterset = MembershipFilter(request.GET, queryset=qs, request=request)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    within = None
    if request.GET.get("within", "").isdigit():
        within = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=request.GET["within"])
        qs = qs.filter(center__unit__path__startswith=within.path)
    if export.wanted(request):
        return export.xlsx_response(
            request, "memberships", MEMBERSHIP_COLUMNS, qs, title="عضویت‌ها", filters=filterset.form
        )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    writable = set(
        Membership.objects.restrict(request.user, "change")
        .filter(pk__in=[m.pk for m in rows])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "centers/membership_list.html",
        {
            "page": page,
            "rows": [(m, m.pk in writable) for m in rows],
            "filter": filterset,
            "within": within,
            "decide": decide,
            "statuses": MembershipStatus.choices,
        },
    )


@login_required
def member_add(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    form = MemberAddForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_register(
                actor=request.user,
                center=center,
                national_code=form.cleaned_data["national_code"],
                kind=form.cleaned_data["kind"],
                joined_on=form.cleaned_data.get("joined_on"),
                **form.person_fields(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            # Only what the user typed, or the record they could already see: the same message
            # whether the code was new or on file elsewhere.
            known = form.known_person
            who = (
                known.full_name
                if known is not None
                else f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}".strip()
            )
            messages.success(request, f"{who} به اعضای کانون افزوده شد.")
            if "another" in request.POST:
                return redirect("centers:member_add", pk=center.pk)
            return redirect("centers:member_list", pk=center.pk)
    return render(
        request,
        "centers/member_form.html",
        {
            "center": center,
            "form": form,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
        },
    )


@login_required
@require_POST
def membership_action(request, membership_pk: int, verb: str):  # type: ignore[no-untyped-def]
    membership = scope.get_for_action(
        request.user, Membership.objects.select_related("center", "person"), "change", pk=membership_pk
    )
    try:
        if verb == "accept":
            services.membership_decide(actor=request.user, membership=membership, accept=True)
            messages.success(request, f"عضویت {membership.person.full_name} پذیرفته شد.")
        elif verb == "decline":
            services.membership_decide(actor=request.user, membership=membership, accept=False)
            messages.success(request, f"درخواست {membership.person.full_name} رد شد.")
        elif verb == "leave":
            services.membership_leave(actor=request.user, membership=membership)
            messages.success(request, f"عضویت {membership.person.full_name} پایان یافت.")
        else:
            raise Http404("پیدا نشد.")
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect_next(request, reverse("centers:member_list", args=[membership.center_id]))


# ----------------------------------------------------------------------------------------
# Import
# ----------------------------------------------------------------------------------------


@login_required
def import_template(request):  # type: ignore[no-untyped-def]
    response = HttpResponse(importer.template_workbook(), content_type=importer.XLSX)
    response["Content-Disposition"] = 'attachment; filename="kanoon-members-template.xlsx"'
    return response


@login_required
def member_import(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        mi = MemberImport.objects.create(
            center=center, file=upload, original_name=upload.name[:255], created_by=request.user
        )
        if upload.size > importer.INLINE_MAX_BYTES:  # never parsed in the request: queued, progress shown
            transaction.on_commit(lambda: run_member_import.delay(mi.pk, request.user.pk))
            return redirect("centers:import_detail", pk=mi.pk)
        importer.run_import(mi, actor=request.user)
        if mi.status != ImportStatus.FAILED:
            return redirect("centers:import_detail", pk=mi.pk)
        # a file that could not be read at all: nothing was saved, so no record is kept either —
        # the reason goes on the form, where the user picks the corrected file
        form.add_error("file", f"{mi.error} {IMPORT_NOTHING_SAVED}")
        _discard_import(mi)
    imports = MemberImport.objects.filter(center=center).select_related("created_by")[:10]
    return render(
        request,
        "centers/import_form.html",
        {
            "center": center,
            "form": form,
            "imports": imports,
            "columns": importer.COLUMNS,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
        },
    )


@login_required
def import_detail(request, pk: int):  # type: ignore[no-untyped-def]
    mi = scope.get_for_action(
        request.user, MemberImport.objects.select_related("center__unit"), "view", pk=pk
    )
    template = "centers/partials/import_progress.html" if request.htmx else "centers/import_detail.html"
    return render(
        request,
        template,
        {
            "mi": mi,
            "center": mi.center,
            "crumbs": breadcrumbs(mi.center.unit, request.user) + [(mi.center.unit, True)],
            "running": mi.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "can_dismiss": mi.status == ImportStatus.FAILED and scope.can(request.user, "change", mi),
        },
    )


IMPORT_NOTHING_SAVED = "هیچ عضوی از این فایل ثبت نشد؛ فایل را اصلاح کنید و دوباره بارگذاری کنید."


def _discard_import(mi: MemberImport) -> None:
    """Remove a failed upload (it saved nothing) with its stored files."""
    for stored in (mi.file, mi.rejected_file):
        if stored:
            stored.delete(save=False)
    mi.delete()


@login_required
@require_POST
def import_dismiss(request, pk: int):  # type: ignore[no-untyped-def]
    """Put a failed (background) upload aside: it saved nothing, so the record goes."""
    mi = scope.get_for_action(request.user, MemberImport.objects.select_related("center"), "change", pk=pk)
    if mi.status != ImportStatus.FAILED:
        raise PermissionDenied("فقط بارگذاری ناموفق کنار گذاشته می‌شود.")
    center = mi.center
    _discard_import(mi)
    messages.success(request, "بارگذاری ناموفق کنار گذاشته شد.")
    return redirect("centers:member_import", pk=center.pk)


@login_required
def import_rejected(request, pk: int):  # type: ignore[no-untyped-def]
    mi = scope.get_for_action(request.user, MemberImport.objects.all(), "view", pk=pk)
    if not mi.rejected_file:
        raise Http404("پیدا نشد.")
    return FileResponse(mi.rejected_file.open("rb"), as_attachment=True, filename=f"rejected-{mi.pk}.xlsx")


# ----------------------------------------------------------------------------------------
# Groups and elections
# ----------------------------------------------------------------------------------------


def _active_people(center: Center):  # type: ignore[no-untyped-def]
    return Person.objects.filter(
        memberships__center=center, memberships__status=MembershipStatus.ACTIVE
    ).order_by(persian("last_name"), persian("first_name"), "pk")


@login_required
def group_create(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    form = GroupForm(request.POST or None, people=_active_people(center))
    if request.method == "POST" and form.is_valid():
        try:
            services.group_create(actor=request.user, center=center, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "گروه موضوعی تشکیل شد.")
            return redirect("centers:center_detail", pk=center.pk)
    return render(
        request,
        "centers/group_form.html",
        {
            "center": center,
            "form": form,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
        },
    )


@login_required
def group_edit(request, group_pk: int):  # type: ignore[no-untyped-def]
    group = scope.get_for_action(
        request.user, ThematicGroup.objects.select_related("center__unit"), "change", pk=group_pk
    )
    center = group.center
    initial = {
        "name": group.name,
        "topic": group.topic,
        "head": group.head_id,
        "members": list(group.members.values_list("pk", flat=True)),
        "formed_on": group.formed_on,
    }
    form = GroupForm(request.POST or None, people=_active_people(center), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = data.pop("members")
        try:
            services.group_update(actor=request.user, group=group, members=members, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "گروه ذخیره شد.")
            return redirect("centers:center_detail", pk=center.pk)
    return render(
        request,
        "centers/group_form.html",
        {
            "center": center,
            "group": group,
            "form": form,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
        },
    )


@login_required
def group_list(request, pk: int):  # type: ignore[no-untyped-def]
    """Groups of a center as Excel (the page shows them on the center page)."""
    center = _center(request, pk)
    groups = center.groups.select_related("head").annotate(n=Count("members")).order_by(persian("name"), "pk")
    return export.xlsx_response(
        request,
        f"groups-{center.pk}",
        ["نام گروه", "موضوع", "مسئول", "تعداد اعضا", "تاریخ تشکیل", "فعال"],
        (
            (
                g.name,
                g.get_topic_display(),
                g.head.full_name if g.head else "",
                g.n,
                g.formed_on,
                "بله" if g.is_active else "خیر",
            )
            for g in groups
        ),
        title=f"گروه‌های {center.name}",
    )


CandidateFormSet = formset_factory(CandidateForm, extra=4, max_num=12)


@login_required
def election_create(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk, "change")
    people = _active_people(center)
    form = ElectionForm(request.POST or None)
    initial = [{"office": "secretary"}, {"office": "secretary"}, {"office": "deputy"}, {"office": "deputy"}]
    formset = CandidateFormSet(
        request.POST or None,
        prefix="c",
        initial=None if request.method == "POST" else initial,
        form_kwargs={"people": people},
    )
    if request.method == "POST" and formset.is_valid():
        candidates = [
            {
                "person": f.cleaned_data["person"],
                "office": f.cleaned_data["office"],
                "votes": f.cleaned_data.get("votes") or 0,
            }
            for f in formset
            if f.cleaned_data.get("person")
        ]
        if not form.is_valid():
            # the candidates' problems (ties, votes over the voters...) now, not on a second submit
            data = form.cleaned_data
            problems = services.election_problems(
                center=center,
                candidates=candidates,
                held_on=data.get("held_on"),
                voters=data.get("voters"),
                term_months=data.get("term_months"),
            )
            add_errors(form, ValidationError({k: v for k, v in problems.items() if k not in form.errors}))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.election_record(
                actor=request.user, center=center, candidates=candidates, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "نتیجهٔ انتخابات ثبت شد؛ دبیر و جانشین تازه معرفی شدند.")
            return redirect("centers:center_detail", pk=center.pk)
    return render(
        request,
        "centers/election_form.html",
        {
            "center": center,
            "form": form,
            "formset": formset,
            "no_members": not people.exists(),
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
        },
    )


@login_required
def election_list(request, pk: int):  # type: ignore[no-untyped-def]
    center = _center(request, pk)
    elections = Election.objects.filter(center=center).prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("person"))
    )
    holders = (
        OfficeHolder.objects.filter(center=center).select_related("person").order_by("-started_on", "office")
    )
    if _wants_excel(request):
        return export.xlsx_response(
            request,
            f"elections-{center.pk}",
            ["تاریخ", "رأی‌دهندگان", "سمت", "نامزد", "آرا", "برگزیده"],
            (
                (
                    e.held_on,
                    e.voters,
                    c.get_office_display(),
                    c.person.full_name,
                    c.votes,
                    "بله" if c.elected else "",
                )
                for e in elections
                for c in e.candidates.all()
            ),
            title=f"انتخابات {center.name}",
        )
    return render(
        request,
        "centers/election_list.html",
        {
            "center": center,
            "elections": elections,
            "holders": holders,
            "crumbs": breadcrumbs(center.unit, request.user) + [(center.unit, True)],
            "can_change": scope.can(request.user, "change", center),
        },
    )


# ----------------------------------------------------------------------------------------
# People
# ----------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------
# Dashboard
# ----------------------------------------------------------------------------------------


@login_required
def dashboard_home(request):  # type: ignore[no-untyped-def]
    roots = list(unit_roots(request.user).order_by("path")[:1])
    if not roots:
        raise PermissionDenied("برای شما واحدی تعریف نشده است.")
    return redirect("centers:dashboard", unit_pk=roots[0].pk)


@login_required
def dashboard(request, unit_pk: int):  # type: ignore[no-untyped-def]
    unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=unit_pk)
    days = request.GET.get("days", "")
    days_value = int(days) if days.isdigit() and 0 < int(days) < 3650 else None
    d = selectors.unit_dashboard(unit=unit, stalled_days=days_value)
    if _wants_excel(request):
        return export.xlsx_response(
            request,
            f"dashboard-{unit.pk}",
            ["واحد", "کل کانون‌ها", "فعال", "متوقف"],
            ((r["unit"].name, r["total"], r["active"], r["stalled"]) for r in d.children),
            title=f"کانون‌ها در {unit.title}",
        )
    gender_rows = [
        ("female", "زن", d.by_gender.get("female", 0)),
        ("male", "مرد", d.by_gender.get("male", 0)),
    ]
    peak = max([r["members"] for r in d.trend] + [1])
    return render(
        request,
        "centers/dashboard.html",
        {
            "d": d,
            "unit": unit,
            "crumbs": breadcrumbs(unit, request.user),
            "statuses": CenterStatus.choices,
            "gender_rows": gender_rows,
            "peak": peak,
            "phases": dict(Phase.objects.values_list("number", "title")),
        },
    )


# ----------------------------------------------------------------------------------------
# The establishment catalog (national admin)
# ----------------------------------------------------------------------------------------


CATALOG_COLUMNS = [
    export.Column("مرحله", lambda r: f"{formats.number(r[0].number)}. {r[0].title}"),
    export.Column("راهبرد", lambda r: f"{formats.number(r[1].number)}. {r[1].title}"),
    export.Column("کد اقدام", lambda r: r[2].code, "text"),
    export.Column("اقدام", lambda r: r[2].title),
    export.Column("تکمیل خودکار", lambda r: r[2].get_auto_rule_display() if r[2].auto_rule else ""),
    export.Column("فعال", lambda r: r[2].is_active, "bool"),
]


@login_required
def catalog(request):  # type: ignore[no-untyped-def]
    can_edit = services.is_national_admin(request.user)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("فهرست اقدامات استقرار را فقط مدیر ملی تغییر می‌دهد.")
        try:
            if request.POST.get("action_pk"):
                action = EstablishmentAction.objects.filter(pk=request.POST["action_pk"]).first()
                if action is None:
                    raise Http404("پیدا نشد.")
                services.catalog_action_update(
                    actor=request.user,
                    action=action,
                    title=request.POST.get("title", action.title).strip(),
                    auto_rule=request.POST.get("auto_rule", ""),
                    is_active=request.POST.get("is_active") == "on",
                )
                messages.success(
                    request, f"اقدام {action.code} ذخیره شد؛ پیشرفت کانون‌ها دوباره محاسبه می‌شود."
                )
            else:
                from .models import Strategy

                strategy = Strategy.objects.filter(pk=request.POST.get("strategy_pk")).first()
                if strategy is None:
                    raise Http404("پیدا نشد.")
                services.catalog_action_create(
                    actor=request.user,
                    strategy=strategy,
                    code=request.POST.get("code", ""),
                    title=request.POST.get("title", "").strip(),
                )
                messages.success(request, "اقدام تازه افزوده شد.")
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        return redirect("centers:catalog")
    from .models import AutoRule

    if export.wanted(request):
        rows = [
            (phase, strategy, action)
            for phase in services.catalog_phases()
            for strategy in phase.strategies.all()
            for action in strategy.actions.all()
        ]
        return export.xlsx_response(request, "catalog", CATALOG_COLUMNS, rows, title="مدل استقرار کانون")
    return render(
        request,
        "centers/catalog.html",
        {"phases": services.catalog_phases(), "can_edit": can_edit, "rules": AutoRule.choices},
    )


# ----------------------------------------------------------------------------------------
# Public side (no login)
# ----------------------------------------------------------------------------------------


def public_finder(request):  # type: ignore[no-untyped-def]
    form = FinderForm(request.GET or None)
    qs = Center.objects.filter(is_public=True, status__in=selectors.PUBLIC_STATUSES).select_related(
        "unit", "unit__parent"
    )
    searched = False
    if form.is_valid():
        data = form.cleaned_data
        area = data.get("county") or data.get("province")
        if area:
            qs = qs.filter(unit__path__startswith=area.path)
            searched = True
        if data.get("q"):
            from kanoon.core.text import search_key

            for word in search_key(data["q"]).split():
                qs = qs.filter(Q(name_key__contains=word) | Q(unit__name_key__contains=word))
            searched = True
    page = Paginator(qs.order_by(persian("name"), "pk"), 30).get_page(request.GET.get("page"))
    labels = selectors.unit_labels([c.unit for c in page.object_list])
    return render(
        request,
        "centers/public_finder.html",
        {"form": form, "page": page, "labels": labels, "searched": searched},
    )


def public_center(request, pk: int):  # type: ignore[no-untyped-def]
    center = (
        Center.objects.filter(pk=pk, is_public=True, status__in=selectors.PUBLIC_STATUSES)
        .select_related("unit")
        .first()
    )
    if center is None:
        raise Http404("این کانون پیدا نشد.")
    form = SignupForm(request.POST or None)
    done = request.GET.get("done") == "1"
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            return redirect(reverse("centers_public:center", args=[center.pk]) + "?done=1")
        data = dict(form.cleaned_data)
        data.pop("website", None)
        try:
            services.volunteer_signup(center=center, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect(reverse("centers_public:center", args=[center.pk]) + "?done=1")
    groups = center.groups.filter(is_active=True).order_by(persian("name"), "pk")
    holders = services.current_holders(center)
    return render(
        request,
        "centers/public_center.html",
        {
            "center": center,
            "form": form,
            "done": done,
            "groups": groups,
            "secretary": holders.get("secretary"),
            "labels": selectors.unit_labels([center.unit]),
        },
    )
