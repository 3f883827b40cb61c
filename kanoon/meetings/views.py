"""Pages of bodies and meetings: thin — parse the form, call a service or a selector, render.

A body of a kind another app manages (a health assembly) has its pages there: its body page
and its meeting pages here redirect to them; everything else works for any kind."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kanoon.core import export, jalali, scope
from kanoon.core.collation import persian
from kanoon.core.formats import number
from kanoon.core.forms import add_errors
from kanoon.core.history import Related, history_entries
from kanoon.core.text import search_key, to_latin_digits
from kanoon.geo.models import Unit

from . import forms, selectors, services
from .kinds import BodyKind
from .models import Body, Meeting, MeetingStatus, ResolutionStatus, Seat, SeatTerm


def _flash_errors(request, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    for error in exc.messages:
        messages.error(request, error)


def _body(request, pk: int, action: str = "view") -> Body:  # type: ignore[no-untyped-def]
    return scope.get_for_action(request.user, Body.objects.select_related("unit"), action, pk=pk)


def _managed_page(body: Body) -> str | None:
    spec = body.spec
    return spec.page_url(body) if spec.managed_by and spec.page_url else None


def _crumbs(body: Body, user: Any) -> list[tuple[str, str | None]]:
    spec = body.spec
    if spec.crumbs is not None:
        return spec.crumbs(body, user)
    return [
        ("نهادها و جلسه‌ها", reverse("meetings:body_list")),
        (body.name, reverse("meetings:body_detail", args=[body.pk])),
    ]


def _owned(request, body: Body) -> None:  # type: ignore[no-untyped-def]
    """Seats of a managed body are changed from its own app's pages."""
    if body.is_managed:
        raise Http404("پیدا نشد.")


# ---- bodies -----------------------------------------------------------------------------------


BODY_COLUMNS = [
    export.Column("نام", "name"),
    export.Column("نوع", "kind", "choice"),
    export.Column("واحد", "unit.title"),
    export.Column("اعضای فعلی", "filled_count", "number"),
    export.Column("کرسی‌ها", "seat_count", "number"),
    export.Column("جلسهٔ پیش‌رو", "upcoming_meetings", "number"),
    export.Column("مصوبهٔ در انتظار اجرا", "open_resolutions", "number"),
    export.Column("فعال", "is_active", "bool"),
]

# The meetings of a calendar month (or any list of meetings) as an Excel sheet.
CALENDAR_COLUMNS = [
    export.Column("زمان برگزاری", "starts_at", "datetime"),
    export.Column("نهاد", "body.name"),
    export.Column("عنوان", "title"),
    export.Column("مکان", "place"),
    export.Column("وضعیت", "status", "choice"),
]


def calendar_meetings(weeks) -> list[Meeting]:  # type: ignore[no-untyped-def]
    """The meetings shown on a calendar month (`selectors.meeting_calendar`), in order."""
    return [m for week in weeks for day in week for m in day.meetings]


@login_required
def body_list(request):  # type: ignore[no-untyped-def]
    qs = selectors.body_list(request.user).order_by("unit__path", "kind", persian("name"), "pk")
    kind = request.GET.get("kind", "")
    if kind in BodyKind.values:
        qs = qs.filter(kind=kind)
    unit = None
    unit_id = to_latin_digits(request.GET.get("unit", "")).strip()
    if unit_id.isdigit() and len(unit_id) < 19:
        unit = Unit.objects.restrict(request.user, "view").filter(pk=int(unit_id)).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    q = request.GET.get("q", "").strip()
    if q:
        for word in search_key(q).split():
            qs = qs.filter(Q(unit__name_key__contains=word) | Q(name__icontains=word))
    if export.wanted(request):
        filters = {
            "kind": ("نوع", dict(BodyKind.choices)),
            "unit": ("واحد", {str(unit.pk): unit.title} if unit else {}),
            "q": "جستجو",
        }
        return export.xlsx_response(request, "bodies", BODY_COLUMNS, qs, title="نهادها", filters=filters)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/body_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": BodyKind.choices,
            "q": q,
            "unit": unit,
            "can_add": scope.scope_paths(request.user, Body, "add") != [],
        },
    )


