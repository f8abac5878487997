"""What independent clients read from SpasmCare: the W3C Nu HTML checker finds no error on any
page a person can reach (anonymous and signed in, including error pages, form errors and htmx
fragments), HEAD answers wherever GET does (uptime monitors use it), every static file carries
its registered media type, and date and time inputs hold the ISO values browsers require."""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.templatetags.static import static
from django.test import Client
from django.urls import get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from spasmcare.accounts.forms import SettingsForm
from spasmcare.history.models import CompletedSession
from spasmcare.reminders import emails
from spasmcare.reminders.models import PushSubscription, Reminder
from spasmcare.views import APP_SHELL

from .conftest import pass_safety_check
from .test_history import add_session

pytestmark = pytest.mark.django_db

NU_WARNINGS = os.environ.get("NU_WARNINGS") == "1"  # set to see the checker's warnings too
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ANONYMOUS_PAGES = [
    "/",
    "/exercises/",
    "/exercises/?kind=stretch&area=lower-back&position=lying&difficulty=gentle",
    "/exercises/?q=no+such+exercise",
    "/exercises/knees-to-chest/",
    "/routines/",
    "/routines/spasm-relief/",
    "/routines/desk-break/play/",
    "/relief/",
    "/safety-check/",
    "/safety-check/?reason=pain&next=/routines/desk-break/play/",
    "/learn/",
    "/learn/home-care/",
    "/learn/emergency-signs/",
    "/accounts/login/",
    "/accounts/login/?next=/history/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/accounts/reset/MQ/not-a-real-token/",
    "/accounts/reset/done/",
    "/offline/",
    "/no-such-page/",
    # In Dutch and Spanish: the lang attribute, hreflang alternates, the chooser, long words.
    "/nl/",
    "/nl/routines/spasm-relief/play/",
    "/nl/exercises/knees-to-chest/",
    "/nl/language/",
    "/es/relief/",
    "/es/safety-check/",
    "/es/learn/home-care/",
]

SIGNED_IN_PAGES = [
    "/",
    "/exercises/",
    "/routines/desk-break/play/",
    "/history/",
    "/history/summary/",
    "/history/summary/?start=2026-02-30&end=soon",
    "/accounts/settings/",
    "/accounts/password/",
    "/accounts/password/done/",
    "/accounts/delete/",
    "/reminders/",
    "/welcome/?next=/routines/",
]


@pytest.fixture
def anonymous():
    client = Client()
    pass_safety_check(client)
    return client


@pytest.fixture
def signed_in(frozen_clock, owner):
    today = owner.local_today()
    for days_ago in range(0, 60, 4):
        add_session(
            owner, today - timedelta(days=days_ago), pain=(6, 3), note="Easier today" if days_ago % 8 else ""
        )
    Reminder.objects.create(user=owner, enabled=True, email_enabled=True, weekdays="0123456")
    PushSubscription.objects.create(
        user=owner, endpoint="https://fcm.googleapis.com/fcm/send/mine", p256dh="k", auth="a"
    )
    client = Client()
    client.force_login(owner)
    pass_safety_check(client)
    return client


