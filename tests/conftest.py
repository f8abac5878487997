"""Shared personas and the real-Chromium fixtures for browser tests."""

import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import polib
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from pytest_django.live_server_helper import LiveServer
from whitenoise.base import WhiteNoise

from spasmcare.safety.rules import COOKIE
from spasmcare.settings import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told this is deliberate (it is: the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a calm walk in the park 42"

# In CI, Hypothesis draws the same examples on every run, so a red build means the change, not a
# new draw; a fault a random draw finds on a laptop is kept as an explicit example. Locally it
# explores new examples each run.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """The Dutch and Spanish catalogues compiled (.mo files are built, not committed), before any
    test activates a language. Written to a temporary file and moved into place, so parallel
    workers never read half a file. Collecting the tests may already have loaded a catalogue
    (a module that renders a page in Dutch at import), before its .mo existed: on a fresh clone
    the Dutch and Spanish pages then came out in English for the whole run. So whatever was
    loaded before is dropped, as Django does when LOCALE_PATHS changes (in every worker: another
    may have written the files this one found)."""
    for po_path in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo")
        os.close(handle)
        polib.pofile(str(po_path)).save_as_mofile(temporary)
        os.replace(temporary, mo_path)
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True)


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Serve hashed, compressed static files through WhiteNoise exactly as production does."""
    root = tempfile.mkdtemp(prefix="spasmcare-static-")
    settings.STATIC_ROOT = root
    call_command("collectstatic", interactive=False, verbosity=0)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def static_files_listed_once(collected_static):
    """Every test client builds its own middleware, and WhiteNoise's lists every collected file
    with its headers when it is built: some 80 ms a client, minutes a run. The files don't change
    during a run, so each folder is listed once and the list shared, as the requests of one
    server process share it."""

    listed = {}
    list_files = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        key = (root, prefix, self.max_age, self.allow_all_origins, self.charset, self.index_file)
        if key not in listed:
            files, self.files = self.files, {}
            list_files(self, root, prefix)
            listed[key], self.files = self.files, files
        self.files.update(listed[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Argon2 spends 100 MB and a tenth of a second or more on every hash, by design: every
    persona, log-in and sign-up would pay it. Tests about how passwords are stored ask for
    `production_password_hashing`."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def account_mail_sent_before_the_page_answers():
    """Account mail goes out on a thread of its own (spasmcare/accounts/mail.py); tests read
    mail.outbox straight after the response, so here it is sent first. Tests about the thread
    ask for `account_mail_in_the_background`."""
    with override_settings(ACCOUNT_MAIL_BLOCKING=True):
        yield


@pytest.fixture
def account_mail_in_the_background(settings):
    settings.ACCOUNT_MAIL_BLOCKING = False


@pytest.fixture
def production_password_hashing(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS


@pytest.fixture
def owner(db, django_user_model):
    return django_user_model.objects.create_user("owner@example.com", PASSWORD, timezone="Europe/London")


# For tests whose dates or hour are counted from now (sessions "yesterday", a pause "until
# tonight", the suggestion for this hour): Wednesday 25 November 2026, 09:30 in London, so a run
# that crosses midnight, a week's end or 11:00 counts them the same.
FROZEN_AT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def frozen_clock():
    """The wall clock stopped at FROZEN_AT for the whole test (time.monotonic still runs)."""
    with time_machine.travel(FROZEN_AT, tick=False):
        yield FROZEN_AT


@pytest.fixture
def other_user(db, django_user_model):
    return django_user_model.objects.create_user("other@example.com", PASSWORD)


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("editor@example.com", PASSWORD)


# ---- Browser tests ----


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and os.path.exists(c)), None)


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    reason = "Chromium not found (install Debian's chromium or set CHROMIUM_PATH)"
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{reason}; browser tests must run in CI.")
    print(f"\nSkipping browser tests: {reason}.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--autoplay-policy=no-user-gesture-required",
        ],
    }


def phone_context(playwright, browser, live_server, device: str, safety_checked=True, **extra):
    """A fresh phone-sized browser; by default one that has already answered the safety check,
    so tests about other things are not stopped at the first-routine gate."""
    descriptor = dict(playwright.devices[device])
    descriptor.pop("default_browser_type", None)
    context = browser.new_context(**descriptor, base_url=live_server.url, **extra)
    context.set_default_timeout(10_000)
    if safety_checked:
        pass_safety_check(context, live_server)
    return context


@pytest.fixture(params=["Pixel 7", "iPhone 13"])
def phone(request, playwright, browser, live_server):
    """A page in a fresh phone-sized context, once per phone size."""
    context = phone_context(playwright, browser, live_server, request.param)
    page = context.new_page()
    page.device_name = request.param
    yield page
    context.close()


@pytest.fixture
def pixel(playwright, browser, live_server):
    context = phone_context(playwright, browser, live_server, "Pixel 7")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but with static files served by WhiteNoise from the
    collected, hashed files, as in production (Django's test static handler only knows the
    unhashed source files)."""

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1"), start=False)
    server.thread.static_handler = lambda app: app
    server.start()
    yield server
    server.stop()


def log_in(context, user, live_server):
    """Give a browser context a real logged-in session cookie, as logging in would."""

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def safety_cookie(outcome: str = "fine") -> tuple[str, str]:
    """The signed cookie the safety check sets, as if this browser had answered it."""

    response = HttpResponse()
    response.set_signed_cookie(COOKIE, outcome)
    return COOKIE, response.cookies[COOKIE].value


def pass_safety_check(client_or_context, live_server=None, outcome: str = "fine"):
    name, value = safety_cookie(outcome)
    if live_server is None:
        client_or_context.cookies[name] = value
    else:
        client_or_context.add_cookies([{"name": name, "value": value, "url": live_server.url}])


def database_url_for_other_processes() -> str:
    """A DATABASE_URL that points another process at the test database, on either backend."""

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """LocaleMiddleware leaves the language of the last page a test asked for active in its
    thread: a test that asked for a Dutch page turned the next test's English words Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with no cached pages (some tests change rows with update(), which sends
    no signal to move the content revision, as a real edit through the admin would)."""

    for cache in caches.all():
        cache.clear()
