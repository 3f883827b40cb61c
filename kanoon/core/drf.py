"""DRF settings hooks (pagination, error format). Imports nothing that reads DRF settings."""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    "invalid": "اطلاعات واردشده معتبر نیست.",
    "parse_error": "درخواست قابل خواندن نیست.",
    "not_authenticated": "ابتدا وارد شوید.",
    "authentication_failed": "نام کاربری یا گذرواژه نادرست است.",
    "permission_denied": "شما اجازهٔ این کار را ندارید.",
    "not_found": "پیدا نشد.",
    "method_not_allowed": "این روش درخواست پذیرفته نیست.",
    "not_acceptable": "قالب پاسخ درخواستی پشتیبانی نمی‌شود.",
    "unsupported_media_type": "نوع محتوای درخواست پشتیبانی نمی‌شود.",
    "throttled": "درخواست‌ها بیش از حد است؛ کمی بعد دوباره تلاش کنید.",
    "conflict": "این کار با وضعیت فعلی سازگار نیست.",
    "too_large_number": "عدد واردشده بیش از حد بزرگ است.",
    "too_deep": "ساختار دادهٔ ارسالی بیش از حد تودرتو است.",
    "does_not_fit": "مقدار واردشده در این فیلد جا نمی‌شود (بیش از حد بزرگ یا نامعتبر است).",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = MESSAGES["conflict"]
    default_code = "conflict"


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "این صفحه وجود ندارد."

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """OpenAPI 3.1 form: `next`/`previous` are a URL or null."""
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(value) for value in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error as `{code, message (Persian), errors}`. Input that got past the fields but that
    Python or the database cannot hold is the client's error (400), not the server's:
    OverflowError (?center=1e40), decimal.InvalidOperation (more digits than a DecimalField holds),
    DataError (the database refused the value) and RecursionError (a document nested too deep)."""
    if isinstance(exc, OverflowError):
        exc = exceptions.ValidationError({"non_field_errors": [MESSAGES["too_large_number"]]})
    elif isinstance(exc, InvalidOperation | DataError):
        exc = exceptions.ValidationError({"non_field_errors": [MESSAGES["does_not_fit"]]})
    elif isinstance(exc, RecursionError):
        exc = exceptions.ValidationError({"non_field_errors": [MESSAGES["too_deep"]]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(MESSAGES["not_found"])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MESSAGES["permission_denied"])
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        response.data = {"code": "invalid", "message": MESSAGES["invalid"], "errors": errors}
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
        detail = _flatten(getattr(exc, "detail", ""))
        default = MESSAGES.get(code)
        if code in OWN_WORDING:  # DRF's translated text of these mixes in Latin names; say it our way
            message = default
        else:
            message = (
                detail if isinstance(detail, str) and detail and _is_persian(detail) else default or detail
            )
        response.data = {"code": code, "message": message}
    return response


OWN_WORDING = frozenset({"unsupported_media_type", "method_not_allowed", "not_acceptable", "parse_error"})


def _is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)
