"""Input no field can hold, refused once for every view (API and pages) with a Persian 400.

`BadInputMiddleware` checks, before any view runs:

- the path, every query parameter (name and value) and every form field (urlencoded or
  multipart) for NUL bytes, which PostgreSQL cannot store in text and which no legitimate input
  contains;
- query parameters for digits of other scripts (full-width ０, Devanagari ०, superscript ²…):
  `str.isdigit()` is true for them and `int()` reads some of them, so views that test
  `.isdigit()` would take them for numbers (Persian and Arabic-Indic digits stay accepted);
- JSON bodies: NUL bytes and unpaired surrogates in strings or keys, nesting deeper than
  `MAX_JSON_DEPTH` (a very deep document makes the parser recurse until it fails), numbers that
  overflow (`1e400` is infinity, `NaN`) and integers beyond 64 bits (no column holds them);
  under /api/ the body must be a JSON object (views read it with `request.data.get`).

Malformed JSON passes through to the view's parser, which answers its own Persian 400.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from .text import ARABIC_DIGITS, PERSIAN_DIGITS

MAX_JSON_DEPTH = 32
MAX_INT = 2**63 - 1

NUL_MESSAGE = "متن واردشده نویسهٔ نامعتبر (NUL) دارد."
DIGITS_MESSAGE = "رقم‌ها را با ارقام فارسی یا لاتین بنویسید."
DEPTH_MESSAGE = "ساختار دادهٔ ارسالی بیش از حد تودرتو است."
NUMBER_MESSAGE = "عدد واردشده بیش از حد بزرگ یا نامعتبر است."
TEXT_MESSAGE = "متن واردشده نویسهٔ نامعتبر دارد."
REQUEST_MESSAGE = "درخواست نامعتبر است."
MULTIPART_MESSAGE = "فرم ارسالی قابل خواندن نیست."
OBJECT_MESSAGE = 'بدنهٔ درخواست باید یک شیء JSON باشد (مانند {"نام": "مقدار"}).'

_ALLOWED_DIGITS = frozenset("0123456789" + PERSIAN_DIGITS + ARABIC_DIGITS)


class BadInput(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def foreign_digit(text: str) -> bool:
    """True if `text` holds a digit of another script (not ASCII, Persian or Arabic-Indic)."""
    return any(
        ch not in _ALLOWED_DIGITS and unicodedata.digit(ch, None) is not None
        for ch in text
        if not ch.isascii()
    )


def check_text(text: str, field: str | None = None) -> None:
    if "\x00" in text:
        raise BadInput(NUL_MESSAGE, field)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(TEXT_MESSAGE, field)


def check_json(data: object) -> None:
    """Walk a parsed JSON document without recursion."""
    stack: list[tuple[object, int, str | None]] = [(data, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            check_text(value, field)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_INT:
                raise BadInput(NUMBER_MESSAGE, field)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise BadInput(NUMBER_MESSAGE, field)
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise BadInput(DEPTH_MESSAGE, field)
            if isinstance(value, dict):
                for key, item in value.items():
                    check_text(key, field)
                    stack.append((item, depth + 1, field or key))
            else:
                stack.extend((item, depth + 1, field) for item in value)


def _reject_constant(name: str) -> float:
    raise BadInput(NUMBER_MESSAGE)


def parse_json(raw: bytes | str) -> object:
    """Parse and check a JSON body; BadInput for hostile content, ValueError if malformed."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise BadInput(DEPTH_MESSAGE)
    check_json(data)
    return data


def _check_pairs(pairs: Iterable[tuple[str, list[str]]], *, digits: bool = False) -> None:
    for key, values in pairs:
        check_text(key, key)
        for value in values:
            check_text(value, key)
            if digits and foreign_digit(value):
                raise BadInput(DIGITS_MESSAGE, key)


def _content_type(request: HttpRequest) -> str:
    return request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()


def check_request(request: HttpRequest) -> None:
    check_text(request.path_info)
    _check_pairs(request.GET.lists(), digits=True)
    if request.method in {"GET", "HEAD", "OPTIONS", "DELETE"} and not request.META.get("CONTENT_LENGTH"):
        return
    kind = _content_type(request)
    if kind == "application/json" or kind.endswith("+json"):
        if not request.body:
            return
        try:
            data = parse_json(request.body)
        except (ValueError, UnicodeDecodeError):
            return  # malformed: the parser's own Persian 400
        if request.path_info.startswith("/api/") and not isinstance(data, dict):
            # every write of the API takes an object; views read it with request.data.get(...)
            raise BadInput(OBJECT_MESSAGE)
    elif kind == "application/x-www-form-urlencoded":
        form = (
            request.POST if request.method == "POST" else QueryDict(request.body, encoding=request.encoding)
        )
        _check_pairs(form.lists())
    elif kind == "multipart/form-data" and request.method == "POST":
        try:
            _check_pairs(request.POST.lists())
        except MultiPartParserError:
            raise BadInput(MULTIPART_MESSAGE)


def bad_input_response(request: HttpRequest, exc: BadInput) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        errors = {exc.field or "non_field_errors": [exc.message]}
        return JsonResponse({"code": "invalid", "message": exc.message, "errors": errors}, status=400)
    return HttpResponse(render_to_string("400.html", {"message": exc.message}), status=400)


class BadInputMiddleware:
    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except BadInput as exc:
            return bad_input_response(request, exc)
        return self.get_response(request)
