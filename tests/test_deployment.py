"""Deployment defaults (issue 8, item 11): hosts, HTTPS settings from the environment, `check --deploy`,
Content-Security-Policy, private caching, no open redirect, Persian 413 and 503, the secret key."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory, override_settings

from kanoon.centers.models import Membership, MembershipStatus
from kanoon.core.views import server_error
from tests.centers.conftest import make_center, make_member

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "kanoon" / "templates"

# The production settings documented in docs/deployment.md (a real deployment has its own values).
PRODUCTION_ENV = {
    "KANOON_ENV": "production",
    "KANOON_SECRET_KEY": "k" * 10 + "-a-long-random-secret-only-for-this-test-0123456789",
    "KANOON_ALLOWED_HOSTS": "kanoon.example.ir",
    "KANOON_CSRF_TRUSTED_ORIGINS": "https://kanoon.example.ir",
    "KANOON_HTTPS": "1",
    "KANOON_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run_kanoon(tmp_path: Path, env: dict[str, str], *args: str, code: str | None = None):
    """`kanoon <args>` (or `python -c code` with the settings loaded) in a clean environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        # the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE lives in the same test process: not production
        if not k.startswith("KANOON_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(
        {"KANOON_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "kanoon.settings", **env}
    )
    if code is not None:
        command = [sys.executable, "-c", "import django; django.setup(); " + code]
    else:
        command = [sys.executable, "-m", "kanoon", *args]
    return subprocess.run(command, env=clean, cwd=ROOT, capture_output=True, text=True, timeout=120)


# --- hosts ---------------------------------------------------------------------------------------


def test_it_allows_only_local_hosts_by_default(tmp_path):
    result = run_kanoon(
        tmp_path,
        {"KANOON_ENV": "demo"},
        code="from django.conf import settings; print(','.join(settings.ALLOWED_HOSTS))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "localhost,127.0.0.1,[::1]"


def test_it_refuses_a_forged_host_instead_of_linking_to_it(api, territory, insider):
    forged = api(insider).get("/api/v1/units/?page_size=1", HTTP_HOST="evil.example")
    assert forged.status_code == 400
    assert "evil.example" not in forged.content.decode()
    assert forged.json()["code"] == "bad_request"
    real = api(insider).get("/api/v1/units/?page_size=1")
    assert real.status_code == 200
    assert real.json()["next"].startswith("http://testserver/api/v1/units/")


def test_it_answers_a_forged_host_on_a_page_in_persian(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "درخواست نامعتبر" in response.content.decode()


# --- HTTPS settings and check --deploy ------------------------------------------------------------


def test_it_is_clean_under_check_deploy_with_the_documented_production_settings(tmp_path):
    documented = (ROOT / "docs" / "deployment.md").read_text()
    for name in PRODUCTION_ENV:
        assert name in documented, f"{name} is not documented in docs/deployment.md"
    result = run_kanoon(tmp_path, PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_reads_every_https_switch_from_the_environment(tmp_path):
    env = {
        "KANOON_ENV": "demo",
        "KANOON_SECURE_SSL_REDIRECT": "1",
        "KANOON_SESSION_COOKIE_SECURE": "1",
        "KANOON_CSRF_COOKIE_SECURE": "1",
        "KANOON_SECURE_HSTS_SECONDS": "600",
        "KANOON_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "KANOON_SECURE_HSTS_PRELOAD": "0",
        "KANOON_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
        "KANOON_SECURE_REFERRER_POLICY": "no-referrer",
        "KANOON_CSRF_TRUSTED_ORIGINS": "https://a.example.ir, https://b.example.ir",
    }
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_REFERRER_POLICY",
        "CSRF_TRUSTED_ORIGINS",
    ]
    code = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    result = run_kanoon(tmp_path, env, code=code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_REFERRER_POLICY": "no-referrer",
        "CSRF_TRUSTED_ORIGINS": ["https://a.example.ir", "https://b.example.ir"],
    }


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_redirects_to_https_except_the_health_probe(client, db):
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz/").status_code == 200


# --- the secret key -------------------------------------------------------------------------------


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "KANOON_SECRET_KEY"}
    result = run_kanoon(tmp_path, env, "check")
    assert result.returncode != 0
    assert "KANOON_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_it_keeps_a_generated_key_for_the_demo(tmp_path):
    first = run_kanoon(
        tmp_path, {"KANOON_ENV": "demo"}, code="from django.conf import settings; print(settings.SECRET_KEY)"
    )
    second = run_kanoon(
        tmp_path, {"KANOON_ENV": "demo"}, code="from django.conf import settings; print(settings.SECRET_KEY)"
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50


# --- Content-Security-Policy ----------------------------------------------------------------------


def test_it_sends_a_strict_content_security_policy(web, insider):
    response = web(insider).get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-eval" not in policy


def test_it_has_no_inline_script_or_event_handler_in_any_template():
    inline = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                inline.append(f"{path.relative_to(ROOT)}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", text):
            inline.append(f"{path.relative_to(ROOT)}: {handler.strip()}")
        if "javascript:" in text:
            inline.append(f"{path.relative_to(ROOT)}: javascript: URL")
    assert inline == []


def test_it_serves_the_api_docs_without_inline_script(web, insider):
    response = web(insider).get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<script>", html) == []
    assert web(insider).get("/api/v1/docs/?script").status_code == 200


# --- private caching ------------------------------------------------------------------------------


def test_it_forbids_caching_personal_data(api, web, territory, insider):
    response = api(insider).get("/api/v1/units/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    page = web(insider).get("/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]


# --- open redirect --------------------------------------------------------------------------------

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "http:evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_it_never_redirects_a_form_to_another_site(web, territory, insider, target):
    center = make_center(territory.yousefabad)
    make_member(center)
    membership = Membership.objects.get(center=center)
    assert membership.status == MembershipStatus.ACTIVE
    response = web(insider).post(f"/centers/memberships/{membership.pk}/leave/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{center.pk}/members/"


def test_it_follows_a_next_on_this_site(web, territory, insider):
    center = make_center(territory.yousefabad)
    make_member(center)
    membership = Membership.objects.get(center=center)
    response = web(insider).post(f"/centers/memberships/{membership.pk}/leave/", {"next": "/centers/?page=2"})
    assert response["Location"] == "/centers/?page=2"


@pytest.mark.parametrize("target", EVIL)
def test_it_never_redirects_a_login_or_logout_to_another_site(client, territory, insider, target):
    response = client.post(
        "/accounts/login/",
        {"username": insider.username, "password": "pass-" + insider.username, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- request size ---------------------------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_it_answers_a_form_over_the_limit_with_a_persian_413(client, db):
    response = client.post(
        "/accounts/login/", "username=" + "a" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "حجم درخواست بیش از حد" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_it_answers_too_many_fields_with_a_persian_413(client, db):
    response = client.post("/accounts/login/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 413
    assert "حجم درخواست بیش از حد" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_it_answers_json_over_the_limit_in_the_api_error_format(api, territory, insider):
    response = api(insider).post(
        "/api/v1/centers/", {"name": "ک" * 2000, "unit": territory.yousefabad.pk}, format="json"
    )
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large"
    assert set(body) == {"code", "message", "errors"}
    assert "حجم" in body["message"]


@override_settings(KANOON_MAX_REQUEST_SIZE=10_000)
def test_it_answers_an_upload_over_the_limit_with_413(api, territory, insider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("members.xlsx", b"x" * 20_000)
    response = api(insider).post("/api/v1/centers/", {"file": big}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


# --- database unavailable -------------------------------------------------------------------------


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_it_answers_503_with_retry_after_while_the_database_is_away(web, territory, insider, error):
    with mock.patch("kanoon.core.views.unit_roots", side_effect=error("server closed the connection")):
        response = web(insider).get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "پایگاه داده موقتاً در دسترس نیست" in response.content.decode()


def test_it_answers_503_in_the_api_error_format(api, territory, insider):
    with mock.patch(
        "kanoon.geo.api.UnitViewSet.get_queryset", side_effect=OperationalError("connection refused")
    ):
        response = api(insider).get("/api/v1/units/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["code"] == "unavailable"


def test_it_turns_a_connection_error_outside_a_view_into_503(db):
    request = RequestFactory().get("/api/v1/units/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def test_it_keeps_a_sqlite_query_error_a_500_but_a_locked_database_a_503(db):
    import sqlite3

    request = RequestFactory().get("/")
    for message, status in [("LIKE or GLOB pattern too complex", 500), ("database is locked", 503)]:
        try:
            try:
                raise sqlite3.OperationalError(message)
            except sqlite3.OperationalError as cause:
                raise OperationalError(message) from cause
        except OperationalError:
            assert server_error(request).status_code == status, message
