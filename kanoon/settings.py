"""One settings module, read from environment variables.

DATABASE_URL       default: SQLite file var/kanoon.sqlite3
KANOON_ENV         "production" (default) or "demo" (`make demo`, a laptop)
KANOON_SECRET_KEY  required in production (KANOON_ENV=production and KANOON_DEBUG off)
KANOON_DEBUG       "1"/"true" to enable debug
KANOON_HTTPS, KANOON_SECURE_*, KANOON_*_COOKIE_SECURE, KANOON_CSRF_TRUSTED_ORIGINS: see docs/deployment.md
REDIS_URL          optional; without it background tasks run inline
KANOON_SMS_BACKEND / KANOON_EMAIL_BACKEND   dotted paths of the notification backends
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("KANOON_VAR_DIR", PROJECT_DIR / "var"))


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or envbool("KANOON_TESTING")
DEBUG = envbool("KANOON_DEBUG", False)
# "production" (the default: every secret comes from the environment) or "demo" (`make demo`).
KANOON_ENV = os.environ.get("KANOON_ENV", "").strip().lower() or "production"
if KANOON_ENV not in {"production", "demo"}:
    raise ImproperlyConfigured(f"KANOON_ENV must be 'production' or 'demo', not {KANOON_ENV!r}.")


def _secret_key() -> str:
    """KANOON_SECRET_KEY; only a demo, debug or test run may fall back to a key kept in var/secret_key."""
    if os.environ.get("KANOON_SECRET_KEY"):
        return os.environ["KANOON_SECRET_KEY"]
    if not (DEBUG or TESTING or KANOON_ENV == "demo"):
        raise ImproperlyConfigured(
            "KANOON_SECRET_KEY is not set. In production set it to a long random value, the same on "
            "every app server (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`); "
            "for a local demo set KANOON_ENV=demo (as `make demo` does)."
        )
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Only the names the site is served under: a forged Host header gets a 400, never a page whose links
# (e.g. the API's `next`) point elsewhere. Any host only while debugging.
ALLOWED_HOSTS = envlist("KANOON_ALLOWED_HOSTS", "*" if DEBUG else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("KANOON_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "simple_history",
    "django_htmx",
    "kanoon.core",
    "kanoon.geo",
    "kanoon.accounts",
    "kanoon.audit",
    "kanoon.centers",
    "kanoon.assemblies",
    "kanoon.monitoring",
    "kanoon.notifications",
    "kanoon.organizations",
    "kanoon.files",
    "kanoon.people",
    "kanoon.meetings",
    "kanoon.opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kanoon.core.middleware.SecurityHeadersMiddleware",
    "kanoon.core.middleware.RequestSizeMiddleware",
    "kanoon.core.badinput.BadInputMiddleware",
    "kanoon.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kanoon.urls"
# every form marks its invalid fields (Bootstrap is-invalid beside Django's aria-invalid)
FORM_RENDERER = "kanoon.core.forms.Renderer"
WSGI_APPLICATION = "kanoon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kanoon.core.context_processors.kanoon",
            ],
            "builtins": ["kanoon.core.templatetags.kanoon"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kanoon.sqlite3'}",
        conn_max_age=envint("KANOON_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kanoon.accounts.backends.UsernameOrMobileBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "kanoon.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock the ACCOUNT (whatever spelling of its username or mobile was typed, from any
# address) after AXES_FAILURE_LIMIT failures, and the client ADDRESS (whatever accounts it tried)
# after AXES_IP_FAILURE_LIMIT. See kanoon.accounts.backends.
AXES_FAILURE_LIMIT = envint("KANOON_LOGIN_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = envint("KANOON_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_USERNAME_CALLABLE = "kanoon.accounts.backends.axes_username"
AXES_HANDLER = "kanoon.accounts.backends.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kanoon.accounts.views.lockout"
AXES_VERBOSE = False

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from finders; an empty root is fine
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# attachments (kanoon.files): outside MEDIA_ROOT, reached only through the scoped download view
KANOON_PRIVATE_ROOT = Path(os.environ.get("KANOON_PRIVATE_ROOT") or VAR_DIR / "private")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic work, run by `celery -A kanoon beat` (one beat process per deployment; see
# docs/deployment.md). KANOON_BEAT_INTERVAL (seconds) runs every entry that often instead, for a
# staging check or CI (`.ci/celery-live`).
_BEAT_INTERVAL = int(os.environ.get("KANOON_BEAT_INTERVAL", "0") or 0)


def _beat(**crontab_kwargs):  # type: ignore[no-untyped-def]
    if _BEAT_INTERVAL:
        return float(_BEAT_INTERVAL)
    from celery.schedules import crontab

    return crontab(**crontab_kwargs)


CELERY_BEAT_SCHEDULE = {
    # reporters and approvers are told of quarterly reports past their due date (once each)
    "monitoring-overdue-reports": {"task": "monitoring.overdue_reports", "schedule": _beat(hour=8, minute=0)},
    # assemblies holding problems past their due date, and their parents
    "assemblies-overdue-problems": {
        "task": "assemblies.notify_overdue",
        "schedule": _beat(hour=7, minute=30),
    },
    # one digest per user of the notifications they take daily
    "notifications-digests": {"task": "notifications.send_digests", "schedule": _beat(hour=18, minute=0)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kanoon.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "kanoon.core.api.AutoSchema",
    "EXCEPTION_HANDLER": "kanoon.core.drf.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kanoon API",
    "DESCRIPTION": "API of Kanoon (کانون), the platform for community participation in health. "
    "Authenticate with POST /api/v1/auth/token/ and send `Authorization: Token <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # one clear name per choice set that shares a field name across apps
    "ENUM_NAME_OVERRIDES": {
        "CenterStatusEnum": "kanoon.centers.models.CenterStatus",
        "MembershipStatusEnum": "kanoon.centers.models.MembershipStatus",
        "ImportStatusEnum": "kanoon.centers.models.ImportStatus",
        "GroupTopicEnum": "kanoon.centers.models.GroupTopic",
        "MeetingStatusEnum": "kanoon.assemblies.models.MeetingStatus",
        "ResolutionStatusEnum": "kanoon.assemblies.models.ResolutionStatus",
        "ProblemTopicEnum": "kanoon.assemblies.models.Topic",
        "ProblemStatusEnum": "kanoon.assemblies.models.ProblemStatus",
        "ReportStatusEnum": "kanoon.monitoring.models.ReportStatus",
        "OrganizationKindEnum": "kanoon.organizations.models.Kind",
        "AttachmentKindEnum": "kanoon.files.models.Kind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

KANOON_SMS_BACKEND = os.environ.get("KANOON_SMS_BACKEND", "kanoon.core.notify.ConsoleSMSBackend")
EMAIL_BACKEND = os.environ.get("KANOON_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("KANOON_FROM_EMAIL", "kanoon@localhost")
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    KANOON_SMS_BACKEND = "kanoon.core.notify.MemorySMSBackend"
PASSWORD_RESET_CODE_MINUTES = 15

# HTTPS (docs/deployment.md). KANOON_HTTPS=1 turns every switch on (redirect, secure cookies, HSTS for a
# year with subdomains and preload); each KANOON_SECURE_*/KANOON_*_COOKIE_SECURE variable overrides it.
HTTPS = envbool("KANOON_HTTPS", False)
SECURE_SSL_REDIRECT = envbool("KANOON_SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # the load balancer probes over plain HTTP
SESSION_COOKIE_SECURE = envbool("KANOON_SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = envbool("KANOON_CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = envint("KANOON_SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("KANOON_SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = envbool("KANOON_SECURE_HSTS_PRELOAD", HTTPS)
SECURE_REFERRER_POLICY = os.environ.get("KANOON_SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


def _proxy_ssl_header() -> tuple[str, str] | None:
    """KANOON_SECURE_PROXY_SSL_HEADER: the header the TLS proxy sets, e.g. `X-Forwarded-Proto` or
    `X-Forwarded-Proto: https`. Set it only when the proxy overwrites that header on every request."""
    value = os.environ.get("KANOON_SECURE_PROXY_SSL_HEADER", "").strip()
    if not value:
        return None
    name, _, expected = value.partition(":")
    name = name.strip().upper().replace("-", "_")
    return (name if name.startswith("HTTP_") else f"HTTP_{name}", expected.strip() or "https")


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header()
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No CDN and no inline script anywhere (kanoon/static/kanoon/kanoon.js wires the page helpers).
KANOON_CONTENT_SECURITY_POLICY = os.environ.get(
    "KANOON_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
# Request size: a body over these is a Persian 413 (kanoon.core.middleware.RequestSizeMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("KANOON_MAX_FORM_SIZE", 2_621_440)  # fields and JSON, not files
KANOON_MAX_REQUEST_SIZE = envint("KANOON_MAX_REQUEST_SIZE", 25 * 1024 * 1024)  # whole body, files included
KANOON_RETRY_AFTER_SECONDS = envint("KANOON_RETRY_AFTER_SECONDS", 30)  # 503 while the database is away

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KANOON_LOG_LEVEL", "WARNING")},
}