def every_page(anonymous: Client, signed_in: Client, owner) -> dict[str, bytes]:
    """Every page a person can reach, by a label naming how: GETs, the pages that answer a
    form (with and without errors), the htmx fragments and the error pages."""
    pages: dict[str, bytes] = {}

    def keep(label, response, status=None):
        if status is not None:
            assert response.status_code == status, (label, response.status_code)
        pages[label] = response.content

    for url in ANONYMOUS_PAGES:
        keep(f"anonymous {url}", anonymous.get(url))
    for url in SIGNED_IN_PAGES:
        keep(f"signed in {url}", signed_in.get(url))

    # The player before the safety check, and when the check said not to exercise.
    keep("player, check not taken", Client().get("/routines/desk-break/play/"), 200)
    urgent = Client()
    pass_safety_check(urgent, outcome="urgent")
    keep("player, urgent outcome", urgent.get("/routines/desk-break/play/"), 200)
    soon = Client()
    pass_safety_check(soon, outcome="soon")
    keep("player, see a doctor soon", soon.get("/routines/desk-break/play/"), 200)

    # The safety check's four outcomes, and its form with errors.
    no = {"emergency_signs": "no", "urgent_signs": "no", "see_soon_signs": "no"}
    for outcome, answers in {
        "emergency": {**no, "emergency_signs": "yes"},
        "urgent": {**no, "urgent_signs": "yes"},
        "soon": {**no, "see_soon_signs": "yes"},
        "fine": no,
    }.items():
        keep(
            f"safety result {outcome}",
            Client().post("/safety-check/", {**answers, "next": "/routines/desk-break/play/"}),
            200,
        )
    keep("safety check unanswered", Client().post("/safety-check/", {}), 400)
    keep("relief, emergency", Client().post("/relief/", {"answer": "yes"}), 200)
    keep("relief, no answer", Client().post("/relief/", {}), 400)

    # Forms answered wrongly.
    keep(
        "login, wrong password",
        Client().post("/accounts/login/", {"username": owner.email, "password": "nope"}),
        400,
    )
    keep(
        "signup, bad",
        Client().post("/accounts/signup/", {"email": "not an email", "password1": "a", "password2": "b"}),
        400,
    )
    keep("reset, bad email", Client().post("/accounts/password/reset/", {"email": "nope"}), 400)
    keep("settings, bad", signed_in.post("/accounts/settings/", {"weekly_goal": "many"}), 400)
    keep("password change, bad", signed_in.post("/accounts/password/", {"old_password": "x"}), 200)
    keep("delete, bad", signed_in.post("/accounts/delete/", {"password": "wrong"}), 400)
    keep("reminders, bad", signed_in.post("/reminders/", {"enabled": "on", "time_of_day": "25:99"}), 400)
    session = CompletedSession.objects.filter(user=owner).first()
    keep("edit session", signed_in.get(f"/history/sessions/{session.pk}/edit/"), 200)
    keep("delete session?", signed_in.get(f"/history/sessions/{session.pk}/delete/"), 200)
    keep("note too long", signed_in.post(f"/history/sessions/{session.pk}/edit/", {"note": "x" * 2001}), 400)

    # A password reset link, as emailed.
    link = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(owner.pk))}/{default_token_generator.make_token(owner)}/"
    keep("reset, new password form", Client().get(link, follow=True), 200)

    # Unsubscribing from reminder emails: the question, the answer and a broken link.
    token = emails.unsubscribe_token(owner)
    keep("unsubscribe", Client().get(f"/reminders/unsubscribe/{token}/"), 200)
    keep("unsubscribe, done", Client().post(f"/reminders/unsubscribe/{token}/"), 200)
    keep("unsubscribe, broken link", Client().get("/reminders/unsubscribe/nope/"), 404)

    # The server error page, as Django's handler renders it.
    pages["500"] = loader.get_template("500.html").render().encode()

    # htmx fragments are parts of a page: checked inside a minimal document.
    htmx = {"HTTP_HX_REQUEST": "true"}
    fragments = {
        "library results": ("main", anonymous.get("/exercises/?kind=stretch", **htmx)),
        "history page 2": ("ul", signed_in.get("/history/?page=2", **htmx)),
        "session edit form": ("ul", signed_in.get(f"/history/sessions/{session.pk}/edit/", **htmx)),
        "session saved": (
            "ul",
            signed_in.post(
                f"/history/sessions/{session.pk}/edit/", {"pain_after": "2", "note": "Fine"}, **htmx
            ),
        ),
        "session edit error": (
            "ul",
            signed_in.post(f"/history/sessions/{session.pk}/edit/", {"note": "x" * 2001}, **htmx),
        ),
        "session card": ("ul", signed_in.get(f"/history/sessions/{session.pk}/", **htmx)),
        "delete question": ("ul", signed_in.get(f"/history/sessions/{session.pk}/delete/", **htmx)),
        "session deleted": ("ul", signed_in.post(f"/history/sessions/{session.pk}/delete/", **htmx)),
    }
    for label, (parent, response) in fragments.items():
        pages[f"fragment {label}"] = (
            b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fragment</title></head>'
            + f"<body><h1>Page</h1><h2>Part</h2><{parent}>".encode()
            + response.content
            + f"</{parent}></body></html>".encode()
        )

    # Pages showing a one-off message after a change.
    keep("settings saved", signed_in.post("/accounts/settings/", settings_form(owner), follow=True), 200)
    keep(
        "reminders saved",
        signed_in.post(
            "/reminders/",
            {"enabled": "on", "days": ["0", "2"], "time_of_day": "07:30", "pause_days": "3"},
            follow=True,
        ),
        200,
    )
    keep(
        "session deleted",
        signed_in.post(
            f"/history/sessions/{CompletedSession.objects.filter(user=owner).first().pk}/delete/", follow=True
        ),
        200,
    )
    keep("logged out", signed_in.post("/accounts/logout/", follow=True), 200)
    return pages


