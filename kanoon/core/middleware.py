"""Site-wide HTTP hardening: security headers, private caching, request size and database outages.

- SecurityHeadersMiddleware: a strict Content-Security-Policy (no CDN, no inline script) and
  `Cache-Control: no-store, private` on every API response and every response to a request that
  carries a session cookie or an Authorization header (pages of a signed-in user).
- RequestSizeMiddleware: a body larger than the limits is refused with a Persian 413 before
  anything reads it (JSON for /api/, a page elsewhere).
- DatabaseUnavailableMiddleware: a lost database connection (restart, failover) is a Persian 503
  with Retry-After, not a 500.
"""

from __future__ import annotations

import logging
import sqlite3

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger("kanoon.http")

TOO_LARGE = "حجم درخواست بیش از حد مجاز است؛ پرونده یا دادهٔ کوچک‌تری بفرستید."
UNAVAILABLE = "پایگاه داده موقتاً در دسترس نیست؛ چند لحظهٔ دیگر دوباره تلاش کنید."


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_response(
    request: HttpRequest, *, status: int, code: str, message: str, template: str
) -> HttpResponse:
    """`{code, message, errors}` under /api/, a standalone Persian page (no database access) elsewhere."""
    if is_api(request):
        return JsonResponse({"code": code, "message": message, "errors": {}}, status=status)
    return HttpResponse(render_to_string(template, {"message": message}), status=status)


def too_large(request: HttpRequest) -> HttpResponse:
    response = error_response(request, status=413, code="too_large", message=TOO_LARGE, template="413.html")
    response["Connection"] = "close"  # the unread body is not drained
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = error_response(
        request, status=503, code="unavailable", message=UNAVAILABLE, template="503.html"
    )
    response["Retry-After"] = str(settings.KANOON_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.KANOON_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        if (
            is_api(request)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
        ):
            # personal data: no shared cache, no copy on disk
            patch_cache_control(response, no_store=True, private=True)
            if "max-age" in response.get("Cache-Control", ""):
                add_never_cache_headers(response)
        return response


class RequestSizeMiddleware:
    """Refuse by Content-Length: the whole body above KANOON_MAX_REQUEST_SIZE; a body that is not a
    multipart upload (JSON, form fields) above DATA_UPLOAD_MAX_MEMORY_SIZE. Django's own checks while
    parsing (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) end in the same 413 through
    handler400 (kanoon.core.views.bad_request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            limit = settings.KANOON_MAX_REQUEST_SIZE
            if not multipart and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
                limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if length > limit:
                return too_large(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_connection_error(exception):
            logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None


SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database",
    "disk i/o error",
)


def is_connection_error(exception: BaseException | None) -> bool:
    """A lost, refused or busy database, not a bad query: InterfaceError, or OperationalError
    (PostgreSQL uses it for connection loss, shutdown and cancellation). SQLite raises
    OperationalError for query errors too ("LIKE or GLOB pattern too complex"): only its
    busy/unopenable errors count. A query error stays a 500."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error):
        return str(cause).lower().startswith(SQLITE_UNAVAILABLE)
    return True
