"""Pages of the assemblies app: thin — parse the form, call a service or a selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kanoon.core import export, jalali, scope
from kanoon.core.formats import number
from kanoon.core.forms import add_errors
from kanoon.core.history import Related, history_entries
from kanoon.core.text import search_key, to_latin_digits
from kanoon.geo.models import Unit
from kanoon.meetings.views import (
    CALENDAR_COLUMNS,
    calendar_meetings,
    meeting_page_context,
    perform_meeting_action,
    schedule_from_form,
)
from kanoon.notifications import views as notification_views

from . import forms, home, selectors, services
from .models import (
    ACTIVE_STATUSES,
    SUPREME_COUNCIL,
    Assembly,
    Level,
    Meeting,
    MeetingStatus,
    Policy,
    PolicyDelivery,
    Problem,
    ProblemStatus,
    Seat,
    SeatTerm,
)


def _flash_errors(request, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    for error in exc.messages:
        messages.error(request, error)


def _assembly(request, pk: int, action: str = "view") -> Assembly:  # type: ignore[no-untyped-def]
    qs = Assembly.objects.select_related("unit", "parent__unit", "center")
    return scope.get_for_action(request.user, qs, action, pk=pk)


def _assembly_seats():  # type: ignore[no-untyped-def]
    """Seats of health assemblies (a working group's seat is not reached from these pages)."""
    return Seat.objects.filter(body__assembly__isnull=False).select_related("body__assembly__unit")


def _assembly_meetings():  # type: ignore[no-untyped-def]
    return Meeting.objects.filter(body__assembly__isnull=False).select_related("body__assembly__unit")


def _can_edit(request, assembly: Assembly) -> bool:  # type: ignore[no-untyped-def]
    return scope.path_in_scope(request.user, Assembly, "change", assembly.unit.path)


def _crumbs(assembly: Assembly, user: Any = None) -> list[tuple[str, str | None]]:
    """The assemblies above, linked only where the user may open them."""
    chain = []
    node = assembly.parent
    seen = 0
    while node is not None and seen < 4:
        reachable = user is None or scope.path_in_scope(user, Assembly, "view", node.unit.path)
        chain.append(
            (node.name, reverse("assemblies:assembly_detail", args=[node.pk]) if reachable else None)
        )
        node = node.parent
        seen += 1
    return [("مجامع سلامت", reverse("assemblies:assembly_list")), *reversed(chain)]


# ---- assemblies ------------------------------------------------------------------------------


ASSEMBLY_COLUMNS = [
    export.Column("مجمع", "name"),
    export.Column("سطح", "level", "choice"),
    export.Column("محدوده", "unit.title"),
    export.Column("مجمع بالادست", "parent.name"),
    export.Column("کرسی‌های پر", "filled_count", "number"),
    export.Column("کرسی‌ها", "seat_count", "number"),
    export.Column("مسائل باز", "open_problems", "number"),
    export.Column("فعال", "is_active", "bool"),
]


@login_required
def assembly_list(request):  # type: ignore[no-untyped-def]
    qs = selectors.assembly_list(request.user).order_by("unit__path", "pk")
    level = request.GET.get("level", "")
    if level in Level.values:
        qs = qs.filter(level=level)
    q = request.GET.get("q", "").strip()
    if q:
        for word in search_key(q).split():
            qs = qs.filter(Q(unit__name_key__contains=word) | Q(name__icontains=word))
    if export.wanted(request):
        filters = {"level": ("سطح", dict(Level.choices)), "q": "جستجو"}
        return export.xlsx_response(
            request, "assemblies", ASSEMBLY_COLUMNS, qs, title="مجامع سلامت", filters=filters
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    can_add = scope.scope_paths(request.user, Assembly, "add") != []
    return render(
        request,
        "assemblies/assembly_list.html",
        {"page": page, "level": level, "q": q, "levels": Level.choices, "can_add": can_add},
    )


@login_required
def assembly_create(request):  # type: ignore[no-untyped-def]
    if scope.scope_paths(request.user, Assembly, "add") == []:
        raise PermissionDenied("تشکیل مجمع برای نقش شما نیست.")
    # «تشکیل مجمع» on a unit's page comes with ?level=&unit= (or &center=) filled in
    initial = {k: request.GET[k] for k in ("level", "unit", "center") if request.GET.get(k)}
    form = forms.AssemblyCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assembly = services.assembly_create(
                actor=request.user,
                level=data["level"],
                unit=data["unit"],
                center=data.get("center") if data["level"] == Level.NEIGHBORHOOD else None,
                name=data.get("name", ""),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{assembly.name} تشکیل شد.")
            return redirect("assemblies:assembly_detail", pk=assembly.pk)
    picked = form["unit"].value()
    picked_label = (
        Unit.objects.restrict(request.user, "view").filter(pk=picked).values_list("name", flat=True).first()
        if str(picked or "").isdigit()
        else ""
    )
    return render(request, "assemblies/assembly_form.html", {"form": form, "picked_label": picked_label})


@login_required
def assembly_detail(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    today = jalali.today()
    children = list(
        assembly.children.filter(is_active=True).select_related("unit").order_by("unit__path")[:200]
    )
    upcoming = assembly.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at")[:8]
    deliveries = assembly.policy_deliveries.select_related("policy__issuer").order_by(
        "acknowledged_at", "-delivered_at"
    )[:10]
    return render(
        request,
        "assemblies/assembly_detail.html",
        {
            "assembly": assembly,
            "crumbs": _crumbs(assembly, request.user),
            "groups": selectors.composition(assembly, today),
            "children": children,
            "meetings": upcoming,
            "incoming": selectors.incoming_referrals(assembly),
            "overdue": selectors.overdue_problems(assembly, today),
            "referred_up": selectors.problems_referred_up(assembly)[:20],
            "deliveries": deliveries,
            "issued": assembly.issued_policies.order_by("-issued_at")[:10]
            if assembly.can_issue_policies
            else [],
            "can_edit": _can_edit(request, assembly),
            "can_issue": assembly.can_issue_policies
            and scope.path_in_scope(request.user, Policy, "add", assembly.unit.path),
            "quarter": jalali.Quarter.current(),
            "history": history_entries(
                assembly,
                limit=20,
                request=request,
                related=[  # its seats and who held them, with its own
                    Related(Seat.objects.filter(body_id=assembly.body_id).select_related("body")),
                    Related(
                        SeatTerm.objects.filter(seat__body_id=assembly.body_id).select_related(
                            "person", "seat__body"
                        )
                    ),
                ],
            ),
        },
    )


@login_required
def assembly_edit(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk, "change")
    form = forms.AssemblySettingsForm(request.POST or None, instance=assembly)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_update(
                actor=request.user, assembly=_assembly(request, pk, "change"), **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "تنظیمات مجمع ذخیره شد.")
            return redirect("assemblies:assembly_detail", pk=pk)
    return render(
        request, "assemblies/simple_form.html", {"form": form, "assembly": assembly, "title": "تنظیمات مجمع"}
    )


# ---- seats ------------------------------------------------------------------------------------


@login_required
def seat_add(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk, "change")
    form = forms.SeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.seat_create(actor=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"کرسی «{seat.label}» افزوده شد.")
            return redirect("assemblies:assembly_detail", pk=pk)
    return render(
        request, "assemblies/simple_form.html", {"form": form, "assembly": assembly, "title": "افزودن کرسی"}
    )


@login_required
def seat_assign(request, pk: int):  # type: ignore[no-untyped-def]
    seat = scope.get_for_action(request.user, _assembly_seats(), "change", pk=pk)
    form = forms.SeatAssignForm(
        request.POST or None, user=request.user, unit=seat.body.unit, initial={"start_date": jalali.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = services.seat_assign(actor=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"کرسی «{seat.label}» به {term.person} سپرده شد.")
            return redirect("assemblies:assembly_detail", pk=seat.assembly.pk)
    terms = seat.terms.select_related("person").order_by("-start_date")
    return render(
        request,
        "assemblies/simple_form.html",
        {"form": form, "assembly": seat.assembly, "title": f"سپردن کرسی «{seat.label}»", "terms": terms},
    )


@login_required
def term_end(request, pk: int):  # type: ignore[no-untyped-def]
    term = scope.get_for_action(
        request.user,
        SeatTerm.objects.filter(seat__body__assembly__isnull=False).select_related(
            "seat__body__assembly__unit", "person"
        ),
        "change",
        pk=pk,
    )
    form = forms.TermEndForm(request.POST or None, initial={"ended_on": jalali.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_term_end(actor=request.user, term=term, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"دورهٔ {term.person} در کرسی «{term.seat.label}» پایان یافت.")
            return redirect("assemblies:assembly_detail", pk=term.seat.assembly.pk)
    return render(
        request,
        "assemblies/simple_form.html",
        {
            "form": form,
            "assembly": term.seat.assembly,
            "title": f"پایان دورهٔ {term.person} — {term.seat.label}",
        },
    )


# ---- meetings ---------------------------------------------------------------------------------


@login_required
def meeting_create(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    if not scope.path_in_scope(request.user, Meeting, "add", assembly.unit.path):
        raise PermissionDenied("شما اجازهٔ برنامه‌ریزی جلسه برای این مجمع را ندارید.")
    form = forms.MeetingForm(request.POST or None, initial={"quorum_percent": assembly.quorum_percent})
    if request.method == "POST" and form.is_valid():
        meeting = schedule_from_form(request, form, services.meeting_schedule, assembly=assembly)
        if meeting is not None:
            return redirect("assemblies:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "assemblies/simple_form.html",
        {"form": form, "assembly": assembly, "title": "برنامه‌ریزی جلسه"},
    )


def _meeting(request, pk: int) -> Meeting:  # type: ignore[no-untyped-def]
    return scope.get_for_action(
        request.user, _assembly_meetings().select_related("body__assembly__parent"), "view", pk=pk
    )


@login_required
def meeting_detail(request, pk: int):  # type: ignore[no-untyped-def]
    meeting = _meeting(request, pk)
    crumbs = _crumbs(meeting.assembly, request.user) + [
        (meeting.assembly.name, reverse("assemblies:assembly_detail", args=[meeting.assembly.pk]))
    ]
    context = meeting_page_context(
        request,
        meeting,
        crumbs=crumbs,
        url_ns="assemblies",
        assembly=meeting.assembly,
        problem_type=ContentType.objects.get_for_model(Problem).pk,
    )
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_POST
def meeting_action(request, pk: int, action: str):  # type: ignore[no-untyped-def]
    meeting = scope.get_for_action(request.user, _assembly_meetings(), "change", pk=pk)
    perform_meeting_action(request, meeting, action)
    return redirect("assemblies:meeting_detail", pk=pk)


@login_required
def meeting_pdf(request, pk: int):  # type: ignore[no-untyped-def]
    from .pdf import minutes_pdf

    meeting = _meeting(request, pk)
    if meeting.status != MeetingStatus.HELD:
        messages.error(request, "صورت‌جلسه هنوز ثبت نشده است.")
        return redirect("assemblies:meeting_detail", pk=pk)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def calendar(request):  # type: ignore[no-untyped-def]
    from kanoon.geo.selectors import unit_roots

    unit_id = request.GET.get("unit")
    if unit_id:
        unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=unit_id)
    else:
        unit = unit_roots(request.user).order_by("path").first()
        if unit is None:
            raise PermissionDenied("محدوده‌ای به شما سپرده نشده است.")
    today = jalali.to_jalali(jalali.today())
    try:
        year, month = (int(x) for x in to_latin_digits(request.GET.get("month", "")).split("-"))
        if not 1 <= month <= 12 or not 1300 <= year <= 1500:
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
    next_m = (year + 1, 1) if month == 12 else (year, month + 1)
    if export.wanted(request):
        month_label = f"{jalali.MONTHS[month - 1]} {jalali.to_persian_digits(year)}"
        if request.GET.get("upcoming") == "1":
            rows = home.upcoming_meetings(request.user).select_related("body").order_by("starts_at", "pk")
            title = "جلسه‌های پیش‌روی مجامع"
        else:
            rows = calendar_meetings(selectors.meeting_calendar(request.user, unit, year, month))
            title = f"جلسه‌های مجامع {unit.title} — {month_label}"
        return export.xlsx_response(
            request, "assembly-meetings", CALENDAR_COLUMNS, rows, title=title, filters=[]
        )
    return render(
        request,
        "assemblies/calendar.html",
        {
            "unit": unit,
            "weeks": selectors.meeting_calendar(request.user, unit, year, month),
            "month_label": f"{jalali.MONTHS[month - 1]} {jalali.to_persian_digits(year)}",
            "prev": f"{prev_m[0]}-{prev_m[1]}",
            "next": f"{next_m[0]}-{next_m[1]}",
            "weekdays": jalali.WEEKDAYS,
            # ?upcoming=1 (the home card «جلسهٔ پیش‌رو در مجامع»): every one of them, as a list
            "upcoming": home.upcoming_meetings(request.user)
            .select_related("body")
            .order_by("starts_at", "pk")
            if request.GET.get("upcoming") == "1"
            else None,
        },
    )


# ---- problems ---------------------------------------------------------------------------------


PROBLEM_COLUMNS = [
    export.Column("مسئله", "title"),
    export.Column("موضوع", "topic", "choice"),
    export.Column("اکنون در", "assembly.name"),
    export.Column("ثبت در", "origin.name"),
    export.Column("مهلت", "due_date", "date"),
    export.Column("وضعیت", "status", "choice"),
    export.Column("امتیاز (از ۱۰۰)", "score", "number"),
    export.Column("تاریخ ثبت", "created_at", "date"),
]


@login_required
def problem_list(request):  # type: ignore[no-untyped-def]
    """Every problem the user can see: where it is now, where it came from, its deadline."""
    qs = (
        selectors.problem_visible(request.user)
        .select_related("assembly", "origin")
        .order_by(F("due_date").asc(nulls_last=True), "-created_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ProblemStatus.values:
        qs = qs.filter(status=status)
    level = request.GET.get("level", "")
    if level in Level.values:
        qs = qs.filter(assembly__level=level)
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.filter(status__in=ACTIVE_STATUSES, due_date__lt=jalali.today())
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    # ?open=1: not closed; ?within=<unit>: held by an assembly there or below; ?awaiting=1: held
    # by the assemblies the user acts for (the home card «… در انتظار تصمیم شما»).
    is_open = request.GET.get("open") == "1"
    if is_open:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    within = None
    if request.GET.get("within", "").isdigit():
        within = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=request.GET["within"])
        qs = qs.filter(assembly__unit__path__startswith=within.path)
    awaiting = request.GET.get("awaiting") == "1"
    if awaiting:
        qs = qs.filter(assembly__unit__path__in=home.held_paths(request.user, Problem))
    if export.wanted(request):
        filters = {
            "status": ("وضعیت", dict(ProblemStatus.choices)),
            "level": ("سطح مجمع فعلی", dict(Level.choices)),
            "overdue": ("فقط گذشته از مهلت", {"1": "بله"}),
            "open": ("فقط باز", {"1": "بله"}),
            "within": ("محدوده", {str(within.pk): within.title} if within else {}),
            "awaiting": ("در انتظار تصمیم شما", {"1": "بله"}),
            "q": "عنوان",
        }
        return export.xlsx_response(
            request, "problems", PROBLEM_COLUMNS, qs, title="مسائل مجامع", filters=filters
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assemblies/problem_list.html",
        {
            "page": page,
            "status": status,
            "level": level,
            "overdue": overdue,
            "is_open": is_open,
            "within": within,
            "awaiting": awaiting,
            "q": q,
            "statuses": ProblemStatus.choices,
            "levels": Level.choices,
        },
    )


@login_required
def problem_create(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    if not scope.path_in_scope(request.user, Problem, "add", assembly.unit.path):
        raise PermissionDenied("شما اجازهٔ ثبت مسئله در این مجمع را ندارید.")
    form = forms.ProblemForm(request.POST or None, assembly=assembly, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_register(actor=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "مسئله ثبت شد.")
            return redirect("assemblies:problem_detail", pk=problem.pk)
    return render(
        request, "assemblies/simple_form.html", {"form": form, "assembly": assembly, "title": "ثبت مسئله"}
    )


def _problem(request, pk: int) -> Problem:  # type: ignore[no-untyped-def]
    qs = Problem.objects.select_related("assembly__unit", "assembly__parent", "origin__unit")
    return scope.get_for_action(request.user, qs, "view", pk=pk)


@login_required
def problem_detail(request, pk: int):  # type: ignore[no-untyped-def]
    problem = _problem(request, pk)
    can_act = selectors.can_act_on_problem(request.user, problem)
    holder = problem.assembly
    quarter = jalali.Quarter.current()
    criteria = list(holder.criteria.filter(is_active=True))
    scores = {s.criterion_id: s.value for s in problem.scores.filter(criterion__in=criteria)}
    voters = selectors.votes_by_person(problem, quarter)
    members = selectors.current_terms(holder, jalali.today()) if can_act else []
    return render(
        request,
        "assemblies/problem_detail.html",
        {
            "problem": problem,
            "assembly": holder,
            "crumbs": _crumbs(holder, request.user)
            + [
                (
                    holder.name,
                    reverse("assemblies:assembly_detail", args=[holder.pk])
                    if scope.path_in_scope(request.user, Assembly, "view", holder.unit.path)
                    else None,
                )
            ],
            "trail": problem.steps.select_related("from_assembly", "to_assembly", "actor"),
            "can_act": can_act,
            "is_referred": problem.status == ProblemStatus.REFERRED,
            "can_refer": can_act and (holder.parent_id is not None or holder.level == Level.NATIONAL),
            "is_national": holder.level == Level.NATIONAL,
            "council": SUPREME_COUNCIL,
            "refer_form": forms.ReferForm(),
            "accept_form": forms.AcceptForm(),
            "return_form": forms.ReturnForm(),
            "resolve_form": forms.ResolveForm(),
            "criteria": [(c, scores.get(c.pk)) for c in criteria],
            "quarter": quarter,
            "members": [(t, t.person_id in voters) for t in members],
            "vote_count": len(voters),
            "history": history_entries(problem, limit=20, request=request),
        },
    )


@login_required
@require_POST
def problem_action(request, pk: int, action: str):  # type: ignore[no-untyped-def]
    problem = _problem(request, pk)
    if not scope.path_in_scope(request.user, Problem, "change", problem.assembly.unit.path):
        raise PermissionDenied("این مسئله اکنون در مجمع دیگری است؛ فقط پیگیری آن برای شما ممکن است.")
    handlers: dict[str, tuple[Any, Any, str]] = {
        "refer": (forms.ReferForm, services.problem_refer, "مسئله ارجاع شد."),
        "accept": (forms.AcceptForm, services.problem_accept, "مسئله پذیرفته شد."),
        "return": (forms.ReturnForm, services.problem_return, "مسئله با راهنمایی بازگردانده شد."),
        "resolve": (forms.ResolveForm, services.problem_resolve, "مسئله حل‌شده ثبت شد."),
    }
    try:
        if action in handlers:
            form_class, service, done = handlers[action]
            form = form_class(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in ("note",)}
            service(actor=request.user, problem=problem, **data)
            messages.success(request, done)
        elif action == "score":
            values = {
                key.removeprefix("c-"): value
                for key, value in request.POST.items()
                if key.startswith("c-") and value
            }
            services.problem_score(actor=request.user, problem=problem, values=values)
            messages.success(request, "امتیازها ثبت شد.")
        elif action == "vote":
            person = (
                SeatTerm.objects.filter(
                    seat__body=problem.assembly.body_id, person_id=request.POST.get("person") or 0
                )
                .select_related("person")
                .first()
            )
            if person is None:
                raise ValidationError("عضو انتخاب‌شده در این مجمع کرسی ندارد.")
            services.problem_vote(actor=request.user, problem=problem, person=person.person)
            messages.success(request, f"رأی {person.person} ثبت شد.")
        else:
            raise Http404("پیدا نشد.")
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("assemblies:problem_detail", pk=pk)


PRIORITY_COLUMNS = [
    export.Column("رتبه", "rank", "number"),
    export.Column("مسئله", "problem.title"),
    export.Column("ثبت در", "problem.origin.name"),
    export.Column("موضوع", "problem.topic", "choice"),
    export.Column("امتیاز (از ۱۰۰)", "problem.score", "number"),
    export.Column("رأی", "votes", "number"),
    export.Column("وضعیت", "problem.status", "choice"),
]


@login_required
def priorities(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    try:
        quarter = (
            jalali.Quarter.parse(request.GET["period"])
            if request.GET.get("period")
            else jalali.Quarter.current()
        )
    except jalali.JalaliError:
        quarter = jalali.Quarter.current()
    order = "votes" if request.GET.get("order") == "votes" else "score"
    ranked = selectors.ranked_problems(assembly, quarter, order)
    if export.wanted(request):
        return export.xlsx_response(
            request,
            f"priorities-{assembly.pk}",
            PRIORITY_COLUMNS,
            ranked,
            title=f"اولویت‌های {assembly.name} — {quarter.label}",
            filters=[("ترتیب", "رأی اعضا" if order == "votes" else "امتیاز ماتریس")],
        )
    return render(
        request,
        "assemblies/priorities.html",
        {
            "assembly": assembly,
            "crumbs": _crumbs(assembly, request.user)
            + [(assembly.name, reverse("assemblies:assembly_detail", args=[assembly.pk]))],
            "ranked": ranked,
            "referred_up": selectors.problems_referred_up(assembly),
            "quarter": quarter,
            "prev": quarter.previous(),
            "next": quarter.next(),
            "order": order,
            "criteria": assembly.criteria.filter(is_active=True),
            "can_add": scope.path_in_scope(request.user, Problem, "add", assembly.unit.path),
        },
    )


@login_required
def criteria(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    can_edit = _can_edit(request, assembly)
    form = forms.CriterionForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("شما اجازهٔ تغییر ماتریس این مجمع را ندارید.")
        try:
            if "add" in request.POST:
                if form.is_valid():
                    services.criterion_add(actor=request.user, assembly=assembly, **form.cleaned_data)
                    messages.success(request, "معیار افزوده شد.")
                    return redirect("assemblies:criteria", pk=pk)
            else:
                for criterion in assembly.criteria.all():
                    weight = request.POST.get(f"w-{criterion.pk}")
                    active = f"a-{criterion.pk}" in request.POST
                    if weight is not None:
                        services.criterion_update(
                            actor=request.user,
                            criterion=criterion,
                            weight=int(to_latin_digits(weight) or 0),
                            is_active=active,
                        )
                messages.success(request, "وزن معیارها ذخیره شد؛ امتیاز مسائل باز دوباره حساب شد.")
                return redirect("assemblies:criteria", pk=pk)
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                _flash_errors(request, exc)
            else:
                messages.error(request, "وزن باید عددی بین ۰ تا ۱۰ باشد.")
    return render(
        request,
        "assemblies/criteria.html",
        {
            "assembly": assembly,
            "crumbs": _crumbs(assembly, request.user)
            + [(assembly.name, reverse("assemblies:assembly_detail", args=[assembly.pk]))],
            "criteria": assembly.criteria.all(),
            "form": form,
            "can_edit": can_edit,
        },
    )


# ---- policies ---------------------------------------------------------------------------------


POLICY_COLUMNS = [
    export.Column("سیاست", "title"),
    export.Column("مجمع تصویب‌کننده", "issuer.name"),
    export.Column("تاریخ تصویب", "approved_on", "date"),
    export.Column("تأیید وصول", "acknowledged", "number"),
    export.Column("ابلاغ‌شده به", "delivered", "number"),
    export.Column("معتبر", "is_active", "bool"),
]


@login_required
def policy_list(request):  # type: ignore[no-untyped-def]
    qs = selectors.policy_list(request.user).order_by("-issued_at", "-pk")
    if export.wanted(request):
        return export.xlsx_response(request, "policies", POLICY_COLUMNS, qs, title="سیاست‌های ابلاغی")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "assemblies/policy_list.html", {"page": page})


@login_required
def policy_create(request, pk: int):  # type: ignore[no-untyped-def]
    assembly = _assembly(request, pk)
    if not assembly.can_issue_policies or not scope.path_in_scope(
        request.user, Policy, "add", assembly.unit.path
    ):
        raise PermissionDenied("ابلاغ سیاست از این مجمع برای شما ممکن نیست.")
    form = forms.PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_issue(actor=request.user, issuer=assembly, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"سیاست به {number(policy.deliveries.count())} مجمع پایین‌دست ابلاغ شد.")
            return redirect("assemblies:policy_detail", pk=policy.pk)
    return render(
        request,
        "assemblies/simple_form.html",
        {"form": form, "assembly": assembly, "title": "تصویب و ابلاغ سیاست"},
    )


@login_required
def policy_detail(request, pk: int):  # type: ignore[no-untyped-def]
    policy = scope.get_for_action(request.user, Policy.objects.select_related("issuer__unit"), "view", pk=pk)
    is_issuer_side = scope.path_in_scope(request.user, Policy, "view", policy.issuer.unit.path)
    mine = services.deliveries_for_actor(request.user, policy)
    visible = PolicyDelivery.objects.restrict(request.user, "view").filter(policy=policy)
    return render(
        request,
        "assemblies/policy_detail.html",
        {
            "policy": policy,
            "history": history_entries(
                policy,
                limit=20,
                request=request,
                related=[  # its deliveries, with its own
                    Related(visible.select_related("assembly"), lambda d: d.assembly.name)
                ],
            ),
            "coverage": selectors.policy_coverage(policy, request.user) if is_issuer_side else None,
            "deliveries": visible.select_related("assembly__unit", "acknowledged_by").order_by(
                "assembly__unit__path"
            ),
            "mine": mine,
            "form": forms.AcknowledgeForm(),
            "can_withdraw": policy.is_active
            and scope.path_in_scope(request.user, Policy, "change", policy.issuer.unit.path),
        },
    )


@login_required
@require_POST
def policy_acknowledge(request, pk: int, delivery_pk: int):  # type: ignore[no-untyped-def]
    policy = scope.get_for_action(request.user, Policy.objects.all(), "view", pk=pk)
    delivery = scope.get_for_action(
        request.user,
        PolicyDelivery.objects.filter(policy=policy).select_related("assembly__unit", "policy"),
        "change",
        pk=delivery_pk,
    )
    form = forms.AcknowledgeForm(request.POST)
    form.is_valid()
    try:
        services.policy_acknowledge(
            actor=request.user, delivery=delivery, adaptation=form.cleaned_data.get("adaptation", "")
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, f"وصول سیاست برای {delivery.assembly.name} ثبت شد.")
    return redirect("assemblies:policy_detail", pk=pk)


@login_required
@require_POST
def policy_withdraw(request, pk: int):  # type: ignore[no-untyped-def]
    policy = scope.get_for_action(request.user, Policy.objects.select_related("issuer__unit"), "view", pk=pk)
    services.policy_withdraw(actor=request.user, policy=policy)
    messages.success(request, "سیاست از اعتبار افتاد.")
    return redirect("assemblies:policy_detail", pk=pk)


# ---- notifications: moved to kanoon.notifications; the old URLs serve its pages ----------------

notifications = notification_views.inbox
notification_read = notification_views.read
