"""Where a form may send the user next: only a path on this site (no open redirect)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The `next` of the POST (or GET) when it is a URL on this host with this request's scheme;
    otherwise `fallback`. Rejects `https://evil.example/`, `//evil.example`, `/\\evil.example`."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_next(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return redirect(safe_next(request, fallback))