@login_required
def body_create(request):  # type: ignore[no-untyped-def]
    if scope.scope_paths(request.user, Body, "add") == []:
        raise PermissionDenied("تشکیل نهاد برای نقش شما نیست.")
    form = forms.BodyForm(
        request.POST or None,
        user=request.user,
        initial={"kind": request.GET.get("kind"), "unit": request.GET.get("unit")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            body = services.body_create(actor=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{body.name} تشکیل شد.")
            return redirect("meetings:body_detail", pk=body.pk)
    picked = form["unit"].value()
    picked_label = (
        Unit.objects.restrict(request.user, "view").filter(pk=picked).values_list("name", flat=True).first()
        if str(picked or "").isdigit() and len(str(picked)) < 19
        else ""
    )
    return render(request, "meetings/body_form.html", {"form": form, "picked_label": picked_label})


@login_required
def body_detail(request, pk: int):  # type: ignore[no-untyped-def]
    body = _body(request, pk)
    page = _managed_page(body)
    if page:
        return redirect(page)
    can_edit = scope.path_in_scope(request.user, Body, "change", body.unit.path)
    return render(
        request,
        "meetings/body_detail.html",
        {
            "body": body,
            "crumbs": _crumbs(body, request.user)[:-1],
            "groups": selectors.composition(body),
            "meetings": body.meetings.order_by("-starts_at")[:12],
            "followup": selectors.resolutions_followup(body)[:30],
            "can_edit": can_edit,
            "can_schedule": body.is_active
            and scope.path_in_scope(request.user, Meeting, "add", body.unit.path),
            "history": history_entries(
                body,
                limit=20,
                request=request,
                related=[  # its seats and who held them, with its own
                    Related(body.seats.select_related("body")),
                    Related(SeatTerm.objects.filter(seat__body=body).select_related("person", "seat__body")),
                ],
            ),
        },
    )


@login_required
def body_edit(request, pk: int):  # type: ignore[no-untyped-def]
    body = _body(request, pk, "change")
    _owned(request, body)
    form = forms.BodySettingsForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=request.user, body=_body(request, pk, "change"), **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "تنظیمات ذخیره شد.")
            return redirect("meetings:body_detail", pk=pk)
    return _form_page(request, form, body, "تنظیمات")


@login_required
@require_POST
def body_active(request, pk: int):  # type: ignore[no-untyped-def]
    body = _body(request, pk, "change")
    _owned(request, body)
    try:
        services.body_update(actor=request.user, body=body, is_active=not body.is_active)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, "فعال شد." if body.is_active else "غیرفعال شد.")
    return redirect("meetings:body_detail", pk=pk)


def _form_page(request, form, body: Body, title: str, terms=None):  # type: ignore[no-untyped-def]
    return render(
        request,
        "meetings/simple_form.html",
        {"form": form, "body": body, "crumbs": _crumbs(body, request.user), "title": title, "terms": terms},
    )


# ---- seats ------------------------------------------------------------------------------------


@login_required
def seat_add(request, pk: int):  # type: ignore[no-untyped-def]
    body = _body(request, pk, "change")
    _owned(request, body)
    form = forms.SeatForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.seat_create(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"جایگاه «{seat.label}» افزوده شد.")
            return redirect("meetings:body_detail", pk=pk)
    return _form_page(request, form, body, "افزودن عضو / کرسی")


@login_required
def seat_assign(request, pk: int):  # type: ignore[no-untyped-def]
    seat = scope.get_for_action(request.user, Seat.objects.select_related("body__unit"), "change", pk=pk)
    _owned(request, seat.body)
    form = forms.SeatAssignForm(
        request.POST or None, user=request.user, unit=seat.body.unit, initial={"start_date": jalali.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            term = services.seat_assign(actor=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"«{seat.label}» به {term.person} سپرده شد.")
            return redirect("meetings:body_detail", pk=seat.body_id)
    terms = seat.terms.select_related("person", "organization").order_by("-start_date")
    return _form_page(request, form, seat.body, f"سپردن «{seat.label}»", terms)


@login_required
def term_end(request, pk: int):  # type: ignore[no-untyped-def]
    term = scope.get_for_action(
        request.user, SeatTerm.objects.select_related("seat__body__unit", "person"), "change", pk=pk
    )
    _owned(request, term.seat.body)
    form = forms.TermEndForm(request.POST or None, initial={"ended_on": jalali.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.term_end(actor=request.user, term=term, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"دورهٔ {term.person} در «{term.seat.label}» پایان یافت.")
            return redirect("meetings:body_detail", pk=term.seat.body_id)
    return _form_page(request, form, term.seat.body, f"پایان دورهٔ {term.person} — {term.seat.label}")


# ---- meetings ---------------------------------------------------------------------------------


@login_required
def meeting_create(request, pk: int):  # type: ignore[no-untyped-def]
    body = _body(request, pk)
    _owned(request, body)
    if not scope.path_in_scope(request.user, Meeting, "add", body.unit.path):
        raise PermissionDenied("شما اجازهٔ برنامه‌ریزی جلسه برای این نهاد را ندارید.")
    form = forms.MeetingForm(request.POST or None, initial={"quorum_percent": body.quorum_percent})
    if request.method == "POST" and form.is_valid():
        meeting = schedule_from_form(request, form, services.meeting_schedule, body=body)
        if meeting is not None:
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return _form_page(request, form, body, "برنامه‌ریزی جلسه")


def schedule_from_form(request, form, schedule, **target) -> Meeting | None:  # type: ignore[no-untyped-def]
    """Schedule a meeting from a valid MeetingForm through `schedule` (this app's service, or an
    app's own wrapper of it) for `target` (body=… or assembly=…); a refusal goes on the form."""
    data = form.cleaned_data
    try:
        meeting = schedule(
            actor=request.user,
            **target,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            online_link=data["online_link"],
            agenda=form.agenda_items(),
            quorum_percent=data["quorum_percent"],
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    if data.get("record_past"):
        messages.success(request, "جلسهٔ برگزارشده ثبت شد. اکنون حضور و غیاب و صورت‌جلسه را ثبت کنید.")
    else:
        messages.success(request, "جلسه برنامه‌ریزی شد. اکنون می‌توانید دعوت‌نامه‌ها را بفرستید.")
    return meeting


def _meeting(request, pk: int, action: str = "view") -> Meeting:  # type: ignore[no-untyped-def]
    return scope.get_for_action(request.user, Meeting.objects.select_related("body__unit"), action, pk=pk)


@login_required
def meeting_detail(request, pk: int):  # type: ignore[no-untyped-def]
    meeting = _meeting(request, pk)
    if meeting.body.is_managed:
        return redirect(services.meeting_url(meeting))
    return render(
        request,
        "meetings/meeting_detail.html",
        meeting_page_context(request, meeting, crumbs=_crumbs(meeting.body, request.user)),
    )


def meeting_page_context(request, meeting: Meeting, *, crumbs, url_ns: str = "meetings", **extra):  # type: ignore[no-untyped-def]
    """What the one meeting page shows, for a meeting of any body; `url_ns` names the app whose
    views its forms and PDF link go to (the assemblies' meeting page uses its own)."""
    return {
        "meeting": meeting,
        "history": history_entries(
            meeting,
            limit=20,
            request=request,
            related=[Related(meeting.agenda.all()), Related(meeting.resolutions.all())],  # with its own
        ),
        "body": meeting.body,
        "crumbs": crumbs,
        "action_url": f"{url_ns}:meeting_action",
        "pdf_url": f"{url_ns}:meeting_pdf",
        "agenda": meeting.agenda.current(),
        "terms": selectors.current_terms(meeting.body, selectors.meeting_day(meeting)),
        "present": set(meeting.attendance.filter(present=True).values_list("person_id", flat=True)),
        "absent": set(meeting.attendance.filter(present=False).values_list("person_id", flat=True)),
        "invited": set(meeting.invitations.values_list("person_id", flat=True)),
        "quorum": selectors.meeting_quorum(meeting),
        "resolutions": meeting.resolutions.all(),
        "can_edit": scope.path_in_scope(request.user, Meeting, "change", meeting.body.unit.path),
        "minutes_form": forms.MinutesForm(initial={"minutes": meeting.minutes}),
        "resolution_form": forms.ResolutionForm(),
        "status_choices": ResolutionStatus.choices,
        "is_past": meeting.starts_at <= timezone.now(),
        **extra,
    }


@login_required
@require_POST
def meeting_action(request, pk: int, action: str):  # type: ignore[no-untyped-def]
    meeting = _meeting(request, pk, "change")
    perform_meeting_action(request, meeting, action)
    return redirect(services.meeting_url(meeting))


ATTENDANCE_UNCHOSEN = "برای هر عضو «حاضر» یا «غایب» را برگزینید؛ انتخاب نشده: {names}. چیزی ثبت نشد."


def attendance_choices(post, meeting: Meeting) -> list[str]:  # type: ignore[no-untyped-def]
    """The attendance form: one explicit «حاضر»/«غایب» per seat holder (`att_<person id>` =
    present/absent), nobody taken as absent by default; the ids marked present. A post without
    any `att_` field is a script's `present` list (the API's shape)."""
    if not any(key.startswith("att_") for key in post):
        return post.getlist("present")
    terms = selectors.current_terms(meeting.body, selectors.meeting_day(meeting))
    unchosen = [t for t in terms if post.get(f"att_{t.person_id}") not in ("present", "absent")]
    if unchosen:
        names = "، ".join(str(t.person) for t in unchosen)
        raise ValidationError({"present": ATTENDANCE_UNCHOSEN.format(names=names)})
    return [str(t.person_id) for t in terms if post.get(f"att_{t.person_id}") == "present"]


def perform_meeting_action(request, meeting: Meeting, action: str) -> None:  # type: ignore[no-untyped-def]
    """One posted action on a meeting the caller may change (any body's: the assemblies' meeting
    page posts here too). Errors are flashed in Persian; an unknown action is a 404."""
    try:
        if action == "invite":
            invited = services.meeting_invite(actor=request.user, meeting=meeting)
            messages.success(request, f"{number(len(invited))} دعوت‌نامه فرستاده شد.")
        elif action == "attendance":
            quorum = services.meeting_record_attendance(
                actor=request.user, meeting=meeting, present=attendance_choices(request.POST, meeting)
            )
            state = "رسید" if quorum.met else "نرسید"
            messages.success(
                request,
                f"حضور و غیاب ثبت شد: {number(quorum.present)} از {number(quorum.members)} نفر؛ حد نصاب {state}.",
            )
        elif action == "minutes":
            form = forms.MinutesForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"minutes": "متن صورت‌جلسه را وارد کنید."})
            services.meeting_record_minutes(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, "صورت‌جلسه ثبت شد.")
        elif action == "resolution":
            form = forms.ResolutionForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.resolution_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, "مصوبه ثبت شد.")
        elif action == "resolution-status":
            raw = to_latin_digits(request.POST.get("resolution", "")).strip()
            resolution = (
                meeting.resolutions.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
            )
            form = forms.ResolutionStatusForm(request.POST)
            if resolution is None or not form.is_valid():
                raise ValidationError("مصوبه یا وضعیت نامعتبر است.")
            services.resolution_set_status(actor=request.user, resolution=resolution, **form.cleaned_data)
            messages.success(request, f"وضعیت مصوبهٔ {number(resolution.number)} به‌روز شد.")
        elif action == "cancel":
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=request.POST.get("reason", "")
            )
            messages.success(request, "جلسه لغو شد.")
        else:
            raise Http404("پیدا نشد.")
    except ValidationError as exc:
        _flash_errors(request, exc)


@login_required
def meeting_pdf(request, pk: int):  # type: ignore[no-untyped-def]
    from .pdf import minutes_pdf

    meeting = _meeting(request, pk)
    if meeting.status != MeetingStatus.HELD:
        messages.error(request, "صورت‌جلسه هنوز ثبت نشده است.")
        return redirect(services.meeting_url(meeting))
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def calendar(request):  # type: ignore[no-untyped-def]
    """The meetings of every body at or below a unit, month by month (Jalali)."""
    from kanoon.geo.selectors import unit_roots

    unit_id = to_latin_digits(request.GET.get("unit", "")).strip()
    if unit_id.isdigit() and len(unit_id) < 19:
        unit = scope.get_for_action(request.user, Unit.objects.all(), "view", pk=int(unit_id))
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
    weeks = selectors.meeting_calendar(request.user, unit, year, month)
    if export.wanted(request):
        title = f"جلسه‌های {unit.title} — {jalali.MONTHS[month - 1]} {jalali.to_persian_digits(year)}"
        return export.xlsx_response(
            request, "meetings", CALENDAR_COLUMNS, calendar_meetings(weeks), title=title, filters=[]
        )
    for meeting in calendar_meetings(weeks):
        meeting.url = services.meeting_url(meeting)
    return render(
        request,
        "meetings/calendar.html",
        {
            "unit": unit,
            "weeks": weeks,
            "month_label": f"{jalali.MONTHS[month - 1]} {jalali.to_persian_digits(year)}",
            "prev": f"{prev_m[0]}-{prev_m[1]}",
            "next": f"{next_m[0]}-{next_m[1]}",
            "weekdays": jalali.WEEKDAYS,
        },
    )
