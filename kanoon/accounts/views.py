from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kanoon.core import export, scope
from kanoon.core.collation import persian
from kanoon.core.forms import add_errors
from kanoon.core.history import Related, history_entries
from kanoon.core.text import search_key
from kanoon.geo.models import Unit

from . import services
from .forms import AssignmentForm, LoginForm, ResetConfirmForm, ResetRequestForm, UserCreateForm, UserEditForm
from .models import RoleAssignment, User
from .roles import Role, grantable_roles
from .selectors import can_manage, visible_users


def lockout(request, credentials=None, *args, **kwargs):
    """django-axes lockout: a Persian page (or JSON for the API)."""
    from django.http import JsonResponse

    message = "به دلیل تلاش‌های ناموفق پیاپی، ورود موقتاً قفل شده است. کمی بعد دوباره تلاش کنید."
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked", "message": message}, status=429)
    return render(request, "accounts/locked.html", {"message": message}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def password_reset_request(request):
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from axes.helpers import get_client_ip_address

        services.password_reset_request(
            identifier=form.cleaned_data["identifier"], ip_address=get_client_ip_address(request)
        )
        messages.info(request, "اگر حسابی با این مشخصات باشد، کد بازیابی به همراه یا ایمیل آن فرستاده شد.")
        return redirect(f"{request.path}confirm/?identifier={form.cleaned_data['identifier']}")
    return render(request, "accounts/reset_request.html", {"form": form})


def password_reset_confirm(request):
    form = ResetConfirmForm(request.POST or None, initial={"identifier": request.GET.get("identifier", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_confirm(**form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "گذرواژه تغییر کرد؛ اکنون وارد شوید.")
            return redirect("accounts:login")
    return render(request, "accounts/reset_confirm.html", {"form": form})


def _visible_assignments(request):
    """Assignments a viewer may see on someone else: active ones within the viewer's scope."""
    return (
        RoleAssignment.objects.restrict(request.user, "view")
        .filter(is_active=True, unit__is_active=True)
        .select_related("unit")
    )


@login_required
def user_list(request):
    if scope.scope_paths(request.user, User, "view") == []:
        raise PermissionDenied("مدیریت کاربران برای نقش شما نیست.")
    users = visible_users(request.user).prefetch_related(
        Prefetch("assignments", queryset=_visible_assignments(request))
    )
    q = request.GET.get("q", "").strip()
    if q:
        key = search_key(q)
        users = users.filter(
            Q(username__icontains=key)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(mobile__contains=key)
        )
    if export.wanted(request):
        return export.xlsx_response(
            request,
            "users",
            USER_COLUMNS,
            users.order_by(persian("username"), "pk"),
            title="کاربران",
            filters={"q": "جستجو"},
        )
    page = Paginator(users.order_by(persian("username"), "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "q": q})


USER_COLUMNS = [
    export.Column("نام کاربری", "username"),
    export.Column("نام", "get_full_name"),
    export.Column("همراه", "mobile", "text"),
    export.Column(
        "نقش‌ها",
        lambda u: "، ".join(f"{a.get_role_display()} — {a.unit.title}" for a in u.assignments.all()),
    ),
    export.Column("وضعیت", lambda u: "فعال" if u.is_active else "غیرفعال"),
]


def _roles_for_form(request) -> list[str]:
    """Every role the user may grant somewhere in their scope (checked again per unit on save)."""
    paths = scope.scope_paths(request.user, User, "add")
    if paths is None:
        paths = list(Unit.objects.filter(depth=0).values_list("path", flat=True)) or [""]
    return [r for r in Role.values if any(r in grantable_roles(request.user, p) for p in paths)]


@login_required
def user_create(request):
    if scope.scope_paths(request.user, User, "add") == []:
        raise PermissionDenied("ساخت کاربر برای نقش شما نیست.")
    units = Unit.objects.restrict(request.user, "view")
    form = UserCreateForm(request.POST or None, roles=_roles_for_form(request), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, f"کاربر «{user.username}» ساخته شد.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, pk: int):
    user = scope.get_for_action(request.user, User.objects.all(), "view", pk=pk)  # 404 if not visible
    visible_units = Unit.objects.restrict(request.user, "view")
    assignments = (
        RoleAssignment.objects.restrict(request.user, "view")
        .filter(user=user)
        .select_related("unit", "created_by")
    )
    assignment_form = AssignmentForm(roles=_roles_for_form(request), units=visible_units)
    edit_form = UserEditForm(
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "mobile": user.mobile,
            "email": user.email,
            "is_active": user.is_active,
        }
    )
    if request.method == "POST":
        if not can_manage(request.user, user):
            raise PermissionDenied(services.NOT_MANAGEABLE)
        if "role" in request.POST:
            assignment_form = AssignmentForm(
                request.POST, roles=_roles_for_form(request), units=visible_units
            )
            if assignment_form.is_valid():
                try:
                    services.assignment_grant(actor=request.user, user=user, **assignment_form.cleaned_data)
                except (ValidationError, PermissionDenied) as exc:
                    assignment_form.add_error(None, _message(exc))
                else:
                    messages.success(request, "نقش داده شد.")
                    return redirect("accounts:user_detail", pk=user.pk)
        else:
            edit_form = UserEditForm(request.POST)
            if edit_form.is_valid():
                try:
                    services.user_update(actor=request.user, user=user, **edit_form.cleaned_data)
                except ValidationError as exc:
                    add_errors(edit_form, exc)
                else:
                    messages.success(request, "اطلاعات کاربر ذخیره شد.")
                    return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "manageable": can_manage(request.user, user),
            "assignments": assignments,
            "assignment_form": assignment_form,
            "edit_form": edit_form,
            "history": history_entries(
                user,
                limit=20,
                request=request,
                related=[Related(assignments)],  # its roles, with its own
            ),
        },
    )


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return (
            " ".join(m for msgs in exc.message_dict.values() for m in msgs)
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
    return str(exc)


@login_required
@require_POST
def assignment_revoke(request, pk: int):
    assignment = scope.get_for_action(
        request.user, RoleAssignment.objects.select_related("unit", "user"), "change", pk=pk
    )
    if not can_manage(request.user, assignment.user):
        raise PermissionDenied(services.NOT_MANAGEABLE)
    try:
        services.assignment_revoke(actor=request.user, assignment=assignment)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "نقش گرفته شد.")
    return redirect("accounts:user_detail", pk=assignment.user_id)


@login_required
def profile(request):
    assignments = request.user.assignments.filter(is_active=True).select_related("unit")
    return render(request, "accounts/profile.html", {"assignments": assignments})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/accounts/profile/"

    def form_valid(self, form):
        messages.success(self.request, "گذرواژه تغییر کرد.")
        return super().form_valid(form)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form
