"""SpasmCare settings, read from the environment (see README, "Settings").

Every variable has a default that works on a fresh checkout: SQLite in ./data, a secret key
generated once into ./data, DEBUG off. Bad values fail loudly at start-up.
"""

import os
import re
import secrets
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from spasmcare.core.files import create_once

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SPASMCARE_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def stored_secret(filename: str) -> str:
    """A random secret made on first start and kept in the data folder (never committed)."""
    path = DATA_DIR / filename
    create_once(path, secrets.token_urlsafe(50).encode())
    return path.read_text().strip()


DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or stored_secret("secret_key")
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SITE_NAME = "SpasmCare"

INSTALLED_APPS = [
    # Before the admin, so its translated fields get the admin's widgets (content per language).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "adminsortable2",
    "spasmcare.core",
    "spasmcare.accounts",
    "exercises",
    "spasmcare.learn",
    "spasmcare.history",
    "spasmcare.reminders",
    "spasmcare.recovery",
    "spasmcare",
]

MIDDLEWARE = [
    # Takes the page-only headers SecurityMiddleware sets off static files (core/middleware.py).
    "spasmcare.core.middleware.StaticFileHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compress to a tenth of their size; CSRF tokens are masked per response (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    # Django's, except that a request still carrying the key a log-in just rotated away doesn't
    # delete the new session cookie (spasmcare/accounts/sessions.py).
    "spasmcare.accounts.sessions.SessionMiddleware",
    # The page's language from its URL (/nl/…, /es/…; English unprefixed), before CommonMiddleware
    # so a missing slash is added to a Dutch or Spanish URL too.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An unprefixed page in the person's own language: their account's, else the language cookie,
    # else the browser's (spasmcare/core/languages.py).
    "spasmcare.core.languages.preferred_language",
    "spasmcare.accounts.middleware.user_time_zone",
    "spasmcare.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "spasmcare.core.middleware.HtmxLoginRequiredMiddleware",
]

ROOT_URLCONF = "spasmcare.urls"
WSGI_APPLICATION = "spasmcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE for templates (cached fragments vary by language through content_revision).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "spasmcare.core.languages.language_context",
                "spasmcare.history.context_processors.queue_owner",
                "spasmcare.core.caching.revision_context",
            ],
            # {% translate %} and {% blocktranslate %} in every template without a {% load %}.
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

# SQLite by default, tuned for a web server with several threads or processes writing:
# WAL lets readers and one writer work at once, the busy timeout waits for a lock instead of
# failing, and IMMEDIATE transactions take the write lock up front so two writers never
# deadlock on an upgrade from a read lock ("database is locked").
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'spasmcare.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else DATABASES["default"]["CONN_MAX_AGE"]
    # Tests use a file too, so other processes (several reminder workers) can share it; one
    # per test run, so runs side by side don't clobber each other.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"spasmcare-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }

