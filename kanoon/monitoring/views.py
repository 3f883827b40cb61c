"""Pages: dashboards, data entry, approval, definitions, exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kanoon.core import export, scope
from kanoon.core.history import Related, history_entries
from kanoon.core.jalali import JalaliError, Quarter
from kanoon.core.redirects import redirect_next
from kanoon.geo.models import Unit
from kanoon.geo.selectors import breadcrumbs

from . import exports, home, periods, selectors, services
from .forms import DataEntryForm, DhisImportForm, UnapproveForm
from .models import DataElement, DataSet, DataValue, Indicator, Report, ReportStatus


def _quarter(request) -> Quarter:
    code = request.GET.get("period") or ""
    if not code:
        return periods.last_closed_quarter()
    try:
        period = periods.parse(code)
    except JalaliError:
        raise Http404("دوره نامعتبر است.")
    if not isinstance(period, Quarter):
        raise Http404("دوره باید فصل باشد.")
    return period


def _unit(request, pk: int) -> Unit:
    return scope.get_for_action(request.user, Unit.objects.all(), "view", pk=pk)


@login_required
def index(request):
    unit = selectors.default_unit(request.user)
    if unit is None:
        raise PermissionDenied("برای دیدن داشبورد باید نقشی در یکی از واحدها داشته باشید.")
    return redirect("monitoring:dashboard", pk=unit.pk)


@login_required
def dashboard(request, pk: int):
    unit = _unit(request, pk)
    quarter = _quarter(request)
    data = selectors.dashboard(request.user, unit, quarter, request.GET.get("indicator"))
    chart = {
        "labels": [q.label for q in data["trend_quarters"]],
        "series": [
            {
                "code": c["indicator"].code,
                "name": c["indicator"].name,
                "values": [float(v) if v is not None else None for v in c["trend"]],
            }
            for c in data["cards"]
        ],
    }
    data_sets = list(DataSet.objects.filter(is_active=True))
    completeness = [(ds, selectors.completeness(ds, unit, quarter)) for ds in data_sets]
    return render(
        request,
        "monitoring/dashboard.html",
        {
            **data,
            "crumbs": breadcrumbs(unit, request.user),
            "chart": chart,
            "completeness": completeness,
            "quarters": periods.quarter_range(periods.last_closed_quarter().next(), 12)[::-1],
        },
    )


@login_required
def dashboard_export(request, pk: int, table: str):
    unit = _unit(request, pk)
    data = selectors.dashboard(request.user, unit, _quarter(request), request.GET.get("indicator"))
    try:
        title, header, rows = exports.dashboard_table(data, table)
    except ValueError:
        raise Http404("جدول ناشناخته است.")
    body = exports.workbook(title, header, rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kanoon-{table}-{unit.pk}-{data["quarter"].code}.xlsx"'
    )
    return response


@login_required
def unit_report_pdf(request, pk: int):
    unit = _unit(request, pk)
    quarter = _quarter(request)
    data = selectors.dashboard(request.user, unit, quarter, request.GET.get("indicator"))
    completeness = [
        (ds, selectors.completeness(ds, unit, quarter)) for ds in DataSet.objects.filter(is_active=True)
    ]
    pdf = exports.report_pdf(data, completeness, request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kanoon-report-{unit.pk}-{quarter.code}.pdf"'
    return response


# ---- reporting ---------------------------------------------------------------------------


@login_required
def reports(request, pk: int):
    """Reporting units under a unit for one data set and quarter: status, entry and approval."""
    unit = _unit(request, pk)
    quarter = _quarter(request)
    data_sets = list(DataSet.objects.filter(is_active=True))
    if not data_sets:
        return render(request, "monitoring/reports.html", {"unit": unit, "quarter": quarter, "data_sets": []})
    data_set = next((d for d in data_sets if str(d.pk) == request.GET.get("data_set")), data_sets[0])
    units = Unit.objects.filter(
        path__startswith=unit.path, kind__in=data_set.unit_kinds, is_active=True
    ).order_by("path")
    status = request.GET.get("status", "")
    sent = Report.objects.filter(data_set=data_set, period=quarter.code)
    if status in ReportStatus.values:
        units = units.filter(pk__in=sent.filter(status=status).values("unit_id"))
    elif status == "missing":
        units = units.exclude(pk__in=sent.exclude(status=ReportStatus.DRAFT).values("unit_id"))
    if request.GET.get("awaiting") == "1":  # the home card: what waits on this user's approval
        units = units.exclude(pk=unit.pk).filter(home.awaiting_q(request.user))
    if export.wanted(request):
        return export.xlsx_response(
            request,
            f"reports-{unit.pk}-{quarter.code}",
            REPORT_COLUMNS,
            _report_rows(units, sent),
            title=f"گزارش‌های فصلی {unit.title} — {data_set.name} — {quarter.label}",
            filters={"status": ("وضعیت", dict([*ReportStatus.choices, ("missing", "ارسال‌نشده")]))},
        )
    from django.core.paginator import Paginator

    page = Paginator(units, 50).get_page(request.GET.get("page"))
    by_unit = {
        r.unit_id: r
        for r in Report.objects.filter(data_set=data_set, period=quarter.code, unit__in=[u.pk for u in page])
    }
    rows = [
        {
            "unit": u,
            "report": by_unit.get(u.pk),
            "can_enter": services.can_enter(request.user, u),
            "can_approve": services.can_approve(request.user, u),
        }
        for u in page
    ]
    return render(
        request,
        "monitoring/reports.html",
        {
            "unit": unit,
            "quarter": quarter,
            "data_sets": data_sets,
            "data_set": data_set,
            "page": page,
            "rows": rows,
            "crumbs": breadcrumbs(unit, request.user),
            "summary": selectors.completeness(data_set, unit, quarter),
            "quarters": periods.quarter_range(periods.last_closed_quarter().next(), 12)[::-1],
            "parents": _parent_names(list(page)),
            "status": status,
            "statuses": [*ReportStatus.choices, ("missing", "ارسال‌نشده")],
        },
    )


REPORT_COLUMNS = [
    export.Column("واحد", "unit.title"),
    export.Column("زیرمجموعهٔ", "parents"),
    export.Column("وضعیت", lambda r: r["report"].get_status_display() if r["report"] else "ثبت نشده"),
    export.Column("زمان ارسال", "report.submitted_at", "datetime"),
    export.Column(
        "به‌موقع", lambda r: r["report"].on_time if r["report"] and r["report"].submitted_at else None
    ),
    export.Column("زمان تأیید", "report.approved_at", "datetime"),
]


def _report_rows(units, sent):  # type: ignore[no-untyped-def]
    """Every unit of the reports list with its report (or None) and its parents' names, read a
    chunk at a time (the page reads the same for one page)."""
    import itertools

    rows = units.iterator(chunk_size=1000)
    while chunk := list(itertools.islice(rows, 1000)):
        by_unit = {
            r.unit_id: r for r in sent.filter(unit__in=[u.pk for u in chunk]).select_related("data_set")
        }
        parents = _parent_names(chunk)
        for u in chunk:
            yield {"unit": u, "report": by_unit.get(u.pk), "parents": parents.get(u.pk, "")}


def _parent_names(units):
    from kanoon.geo.selectors import parent_names

    return parent_names(units)


@login_required
def entry(request, data_set: int, unit: int, period: str):
    """The quarterly data-entry form of one unit."""
    data_set_obj = get_object_or_404(DataSet, pk=data_set, is_active=True)
    unit_obj = _unit(request, unit)
    try:
        quarter = services.parse_quarter(period)
    except ValidationError:
        raise Http404("دوره نامعتبر است.")
    report = Report.objects.filter(data_set=data_set_obj, unit=unit_obj, period=quarter.code).first()
    can_enter = services.can_enter(request.user, unit_obj)
    if request.method == "POST" and not can_enter:
        raise PermissionDenied("شما اجازهٔ ثبت داده برای این واحد را ندارید.")
    values = {v.element_id: v for v in DataValue.objects.filter(report=report)} if report else {}
    locked = bool(report and report.is_locked) or not can_enter
    form = DataEntryForm(request.POST or None, data_set=data_set_obj, values=values, locked=locked)
    if request.method == "POST" and form.is_valid():
        before = report
        submitting = "submit" in request.POST
        try:
            # one transaction: a refused save or submit leaves nothing behind (no empty draft)
            with transaction.atomic():
                if report is None:
                    report = services.report_get_or_create(
                        data_set=data_set_obj, unit=unit_obj, period=quarter.code, user=request.user
                    )
                # every problem in one pass: bad values and, on submit, the required ones left empty
                missing = form.missing_required() if submitting else {}
                try:
                    services.report_save_values(report=report, values=form.raw_values(), user=request.user)
                except ValidationError as exc:
                    if not missing or not hasattr(exc, "error_dict"):
                        raise
                    raise ValidationError({**missing, **exc.message_dict}) from exc
                if missing:
                    raise ValidationError(missing)
                if submitting:
                    services.report_submit(report=report, user=request.user)
            if submitting:
                messages.success(request, "گزارش ذخیره و برای تأیید ارسال شد.")
            else:
                messages.success(request, "مقادیر ذخیره شد.")
        except ValidationError as exc:
            report = before
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            general = (
                errors.pop("__all__", [])
                + errors.pop("period", [])
                + errors.pop("unit", [])
                + errors.pop("status", [])
            )
            form.add_element_errors(errors)
            for message in general:
                form.add_error(None, message)
        else:
            return redirect(request.path)
    events = report.events.select_related("user")[:20] if report else []
    return render(
        request,
        "monitoring/entry.html",
        {
            "form": form,
            "data_set": data_set_obj,
            "unit": unit_obj,
            "quarter": quarter,
            "report": report,
            "locked": locked,
            "can_enter": can_enter,
            "can_approve": services.can_approve(request.user, unit_obj),
            "unapprove_form": UnapproveForm(),
            "events": events,
            "crumbs": breadcrumbs(unit_obj, request.user),
            "history": history_entries(
                report,
                limit=20,
                request=request,
                related=[Related(report.values.select_related("element"), lambda v: v.element.name)],
            )
            if report
            else None,
        },
    )


def _report_for(request, pk: int) -> Report:
    return scope.get_for_action(
        request.user, Report.objects.select_related("unit", "data_set"), "view", pk=pk
    )


def _back(report: Report) -> str:
    return reverse("monitoring:entry", args=[report.data_set_id, report.unit_id, report.period])


@login_required
@require_POST
def report_approve(request, pk: int):
    report = _report_for(request, pk)
    try:
        services.report_approve(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"گزارش {report.unit.title} تأیید شد و در همهٔ سطوح بالاتر دیده می‌شود.")
    return redirect_next(request, _back(report))


@login_required
@require_POST
def report_unapprove(request, pk: int):
    report = _report_for(request, pk)
    form = UnapproveForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        services.report_unapprove(report=report, user=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "تأیید گزارش لغو شد.")
    return redirect(_back(report))


@login_required
@require_POST
def report_submit(request, pk: int):
    report = _report_for(request, pk)
    try:
        services.report_submit(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "گزارش برای تأیید ارسال شد.")
    return redirect(_back(report))


# ---- definitions and exchange ------------------------------------------------------------


def _can_define(user) -> bool:
    from .api import is_national_admin

    return is_national_admin(user)


INDICATOR_COLUMNS = [
    export.Column("کد", "code", "text"),
    export.Column("نام", "name"),
    export.Column("صورت", "numerator", "text"),
    export.Column("مخرج", "denominator", "text"),
    export.Column("ضریب", "factor", "number"),
    export.Column("واحد", "unit_of_measure"),
    export.Column("جهت", "direction", "choice"),
    export.Column("فعال", "is_active", "bool"),
]
ELEMENT_COLUMNS = [
    export.Column("کد", "code", "text"),
    export.Column("نام", "name"),
    export.Column("نوع مقدار", "value_type", "choice"),
    export.Column("کمینه", "minimum", "number"),
    export.Column("بیشینه", "maximum", "number"),
    export.Column("تجمیع زمانی", "time_aggregation", "choice"),
    export.Column("فعال", "is_active", "bool"),
]
DATA_SET_COLUMNS = [
    export.Column("کد", "code", "text"),
    export.Column("نام", "name"),
    export.Column("سطح گزارش‌دهی", "kind_labels"),
    export.Column("مهلت (روز پس از پایان فصل)", "due_days", "number"),
    export.Column(
        "عناصر (* الزامی)",
        lambda ds: "، ".join(m.element.name + ("*" if m.required else "") for m in ds.members.all()),
    ),
    export.Column("وضعیت", lambda ds: "فعال" if ds.is_active else "غیرفعال"),
]


def _data_sets_with_kind_labels():  # type: ignore[no-untyped-def]
    from kanoon.geo.models import Kind

    labels = dict(Kind.choices)
    rows = list(DataSet.objects.prefetch_related("members__element"))
    for ds in rows:
        ds.kind_labels = [labels.get(k, k) for k in ds.unit_kinds or []]
    return rows


@login_required
def definitions(request):
    from . import sources

    if export.wanted(request):
        sheets = [
            export.Sheet("شاخص‌ها", INDICATOR_COLUMNS, Indicator.objects.all()),
            export.Sheet("عناصر داده", ELEMENT_COLUMNS, DataElement.objects.all()),
            export.Sheet("فرم‌های گزارش فصلی", DATA_SET_COLUMNS, _data_sets_with_kind_labels()),
        ]
        return export.workbook_response(request, "definitions", sheets)

    return render(
        request,
        "monitoring/definitions.html",
        {
            "indicators": Indicator.objects.all(),
            "data_sets": DataSet.objects.prefetch_related("members__element"),
            "elements": DataElement.objects.all(),
            "sources": sources.available().values(),
            "can_define": _can_define(request.user),
        },
    )


@login_required
def definition_form(request, kind: str, pk: int | None = None):
    """National admins add and edit data elements and indicators here (data sets: `data_set_form`)."""
    from .api import is_national_admin
    from .forms import DataElementForm, IndicatorForm

    if not is_national_admin(request.user):
        raise PermissionDenied("تعریف شاخص‌ها و عناصر داده با مدیر ملی است.")
    form_class, model = {
        "element": (DataElementForm, DataElement),
        "indicator": (IndicatorForm, Indicator),
    }.get(kind, (None, None))
    if form_class is None:
        raise Http404("نوع تعریف ناشناخته است.")
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, f"«{obj.name}» ذخیره شد.")
        return redirect("monitoring:definitions")
    return render(
        request,
        "monitoring/definition_form.html",
        {
            "form": form,
            "kind": kind,
            "instance": instance,
            "history": history_entries(instance, limit=20, request=request) if instance else None,
        },
    )


@login_required
def dhis2_export(request, pk: int):
    unit = _unit(request, pk)
    quarter = _quarter(request)
    values = exports.export_values(
        request.user, unit, [quarter], approved_only=request.GET.get("approved") == "1"
    )
    body = exports.data_value_set(values)
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="dataValueSets-{unit.pk}-{quarter.code}.json"'
    return response


@login_required
def dhis2_import(request):
    form = DhisImportForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        from kanoon.core.badinput import BadInput, parse_json

        try:
            payload = parse_json(form.cleaned_data["file"].read())
        except BadInput as exc:
            form.add_error("file", f"فایل JSON معتبر نیست: {exc.message}")
        except (UnicodeDecodeError, ValueError):
            form.add_error("file", "فایل JSON معتبر نیست.")
        else:
            summary = exports.import_data_value_set(
                request.user, payload, dry_run=form.cleaned_data["dry_run"]
            )
    return render(request, "monitoring/dhis2_import.html", {"form": form, "summary": summary})


# ---- setup: data sets, targets, implementers -----------------------------------------------


@login_required
def data_sets(request):
    rows = _data_sets_with_kind_labels()
    if export.wanted(request):
        return export.xlsx_response(request, "data-sets", DATA_SET_COLUMNS, rows, title="فرم‌های گزارش فصلی")
    return render(
        request,
        "monitoring/data_sets.html",
        {
            "data_sets": rows,
            "can_define": _can_define(request.user),
        },
    )


@login_required
def data_set_form(request, pk: int | None = None):
    """National admins add and edit data-entry forms: elements, reporting level, due days."""
    from kanoon.core.forms import add_errors

    from .forms import DataSetForm

    if not _can_define(request.user):
        raise PermissionDenied("تعریف فرم‌های گزارش با مدیر ملی است.")
    instance = get_object_or_404(DataSet, pk=pk) if pk else None
    form = DataSetForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = (
            {e: i for i, e in enumerate(instance.members.values_list("element_id", flat=True))}
            if instance
            else {}
        )
        elements = sorted(data["elements"], key=lambda e: (order.get(e.pk, len(order)), e.code))
        try:
            obj = services.data_set_save(
                user=request.user,
                data_set=instance,
                code=data["code"],
                name=data["name"],
                description=data["description"],
                unit_kinds=data["unit_kinds"],
                due_days=data["due_days"],
                elements=elements,
                required={e.pk for e in data["required"]},
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"فرم «{obj.name}» ذخیره شد.")
            return redirect("monitoring:data_sets")
    return render(
        request,
        "monitoring/setup_form.html",
        {
            "form": form,
            "instance": instance,
            "title": f"ویرایش فرم «{instance.name}»" if instance else "فرم گزارش تازه",
            "back": reverse("monitoring:data_sets"),
            "history": history_entries(instance, limit=20, request=request) if instance else None,
        },
    )


def _add_scope(user, model) -> bool:
    paths = scope.scope_paths(user, model, "add")
    return paths is None or bool(paths)


def _period_label(code: str) -> str:
    try:
        return periods.parse(code).label
    except JalaliError:
        return code


TARGET_COLUMNS = [
    export.Column("شاخص", "indicator.name"),
    export.Column("واحد", "unit.title"),
    export.Column("دوره", lambda t: _period_label(t.period)),
    export.Column("کد دوره", "period", "text"),
    export.Column("هدف", "value", "number"),
    export.Column("واحد اندازه‌گیری", "indicator.unit_of_measure"),
]


@login_required
def targets(request):
    from .models import Target

    qs = Target.objects.restrict(request.user, "view").select_related("indicator", "unit")
    code = request.GET.get("indicator", "")
    if code:
        qs = qs.filter(indicator__code=code)
    from kanoon.core.text import to_latin_digits

    period = to_latin_digits(request.GET.get("period", "")).strip().upper()
    if period:
        qs = qs.filter(period=period)
    from django.core.paginator import Paginator

    qs = qs.order_by("indicator__position", "indicator__code", "unit__path", "period")
    if export.wanted(request):
        filters = {
            "indicator": ("شاخص", dict(Indicator.objects.values_list("code", "name"))),
            "period": "دوره",
        }
        return export.xlsx_response(
            request, "targets", TARGET_COLUMNS, qs, title="اهداف شاخص‌ها", filters=filters
        )
    page = Paginator(qs, 50)
    return render(
        request,
        "monitoring/targets.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "indicators": Indicator.objects.all(),
            "indicator": code,
            "period": period,
            "can_add": _add_scope(request.user, Target),
        },
    )


@login_required
def target_form(request, pk: int | None = None):
    """Targets per indicator, unit and period, set by staff within their scope."""
    from kanoon.core.forms import add_errors

    from .forms import TargetForm
    from .models import Target

    if pk:
        instance = scope.get_for_action(
            request.user, Target.objects.select_related("indicator", "unit"), "change", pk=pk
        )
    else:
        instance = None
        if not _add_scope(request.user, Target):
            raise PermissionDenied("تعیین هدف با کارشناسان و مدیران در محدودهٔ خودشان است.")
    form = TargetForm(request.POST or None, user=request.user, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.target_save(
                user=request.user,
                target=instance,
                indicator=data["indicator"],
                unit=data["unit"],
                period=data["period"],
                value=data["value"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, f"هدف «{obj.indicator.name}» برای {obj.unit.title} ({obj.period}) ذخیره شد."
            )
            return redirect("monitoring:targets")
    history = history_entries(instance, limit=20, request=request) if instance else None
    return render(
        request,
        "monitoring/setup_form.html",
        {
            "form": form,
            "instance": instance,
            "title": "ویرایش هدف" if instance else "هدف تازه",
            "back": reverse("monitoring:targets"),
            "unit_kinds": "country,province,county",
            "history": history,
        },
    )


IMPLEMENTER_COLUMNS = [
    export.Column("نام", "name"),
    export.Column("نوع", "kind", "choice"),
    export.Column("حوزهٔ کار", "unit.title"),
    export.Column("وضعیت", lambda o: "فعال" if o.is_active else "غیرفعال"),
]


@login_required
def implementers(request):
    """Implementers of the program: organizations of the registry flagged as implementers."""
    from kanoon.organizations.models import Organization

    show_inactive = request.GET.get("inactive") == "1"
    if export.wanted(request):
        return export.xlsx_response(
            request,
            "implementers",
            IMPLEMENTER_COLUMNS,
            selectors.implementers(request.user, include_inactive=show_inactive),
            title="مجریان برنامه",
            filters=[("غیرفعال‌ها هم", "بله")] if show_inactive else [],
        )
    return render(
        request,
        "monitoring/implementers.html",
        {
            "implementers": selectors.implementers(request.user, include_inactive=show_inactive),
            "show_inactive": show_inactive,
            "can_add": _add_scope(request.user, Organization),
        },
    )


@login_required
def implementer_form(request, pk: int | None = None):
    """Implementers (universities' social deputies, Welfare offices) and their areas."""
    from kanoon.core.forms import add_errors
    from kanoon.organizations.models import Organization

    from .forms import ImplementerForm

    if pk:
        instance = scope.get_for_action(
            request.user,
            Organization.objects.filter(is_implementer=True).select_related("unit"),
            "change",
            pk=pk,
        )
    else:
        instance = None
        if not _add_scope(request.user, Organization):
            raise PermissionDenied("ثبت مجری با کارشناسان و مدیران در محدودهٔ خودشان است.")
    form = ImplementerForm(request.POST or None, user=request.user, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.implementer_save(
                user=request.user,
                implementer=instance,
                name=data["name"],
                kind=data["kind"],
                unit=data["unit"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"مجری «{obj.name}» ذخیره شد.")
            return redirect("monitoring:implementers")
    return render(
        request,
        "monitoring/setup_form.html",
        {
            "form": form,
            "instance": instance,
            "title": f"ویرایش «{instance.name}»" if instance else "مجری تازه",
            "back": reverse("monitoring:implementers"),
            "unit_kinds": "province,county",
        },
    )