def settings_form(user) -> dict:
    form = SettingsForm(instance=user)
    return {name: value for name, field in form.fields.items() if (value := form[name].value()) is not None}


def nu_errors(documents: dict[str, bytes], workdir: Path) -> list[str]:
    """Run the Nu checker once over every document (the JVM takes seconds to start)."""
    names = {}
    for i, (label, body) in enumerate(documents.items()):
        path = workdir / f"page-{i}.html"
        path.write_bytes(body)
        names[path.name] = label
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            *([] if NU_WARNINGS else ["--errors-only"]),
            *sorted(str(p) for p in workdir.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{names.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        f" — {m.get('extract', '').strip()[:120]}"
        for m in messages
        if NU_WARNINGS or m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]


def test_every_page_a_person_can_reach_passes_the_nu_html_checker(anonymous, signed_in, owner, tmp_path):
    if not (shutil.which("java") and VNU_JAR.exists()):
        reason = "the Nu checker needs java and node_modules/vnu-jar (make test installs both)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    documents = every_page(anonymous, signed_in, owner)
    assert len(documents) > 50
    errors = nu_errors(documents, tmp_path)
    assert not errors, "\n".join(errors)


# ---- HEAD ----


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_head_answers_like_get_on_every_anonymous_page(anonymous, url):
    get, head = anonymous.get(url), anonymous.head(url)
    assert head.status_code == get.status_code != 405
    assert head.content == b""


@pytest.mark.parametrize("url", SIGNED_IN_PAGES + ["/accounts/export.json", "/accounts/export.csv"])
def test_head_answers_like_get_on_every_signed_in_page(signed_in, url):
    get, head = signed_in.get(url), signed_in.head(url)
    assert head.status_code == get.status_code != 405
    assert head["Content-Type"] == get["Content-Type"]


def test_head_answers_on_the_feed_unsubscribe_worker_and_today(client, owner):
    reminder = Reminder.objects.create(user=owner)
    for url in [
        f"/reminders/calendar/{reminder.calendar_token}.ics",
        f"/reminders/unsubscribe/{emails.unsubscribe_token(owner)}/",
        "/sw.js",
        "/reminders/today/",
    ]:
        assert client.head(url).status_code == client.get(url).status_code != 405, url


def test_no_view_refuses_head_while_answering_get():
    """The kind of fault, not just the pages above: no view in the project is limited to GET
    (require_GET, or require_http_methods without HEAD)."""

    def views(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from views(pattern.url_patterns)
            else:
                yield pattern.callback

    limited = 0
    for view in views(get_resolver().url_patterns):
        module = getattr(view, "__module__", "")
        if not module.startswith(("spasmcare", "exercises")):
            continue
        # require_http_methods keeps its list of methods in the view's closure.
        closure = [
            c.cell_contents
            for c in (getattr(view, "__closure__", None) or ())
            if isinstance(c.cell_contents, list)
        ]
        for methods in closure:
            limited += 1
            if "GET" in methods:
                assert "HEAD" in methods, f"{view.__qualname__} answers GET but not HEAD"
    assert limited >= 25  # the check saw the views' method lists


# ---- Media types ----

EXPECTED_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
}


def test_every_static_file_is_served_with_its_registered_type(client):
    sources = Path(settings.STATICFILES_DIRS[0])
    files = [p for p in sources.rglob("*") if p.is_file() and "admin" not in p.relative_to(sources).parts]
    assert any(p.suffix == ".webmanifest" for p in files)
    for path in files:
        name = path.relative_to(sources).as_posix()
        assert path.suffix in EXPECTED_TYPES, f"add the media type of {name} to EXPECTED_TYPES"
        response = client.get(static(name))
        assert response.status_code == 200, name
        assert response["Content-Type"].split(";")[0] == EXPECTED_TYPES[path.suffix], name


def test_the_service_worker_is_javascript(client):
    assert client.get("/sw.js")["Content-Type"] == "text/javascript; charset=utf-8"


# ---- Values in inputs ----


class Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.found.append(dict(attrs))


ISO = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "week": re.compile(r"\d{4}-W\d{2}"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
}


def test_printable_summary_dates_are_iso(signed_in, owner):
    page = signed_in.get("/history/summary/").content.decode()
    today = owner.local_today()
    assert f'value="{(today - timedelta(days=90)).isoformat()}"' in page
    assert f'value="{today.isoformat()}"' in page


def test_every_date_time_and_number_input_holds_a_value_browsers_accept(anonymous, signed_in, owner):
    checked = 0
    for label, body in every_page(anonymous, signed_in, owner).items():
        parser = Inputs()
        parser.feed(body.decode())
        for attrs in parser.found:
            pattern = ISO.get(attrs.get("type", "text"))
            if pattern and attrs.get("value"):
                checked += 1
                assert pattern.fullmatch(attrs["value"]), f"{label}: {attrs}"
    assert checked >= 3  # the summary's two dates and the reminder time at least


def test_a_date_or_time_that_could_not_be_read_is_kept_as_typed(signed_in):
    page = signed_in.get("/history/summary/", {"start": "2026-02-30", "end": "2026-03-01"}).content.decode()
    assert '<input type="text" name="start" value="2026-02-30"' in page
    assert '<input type="date" name="end" value="2026-03-01"' in page
    page = signed_in.post(
        "/reminders/", {"enabled": "on", "days": ["1"], "time_of_day": "25:99"}
    ).content.decode()
    assert '<input type="text" name="time_of_day" value="25:99"' in page


def test_every_module_the_player_imports_is_kept_for_offline_use():
    """A module missing from the worker's precache breaks the whole player offline, since an
    ES module graph loads all or nothing: the player's, the finished-sessions queue's on every
    page (base.html) and the flare-up form's."""

    root = Path(__file__).resolve().parent.parent
    static = root / "static"
    pages = "".join(path.read_text() for path in (root / "templates").rglob("*.html"))
    entries = ["js/player/main.js", "js/sessions.js", "js/flare-ups.js"]
    for entry in entries:
        assert f'<script type="module" src="{{% static \'{entry}\' %}}">' in pages, entry
    needed, todo = set(), list(entries)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        source = (static / name).read_text()
        for imported in re.findall(r'from\s+"(\.{1,2}/[^"]+)"', source):
            todo.append(os.path.normpath(Path(name).parent / imported).replace(os.sep, "/"))
    assert needed <= set(APP_SHELL), f"add to APP_SHELL: {sorted(needed - set(APP_SHELL))}"