# Public content pages and the content parts of pages (spasmcare/core/caching.py). Their keys hold
# the content revision, so each process may keep its own; the limit bounds memory (an entry is
# 1-80 KB, most under 20). Several app servers can share one Redis instead (README, "Caching").
# Sessions and throttles live in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "history"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Languages: English at /…, Dutch at /nl/…, Spanish at /es/… (spasmcare/urls.py), each named in
# its own language so a person finds theirs in the chooser whichever language the page is in.
# A language is offered only when its safety-critical text is translated (tests/test_catalogues.py).
# Catalogues: spasmcare/locale/<code>/LC_MESSAGES/django.po; `make messages` updates and compiles
# them, `make setup` compiles them (CONTRIBUTING, "Translations").
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "spasmcare" / "locale"]
USE_I18N = True
# English keeps the British date style (25 Oct 2026, 24-hour clock); spasmcare/formats/en/.
FORMAT_MODULE_PATH = ["spasmcare.formats"]
# A signed-out phone's choice lasts a year; the account keeps a signed-in person's (User.language).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
# Content per language (exercises/translation.py, spasmcare/learn/translation.py): the English stays
# in the original columns and in <field>_en; a text not yet translated is shown in English (a
# person's own routine keeps its name in every language: Routine.same_in_every_language).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # slugs come from the English name
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    # Uploaded illustrations: the local data folder by default; with several app servers, point
    # this at shared storage (e.g. "storages.backends.s3.S3Storage" from django-storages).
    "default": {
        "BACKEND": os.environ.get("SPASMCARE_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "spasmcare.core.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
# WhiteNoise's own table has no entry for the web app manifest and would send it as
# application/octet-stream, which browsers' install checks reject.
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# Only our own pages use our files, so WhiteNoise's "Access-Control-Allow-Origin: *" on every one
# is 33 bytes each a phone never needs (0.9 KB of the player's first load).
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Uploaded illustrations are re-encoded by Pillow; anything bigger is refused up front.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_IMAGE_BYTES = envint("SPASMCARE_MAX_UPLOAD_IMAGE_BYTES", 8 * 1024 * 1024)
MAX_UPLOAD_IMAGE_PIXELS = 40_000_000

# Nothing loads from another origin; scripts carry a nonce, styles come from our own files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "media-src": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browser features pages may use (the Permissions-Policy header; spasmcare/middleware.py): the
# player keeps the screen awake; everything else a page could ask for is refused. Vibration,
# sound, speech and notifications are not governed by this header.
PERMISSIONS_POLICY = {
    "screen-wake-lock": ["self"],
    **{
        feature: []
        for feature in (
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "serial",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        )
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_ENGINE = "spasmcare.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_SAMESITE = "Lax"

# Behind HTTPS (production): secure cookies, HSTS and a redirect from http, trusting the proxy's
# X-Forwarded-Proto header. Off by default so local runs over http://127.0.0.1 work.
HTTPS = envbool("SPASMCARE_HTTPS", False)
# How many proxies in front of the app add to X-Forwarded-For (for per-address throttling).
TRUSTED_PROXY_COUNT = envint("SPASMCARE_TRUSTED_PROXY_COUNT", 0)
if HTTPS:
    SECURE_SSL_REDIRECT = envbool("SPASMCARE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SPASMCARE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SPASMCARE_HSTS_INCLUDE_SUBDOMAINS", True)
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host not in ("*",)]


def mailer_from_env() -> dict:
    """SMTP from DJANGO_SMTP_URL (smtp://user:password@host:587, smtps://... for implicit TLS;
    STARTTLS is used on smtp:// unless ?tls=0), else DJANGO_EMAIL_BACKEND, else the console."""
    url = os.environ.get("DJANGO_SMTP_URL")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ImproperlyConfigured("DJANGO_SMTP_URL must look like smtp://user:password@host:587")
        query = parse_qs(parts.query)
        implicit_tls = parts.scheme == "smtps"
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname,
                "port": parts.port or (465 if implicit_tls else 587),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_ssl": implicit_tls,
                "use_tls": not implicit_tls and query.get("tls", ["1"])[0] != "0",
                "timeout": 20,
            },
        }
    backend = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    options = (
        {"file_path": os.environ["DJANGO_EMAIL_FILE_PATH"]}
        if os.environ.get("DJANGO_EMAIL_FILE_PATH")
        else {}
    )
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_env()}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "SpasmCare <hello@localhost>")
# Where links in reminder emails and calendar feeds point (no request to take it from there).
SITE_URL = os.environ.get("SPASMCARE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SPASMCARE_ALLOW_INSECURE_PUSH = envbool("SPASMCARE_ALLOW_INSECURE_PUSH", False)
# Who push services may contact about our traffic (VAPID "sub"): an email address or https://
# page; empty means DEFAULT_FROM_EMAIL's address. A system check warns when it is unreachable.
SPASMCARE_PUSH_CONTACT = os.environ.get("SPASMCARE_PUSH_CONTACT", "")
# Push endpoints are only accepted on the browsers' own push services (Chrome, Firefox, Edge,
# Safari), so a subscription can't make the server send requests anywhere else.
SPASMCARE_PUSH_HOSTS = envlist(
    "SPASMCARE_PUSH_HOSTS",
    "fcm.googleapis.com,updates.push.services.mozilla.com,notify.windows.com,push.apple.com",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}


def envphone(name: str, default: str) -> str:
    """A number a tel: link can dial: digits, spaces, dashes and a leading +, or empty."""
    value = os.environ.get(name, default).strip()
    if value and not re.fullmatch(r"\+?[0-9][0-9 -]{1,19}", value):
        raise ImproperlyConfigured(f"{name} must be a phone number like 112 or +44 111, not {value!r}")
    return value


# Numbers the safety pages offer with one tap. 112 reaches the emergency services from a mobile
# phone across Europe and in many other countries; there is no such common advice line, so it is
# shown only when set (e.g. 111 in the UK, 116 117 in Germany). Source: spasmcare/safety/SOURCES.md.
SPASMCARE_EMERGENCY_NUMBER = envphone("SPASMCARE_EMERGENCY_NUMBER", "112")
SPASMCARE_ADVICE_NUMBER = envphone("SPASMCARE_ADVICE_NUMBER", "")

# Uploaded illustrations are served by Django unless a web server or object storage does it.
SERVE_MEDIA = envbool("SPASMCARE_SERVE_MEDIA", True)
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/")
