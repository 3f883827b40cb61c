from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from kanoon.core import jalali
from kanoon.core.home import attention, public_links
from kanoon.geo.models import Unit
from kanoon.geo.selectors import unit_roots


def home(request):
    """The signed-in user's desk; for a visitor, the way in: the public center finder, the
    public transparency page and the login."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html", {"public_links": public_links()})
    return _desk(request)


@login_required
def _desk(request):
    roots = list(unit_roots(request.user).order_by("path")[:20])
    counts: dict[str, int] = {}
    if roots:
        visible = Unit.objects.restrict(request.user, "view")
        counts = dict(visible.values_list("kind").annotate(n=Count("pk")).order_by())
    grants = [a for a in request.user.assignments.filter(is_active=True).select_related("unit")]
    return render(
        request,
        "core/home.html",
        {
            "roots": roots,
            "counts": counts,
            "kinds": Unit._meta.get_field("kind").choices,
            "grants": grants,
            "attention": attention(request.user, roots[0] if len(roots) == 1 else None),
            "quarter": jalali.Quarter.current(),
            "today": jalali.today(),
        },
    )


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    """404: JSON under /api/, a Persian page elsewhere."""
    from django.http import JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": "پیدا نشد."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 with Retry-After when the database connection is what failed (a restart) in a
    place the middleware cannot see (another middleware, the session)."""
    import sys

    from django.http import JsonResponse

    from kanoon.core.middleware import database_unavailable, is_connection_error

    if is_connection_error(sys.exc_info()[1]):
        return database_unavailable(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "server_error", "message": "خطای داخلی سرور؛ دوباره تلاش کنید."}, status=500
        )
    return render(request, "500.html", status=500)


def forbidden(request, exception=None):
    from django.http import JsonResponse

    message = str(exception) if exception and str(exception) else "شما اجازهٔ این کار را ندارید."
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "permission_denied", "message": message}, status=403)
    return render(request, "403.html", {"message": message}, status=403)


def bad_request(request, exception=None):
    """400 in Persian; a body over the size limits (RequestDataTooBig, TooManyFieldsSent,
    TooManyFilesSent) is a 413. Rendered without the request: the Host header may be the bad part."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    from kanoon.core.middleware import error_response, too_large

    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return too_large(request)
    return error_response(
        request, status=400, code="bad_request", message="درخواست نامعتبر است.", template="400.html"
    )
