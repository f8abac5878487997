"""Malformed input never yields a 500.

Hypothesis throws random and hostile values at every form, query string and POST endpoint:
very long text, NUL bytes, markup, path tricks, SQL-ish strings, right-to-left text, impossible
dates, huge and negative numbers, NaN, wrong JSON types, deep nesting, invalid UTF-8 bodies and
%FF form fields. Every answer must be 2xx, 3xx or 4xx. A crash shows as a 500 response (the
client doesn't re-raise), and the failure message carries its traceback.

Each endpoint is its own test id. Examples per endpoint come from HYPOTHESIS_EXAMPLES (default
below); `HYPOTHESIS_EXAMPLES=1000 pytest tests/test_hostile_input.py` digs deeper.

Personas and rows are made once per test; each example runs inside a savepoint that is rolled
back, so one example's sign-up, deletion or changed password never leaks into the next.
"""

import base64
import json
import math
import os
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from unittest import mock
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Exercise, Routine
from spasmcare.accounts import email_change
from spasmcare.accounts import signup as signup_links
from spasmcare.core import tokens
from spasmcare.history.forms import EVENT_KEYS
from spasmcare.history.models import CompletedSession
from spasmcare.reminders import emails, push
from spasmcare.reminders.models import PushSubscription, Reminder
from spasmcare.safety.rules import COOKIE, QUESTIONS, RELIEF_COOKIE

from .conftest import PASSWORD
from .factories import spoken_form, with_languages

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "100"))

FORM_URLENCODED = "application/x-www-form-urlencoded"
JSON = "application/json"

# ---- Hostile values ----

# Markup that must never come back unescaped in an HTML page. Each is distinctive enough that
# no template contains it, so finding one in a response means input was echoed raw.
XSS = ('<script>alert("xss")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')

# fmt: off
NASTY = [
    # invisible and control characters
    "", " ", "\x00", "a\x00b", "\t\r\n", "\r\nSet-Cookie: hacked=1", "\ufeff", "\u200b",
    # markup, template syntax, format strings
    *XSS, "{{ request }}", "{% debug %}", "%s%s%n", "%00", "%FF", "&amp;&lt;",
    # paths and SQL
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd\x00.png", "....//....//",
    "' OR '1'='1", "1; DROP TABLE accounts_user; --", '" OR ""="', "admin'--",
    # right-to-left, emoji, combining marks
    "\u202eevil.exe\u202c", "שלום عليكم", "👩🏽‍⚕️🧘‍♀️" * 20, "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    # impossible and extreme dates and times
    "2026-02-30", "2026-13-01", "2025-02-29", "9999-12-31", "9999-12-31T23:59:59Z", "0001-01-01",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00+99:00", "24:00", "23:60",
    # numbers as text
    "-1", "0", "-0", "1.5", "1e309", "-1e309", "NaN", "Infinity", "-Infinity",
    "99999999999999999999999999", "9" * 5000, "true", "null", "[]", "{}", "on", "yes",
    # redirect targets and addresses
    "javascript:alert(1)", "//evil.example/", "https://evil.example/", "http://[::1", "///evil.example",
    "\\\\evil.example", "/\\evil.example", "https:evil.example",
    "a@b", "@", "owner@example.com", "OWNER@EXAMPLE.COM", "other@example.com", "x@" + "a" * 300 + ".com",
]
# fmt: on

# No lone surrogates: the test client (like a browser) can only send what encodes as UTF-8.
# Raw invalid UTF-8 goes in as bytes bodies and %FF sequences instead.
text = st.text(st.characters(codec="utf-8"), max_size=200)
long_text = st.builds(
    lambda unit, size: (unit * (size // len(unit) + 1))[:size],
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=8),
    st.integers(10_000, 200_000),
)
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    text,
    long_text,
    st.builds(lambda a, b, c: a + b + c, text, st.sampled_from(NASTY), text),
)
numbers = st.one_of(
    st.integers(-10, 300), st.integers(-(2**80), 2**80), st.floats(allow_nan=True, allow_infinity=True)
)
# What one form field can carry: text, numbers, booleans, or several values under one name.
form_scalar = st.one_of(hostile_text, numbers, st.booleans())
form_value = st.one_of(form_scalar, st.lists(form_scalar, max_size=5))
hostile_key = st.one_of(
    st.sampled_from(["", "\x00", "csrfmiddlewaretoken", "next", "a[]", "__proto__"]), text
)

json_scalar = st.one_of(
    st.none(), st.booleans(), numbers, st.sampled_from([math.nan, math.inf, -math.inf]), hostile_text
)
json_value = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.one_of(text, st.sampled_from(sorted(EVENT_KEYS))), inner, max_size=4)
    ),
    max_leaves=10,
)

ODD_CONTENT_TYPES = [
    FORM_URLENCODED,
    f"{FORM_URLENCODED}; charset=utf-16",  # Django refuses it with BadRequest
    f"{FORM_URLENCODED}; charset=no-such-charset",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=hostile",
    JSON,
    f"{JSON}; charset=latin-1",
    "text/plain",
    "application/octet-stream",
    "",
    "\x00",
]


def percent_bytes(raw: bytes) -> str:
    return "".join(f"%{b:02X}" for b in raw)


def raw_pairs(names: list[str]) -> st.SearchStrategy[bytes]:
    """A hand-made query string or form body: %FF-style bytes that are not UTF-8, raw bytes
    nobody percent-encoded, stray separators and repeated names."""
    name = st.one_of(st.sampled_from(names or ["x"]), st.binary(max_size=10).map(percent_bytes))
    value = st.one_of(
        st.binary(max_size=40).map(percent_bytes),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
        st.sampled_from(["%", "%F", "%GG", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "+", "=", "&&", ";"]),
        hostile_text.map(lambda t: quote(t[:5000])),
    )
    pair = st.builds(lambda n, v: f"{n}={v}", name, value)
    return st.lists(pair, max_size=6).map(lambda pairs: "&".join(pairs).encode("latin-1", "replace"))


def form(**good: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """A form built from the real field names: each field valid, hostile or missing, plus an
    occasional field the form doesn't know."""
    fields = st.fixed_dictionaries(
        {}, optional={name: st.one_of(strategy, form_value) for name, strategy in good.items()}
    )
    strangers = st.dictionaries(hostile_key, form_value, max_size=2)
    return st.builds(lambda extra, known: {**extra, **known}, strangers, fields)


def posted(forms: st.SearchStrategy[dict], names: list[str]) -> st.SearchStrategy[tuple]:
    """(body, content type) as a browser, a script or an attacker might send a form."""
    return st.one_of(
        forms.map(lambda data: (data, None)),  # multipart, as the test client builds it
        forms.map(lambda data: (urlencode(data, doseq=True), FORM_URLENCODED)),
        raw_pairs(names).map(lambda body: (body, FORM_URLENCODED)),
        st.tuples(st.binary(max_size=500), st.sampled_from(ODD_CONTENT_TYPES)),
    )


def query_string(forms: st.SearchStrategy[dict], names: list[str]) -> st.SearchStrategy[str]:
    """A QUERY_STRING as WSGI hands it over (bytes decoded as latin-1)."""
    return st.one_of(
        forms.map(lambda data: urlencode(data, doseq=True)),
        raw_pairs(names).map(lambda raw: raw.decode("latin-1")),
    )


def path_segment(real: list[str]) -> st.SearchStrategy[str]:
    """A URL path segment: a real one, a near miss or something hostile, percent-encoded."""
    return st.one_of(
        st.sampled_from(real),
        st.sampled_from(real).map(lambda r: r + "x"),
        st.sampled_from(real).map(str.upper),
        st.binary(min_size=1, max_size=30).map(percent_bytes),
        hostile_text.filter(bool).map(lambda t: quote(t[:3000], safe="")),
    )


def url_id(ids: dict[str, int]) -> st.SearchStrategy[str]:
    """A primary key in a URL: one's own, another person's, missing, huge, negative, not a number."""
    return st.one_of(
        st.sampled_from(sorted(ids.values())).map(str),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(
            ["0", "000", "9223372036854775807", "9223372036854775808", "9" * 40, "-1", "1.5", "1e3", "abc"]
            + ["%FF", "1%00", "%20", ""]
        ),
    )


htmx_or_not = st.sampled_from(
    [{}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}]
)
accept_headers = st.sampled_from(
    [{}, {"Accept": JSON}, {"Accept": "text/html"}, {"Accept": "*/*;q=\x00"}, {"HX-Request": "true"}]
)

# ---- Checks ----


def assert_handled(response, sent) -> None:
    """2xx, 3xx or 4xx, and no markup from the input echoed raw into an HTML page."""
    assert response.status_code < 500, (
        f"{response.status_code} for {str(sent)[:1500]}\n"
        + "".join(traceback.format_exception(*response.exc_info) if response.exc_info else [])[-6000:]
    )
    if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        for markup in XSS:
            assert markup not in body, f"unescaped {markup!r} in the page for {str(sent)[:500]}"


# Building a Client builds a handler, and WhiteNoise scans every static file when the handler
# loads its middleware (~0.2 s); one client, reset before each example, keeps examples fast.
CLIENT: list[Client] = []


def as_user(user=None) -> Client:
    """A client with no cookies from earlier examples, logged in as user if given. CSRF is
    checked as in production, with a valid token in the header as the app's own fetch() calls
    send it, so the middleware reads every POST body before the view does."""
    if not CLIENT:
        CLIENT.append(Client(raise_request_exception=False, enforce_csrf_checks=True))
    client = CLIENT[0]
    client.cookies.clear()
    token = get_random_string(32)
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    if user is not None:
        client.force_login(user)
    return client


def send(client: Client, path: str, body, content_type=None, headers=None):
    if content_type is None:
        return client.post(path, body, headers=headers)
    return client.generic("POST", path, body, content_type=content_type, headers=headers)


# ---- The people and rows each test starts from ----


class World:
    def __init__(self, owner, other_user, editor):
        self.owner, self.other, self.editor = owner, other_user, editor
        now = datetime.now(UTC).replace(microsecond=0)
        self.sessions = {}
        for name, user in (("own", owner), ("other", other_user)):
            started = now - timedelta(days=2)
            self.sessions[name] = CompletedSession.objects.create(
                user=user,
                routine_name="Spasm relief",
                started_at=started,
                ended_at=started + timedelta(minutes=6),
                local_date=started.date(),
                active_seconds=300,
                steps_done=4,
                steps_total=6,
                pain_before=5,
                note="Stiff",
            )
        self.reminder = Reminder.objects.create(user=owner, enabled=True, email_enabled=True)
        self.devices = {
            "own": PushSubscription.objects.create(
                user=owner,
                endpoint="https://fcm.googleapis.com/fcm/send/own",
                p256dh="x",
                auth="y",
                label="Phone",
            ),
            "other": PushSubscription.objects.create(
                user=other_user, endpoint="https://fcm.googleapis.com/fcm/send/other", p256dh="x", auth="y"
            ),
        }
        self.exercise = Exercise.objects.get(slug="cat-cow")
        self.unsubscribe_token = emails.unsubscribe_token(owner)
        self.signup_token = signup_links.make_token("new.person@example.com", "UTC", "/history/")
        self.email_change_token = tokens.seal(
            email_change.CHANGE,
            {
                "u": owner.pk,
                "old": owner.email,
                "new": "changed@example.com",
                "f": email_change._fingerprint(owner),
            },
        )
        self.token_for_another_purpose = signing.dumps(
            {"u": owner.pk, "e": owner.email}, salt="another.purpose", compress=True
        )


@pytest.fixture
def world(settings, tmp_path, monkeypatch, owner, other_user, editor):
    settings.DATA_DIR = tmp_path  # the VAPID key the reminders page makes, never data/'s one
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.delenv("SPASMCARE_VAPID_PRIVATE_KEY", raising=False)
    push.vapid.cache_clear()
    owner.safety_outcome = "fine"
    owner.save(update_fields=["safety_outcome"])
    yield World(owner, other_user, editor)
    push.vapid.cache_clear()


def run_examples(example: Callable) -> None:
    """Run example(data) EXAMPLES times, each in a savepoint rolled back afterwards."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def examples(data):
        mail.outbox = []
        with transaction.atomic():
            example(data)
            transaction.set_rollback(True)

    examples()


# ---- GET pages that read a query string, a cookie or a token in the URL ----

LIBRARY_FIELDS = ["q", "kind", "area", "position", "difficulty", "equipment"]


def library_filters(w: World, data):
    query = data.draw(
        query_string(
            form(
                q=st.sampled_from(["bridge", "", "cat"]),
                kind=st.sampled_from(["stretch", "strength", ""]),
                area=st.sampled_from(["lower-back", "hips", ""]),
                position=st.sampled_from(["lying", "sitting", "standing"]),
                difficulty=st.sampled_from(["gentle", "moderate"]),
                equipment=st.sampled_from(["none", "mat", "chair", "wall"]),
            ),
            LIBRARY_FIELDS,
        ),
        label="query",
    )
    headers = data.draw(htmx_or_not, label="headers")
    assert_handled(as_user().get("/exercises/", QUERY_STRING=query, headers=headers), query)


def history_page(w: World, data):
    query = data.draw(query_string(form(page=st.integers(-5, 20_000).map(str)), ["page"]), label="query")
    headers = data.draw(htmx_or_not, label="headers")
    assert_handled(as_user(w.owner).get("/history/", QUERY_STRING=query, headers=headers), query)


def history_summary(w: World, data):
    day = st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d/%m/%Y")))
    query = data.draw(query_string(form(start=day, end=day), ["start", "end"]), label="query")
    assert_handled(as_user(w.owner).get("/history/summary/", QUERY_STRING=query), query)


def learn_list(w: World, data):
    query = data.draw(query_string(form(page=st.just("2"), q=st.just("spasm")), ["page", "q"]), label="query")
    user = data.draw(st.sampled_from([None, w.owner]), label="user")
    assert_handled(as_user(user).get("/learn/", QUERY_STRING=query), query)


def cookie_header(data) -> str:
    """A Cookie header with hostile values for the safety cookies (signed by nobody)."""
    value = st.one_of(
        st.sampled_from(["fine", "emergency", "fine:abc:def", "no-emergency-signs", ""]),
        text,
        st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    )
    pairs = data.draw(
        st.lists(
            st.tuples(st.sampled_from([COOKIE, RELIEF_COOKIE, "sessionid", "csrftoken", "x"]), value),
            max_size=3,
        ),
        label="cookies",
    )
    return "; ".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "replace").decode("latin-1")


def safety_check_page(w: World, data):
    query = data.draw(
        query_string(
            form(
                next=st.sampled_from(["/routines/", "/history/", "https://evil.example/"]),
                reason=st.sampled_from(["due", "first", "pain"]),
            ),
            ["next", "reason"],
        ),
        label="query",
    )
    assert_handled(
        as_user().get("/safety-check/", QUERY_STRING=query, HTTP_COOKIE=cookie_header(data)), query
    )


def player(w: World, data):
    slug = data.draw(path_segment(["spasm-relief", "morning-mobility", "cat-cow"]), label="slug")
    query = data.draw(
        query_string(form(**{"from": st.sampled_from(["relief", "home", ""])}), ["from"]), label="query"
    )
    user = data.draw(st.sampled_from([None, w.owner, w.other]), label="user")
    client = as_user(user)
    extra = {} if user else {"HTTP_COOKIE": cookie_header(data)}
    assert_handled(client.get(f"/routines/{slug}/play/", QUERY_STRING=query, **extra), (slug, query))


def calendar_feed(w: World, data):
    token = data.draw(path_segment([w.reminder.calendar_token]), label="token")
    response = as_user().get(f"/reminders/calendar/{token}.ics")
    assert_handled(response, token)
    if token != w.reminder.calendar_token:
        assert response.status_code == 404


def unsubscribe_tokens(w: World, data) -> str:
    real = w.unsubscribe_token
    return data.draw(
        path_segment([real, real[:-1], w.token_for_another_purpose, real.replace(":", ".")]), label="token"
    )


def unsubscribe_get(w: World, data):
    token = unsubscribe_tokens(w, data)
    assert_handled(as_user().get(f"/reminders/unsubscribe/{token}/"), token)
    assert Reminder.objects.get(pk=w.reminder.pk).email_enabled, "a GET must never unsubscribe"


def unsubscribe_post(w: World, data):
    token = unsubscribe_tokens(w, data)
    body, content_type = data.draw(
        posted(form(**{"List-Unsubscribe": st.just("One-Click")}), ["List-Unsubscribe"]), label="body"
    )
    response = send(as_user(), f"/reminders/unsubscribe/{token}/", body, content_type)
    assert_handled(response, (token, body))
    if not Reminder.objects.get(pk=w.reminder.pk).email_enabled:
        assert emails.user_for_token(unquote(token)) == w.owner, (
            "only a token signed for the owner unsubscribes"
        )


def today(w: World, data):
    query = data.draw(query_string(form(), []), label="query")
    user = data.draw(st.sampled_from([None, w.owner]), label="user")
    assert_handled(as_user(user).get("/reminders/today/", QUERY_STRING=query), query)


def any_path(w: World, data):
    """Paths nobody linked to: the 404 page and the media and static handlers must cope."""
    prefix = data.draw(
        st.sampled_from(
            [
                "",
                "exercises/",
                "learn/",
                "routines/",
                "media/",
                "static/",
                "history/sessions/",
                "reminders/push/",
                "accounts/reset/",
            ]
        ),
        label="prefix",
    )
    rest = data.draw(
        st.lists(path_segment(["..", ".", "%2e%2e", "etc", "passwd", "%2F"]), min_size=1, max_size=4),
        label="rest",
    )
    path = "/" + prefix + "/".join(rest)
    assert_handled(as_user().get(path), path)


# ---- Forms ----


def post_form(w: World, data, path: str, user, **good):
    """Post a form built from these fields; returns the response and what was sent."""
    body, content_type = data.draw(posted(form(**good), list(good)), label="body")
    headers = data.draw(htmx_or_not, label="headers")
    response = send(as_user(user), path, body, content_type, headers)
    assert_handled(response, body)
    return response, (body, content_type)


def signup(w: World, data):
    post_form(
        w,
        data,
        "/accounts/signup/",
        None,
        email=st.sampled_from(["new@example.com", "Owner@Example.com", XSS[0] + "@example.com"]),
        timezone=st.sampled_from(["Europe/London", "UTC", "Mars/Olympus"]),
        next=st.sampled_from(["/history/", "//evil.example/"]),
    )


def login(w: World, data):
    response, _ = post_form(
        w,
        data,
        "/accounts/login/",
        None,
        username=st.sampled_from([w.owner.email, w.owner.email.upper()]),
        password=st.sampled_from([PASSWORD, PASSWORD + " "]),
        next=st.sampled_from(["/history/", "https://evil.example/"]),
    )
    if response.status_code == 302:
        assert not response["Location"].startswith(("http", "//", "/\\")), "login never redirects off-site"


def admin_login(w: World, data):
    post_form(
        w,
        data,
        reverse("admin:login"),
        None,
        username=st.sampled_from([w.editor.email, w.owner.email]),
        password=st.just(PASSWORD),
        next=st.sampled_from(["/admin/", "https://evil.example/"]),
    )


def password_reset(w: World, data):
    post_form(
        w,
        data,
        "/accounts/password/reset/",
        None,
        email=st.sampled_from([w.owner.email, "nobody@example.com"]),
    )
    accounts = set(get_user_model().objects.values_list("email", flat=True))
    for message in mail.outbox:
        assert set(message.to) <= accounts, "reset mail only goes to an existing account's own address"


def password_change(w: World, data):
    password = st.sampled_from(["a new and calm walk 43", PASSWORD])
    post_form(
        w,
        data,
        "/accounts/password/",
        w.owner,
        old_password=st.just(PASSWORD),
        new_password1=password,
        new_password2=password,
    )


def account_settings(w: World, data):
    flag = st.sampled_from(["on", "true", ""])
    post_form(
        w,
        data,
        "/accounts/settings/",
        w.owner,
        timezone=st.sampled_from(["Europe/London", "UTC", "localtime", "Factory"]),
        weekly_goal=st.integers(-1, 9).map(str),
        cue_sound=flag,
        cue_voice=flag,
        cue_vibrate=flag,
    )


def password_received(body, content_type) -> str | None:
    """The password the view reads from this body, as Django parses it."""
    if content_type is None:
        value = body.get("password")
        return (
            str(value[-1] if isinstance(value, list) and value else value)
            if value not in (None, [])
            else None
        )
    if content_type == FORM_URLENCODED:
        return QueryDict(body if isinstance(body, bytes) else body.encode()).get("password")
    return None


def delete_account(w: World, data):
    _, sent = post_form(
        w,
        data,
        "/accounts/delete/",
        w.owner,
        password=st.sampled_from([PASSWORD, PASSWORD.upper(), PASSWORD + "\x00"]),
    )
    if not get_user_model().objects.filter(pk=w.owner.pk).exists():
        assert password_received(*sent) == PASSWORD, f"deleted with a wrong password: {str(sent)[:300]}"


def safety_check(w: World, data):
    answers = {q.name: st.sampled_from(["yes", "no"]) for q in QUESTIONS}
    user = data.draw(st.sampled_from([None, w.owner]), label="user")
    post_form(
        w,
        data,
        "/safety-check/",
        user,
        **answers,
        next=st.sampled_from(["/routines/spasm-relief/play/", "https://evil.example/"]),
    )


def relief(w: World, data):
    post_form(
        w,
        data,
        "/relief/",
        None,
        answer=st.sampled_from(["yes", "no", "maybe"]),
        next=st.sampled_from(["/routines/spasm-relief/play/", "<img src=x onerror=alert(1)>", "home"]),
    )


def reminder_settings(w: World, data):
    post_form(
        w,
        data,
        "/reminders/",
        w.owner,
        enabled=st.sampled_from(["on", ""]),
        time_of_day=st.sampled_from(["07:30", "23:59", "00:00", "7", "12:00:00"]),
        days=st.lists(st.integers(-1, 8).map(str), max_size=8),
        email_enabled=st.sampled_from(["on", ""]),
        pause_days=st.sampled_from(["", "1", "3", "30", "0", "31"]),
    )


def resume_reminders(w: World, data):
    post_form(w, data, "/reminders/resume/", w.owner)


def new_calendar_address(w: World, data):
    post_form(w, data, "/reminders/calendar/new/", w.owner)


def push_test(w: World, data):
    # No request leaves the machine: the push service's answers are drawn too.
    outcomes = data.draw(st.lists(st.sampled_from(["sent", "gone", "failed"]), min_size=5, max_size=5))
    body, content_type = data.draw(posted(form(), []), label="body")
    headers = data.draw(accept_headers, label="headers")
    with mock.patch.object(push, "send_push", side_effect=outcomes):
        assert_handled(send(as_user(w.owner), "/reminders/push/test/", body, content_type, headers), body)


def edit_session(w: World, data):
    pk = data.draw(url_id({k: s.pk for k, s in w.sessions.items()}), label="pk")
    response, _ = post_form(
        w,
        data,
        f"/history/sessions/{pk}/edit/",
        w.owner,
        note=st.sampled_from(["Felt looser", ""]),
        pain_before=st.sampled_from(["0", "10", ""]),
        pain_after=st.sampled_from(["3", ""]),
        feeling=st.sampled_from(["about_right", "too_hard", ""]),
    )
    if pk == str(w.sessions["other"].pk):
        assert response.status_code >= 400, "another person's session answers 404 (or 400 for a broken body)"
    assert CompletedSession.objects.get(pk=w.sessions["other"].pk).note == "Stiff", (
        "another person's note never changes"
    )


def delete_session(w: World, data):
    pk = data.draw(url_id({k: s.pk for k, s in w.sessions.items()}), label="pk")
    response, _ = post_form(w, data, f"/history/sessions/{pk}/delete/", w.owner)
    assert CompletedSession.objects.filter(pk=w.sessions["other"].pk).exists(), (
        "another person's session is never deleted"
    )


def exercise_form(e: Exercise) -> dict:
    """The admin change form for an exercise, filled in as it stands."""
    return with_languages(
        e,
        {
            "name": e.name,
            "slug": e.slug,
            "purpose": e.purpose,
            "kind": e.kind,
            "is_published": "on",
            "instructions": e.instructions,
            "breathing": e.breathing,
            "cautions": e.cautions,
            "hold_seconds": e.hold_seconds or "",
            "reps": e.reps or "",
            "rep_seconds": e.rep_seconds,
            "position": e.position,
            "difficulty": e.difficulty,
            "equipment": e.equipment,
            "body_areas": [a.pk for a in e.body_areas.all()],
            "figure": e.figure,
            **spoken_form(e),
            "_save": "Save",
        },
    )


def admin_exercise(w: World, data):
    """An editor saving the exercise form with hostile values; whatever is saved must still
    show on the public pages and in the admin afterwards."""
    e = w.exercise
    valid = exercise_form(e)
    drawings = st.sampled_from(
        [
            "",
            "exercises/figures/bridge.svg",
            "exercises/figures/nope.svg",
            "../../etc/passwd",
            "/etc/passwd",
            "https://evil.example/x.svg",
        ]
    )
    changes = data.draw(
        st.dictionaries(
            st.sampled_from([*valid, "per_side", "image-clear", "_continue", "_saveasnew"]),
            st.one_of(form_value, drawings),
            max_size=3,
        ),
        label="changes",
    )
    # Autocomplete fields: Django's widget looks the posted id up again when the form is shown
    # with errors, so anything that isn't an id must be stopped before it gets there.
    variants = st.one_of(
        st.sampled_from(["", " ", "abc", "²", "١٢", str(2**63)]),
        st.sampled_from(list(Exercise.objects.values_list("pk", flat=True)[:3])),
        st.integers(-(2**70), 2**70),
        form_value,
    )
    changes |= data.draw(
        st.fixed_dictionaries({}, optional={"easier": variants, "harder": variants}), label="variants"
    )
    removed = data.draw(st.sets(st.sampled_from(list(valid)), max_size=2), label="removed")
    upload = data.draw(
        st.one_of(
            st.none(),
            st.builds(
                SimpleUploadedFile,
                st.sampled_from(["a.jpg", "../../x.png", "x.svg", "\x00.webp", "a" * 300 + ".png"]),
                st.one_of(
                    st.binary(max_size=200),
                    st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
                    st.just(b"<svg onload=alert(1)>"),
                ),
                st.sampled_from(["image/png", "image/jpeg", "text/html", "image/svg+xml"]),
            ),
        ),
        label="image",
    )
    body = {k: v for k, v in {**valid, **changes}.items() if k not in removed}
    if upload is not None:
        body["image"] = upload
    pk = data.draw(st.one_of(st.just(str(e.pk)), url_id({"exercise": e.pk})), label="pk")
    client = as_user(w.editor)
    response = client.post(f"/{reverse('admin:index').strip('/')}/exercises/exercise/{pk}/change/", body)
    assert_handled(response, body)
    if response.status_code == 302:
        for saved in {Exercise.objects.get(pk=e.pk), Exercise.objects.order_by("-pk").first()}:
            for page in (
                f"/exercises/{saved.slug}/",
                reverse("admin:exercises_exercise_change", args=[saved.pk]),
            ):
                assert_handled(client.get(page), (body, page))


# ---- JSON endpoints ----

SESSION_FIELDS = [
    "key",
    "routine",
    "started_at",
    "ended_at",
    "active_seconds",
    "steps_done",
    "steps_total",
    "pain_before",
    "pain_after",
    "feeling",
    "note",
    "events",
]


def valid_session() -> dict:
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    return {
        "key": str(uuid.uuid4()),
        "routine": "spasm-relief",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=6)).isoformat(),
        "active_seconds": 330,
        "steps_done": 6,
        "steps_total": 6,
        "pain_before": 4,
        "events": [{"type": "hurt", "step": 3, "pain": 4, "action": "carry-on"}],
    }


moments = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),  # no zone: read as the server's
    st.builds(
        lambda minutes: (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat(),
        st.integers(-(10**6), 10**6),
    ),
    st.integers(-(2**40), 2**40),  # epoch seconds, as a careless client might send
)
events = st.one_of(
    st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(sorted(EVENT_KEYS), json_value)), max_size=60),
    st.lists(json_value, max_size=5),
    json_value.map(json.dumps),  # events as a JSON string inside the JSON
)
session_values = {
    "key": st.one_of(
        st.uuids().map(str),
        st.uuids().map(lambda u: u.hex.upper()),
        st.uuids().map(lambda u: "{" + str(u) + "}"),
    ),
    "routine": st.sampled_from(["spasm-relief", "morning-mobility", "no-such-routine", ""]),
    "started_at": moments,
    "ended_at": moments,
    "active_seconds": numbers,
    "steps_done": numbers,
    "steps_total": numbers,
    "pain_before": numbers,
    "pain_after": numbers,
    "feeling": st.sampled_from(["too_easy", "about_right", "too_hard", "TOO_EASY"]),
    "note": hostile_text,
    "events": events,
}


@st.composite
def session_payloads(draw) -> dict:
    """A real finish-screen payload with some fields missing and some replaced by hostile or
    wrong-typed values, plus fields the form has never heard of."""
    payload = valid_session()
    for name in draw(st.sets(st.sampled_from(SESSION_FIELDS), max_size=3), label="missing"):
        payload.pop(name, None)
    for name in draw(st.sets(st.sampled_from(SESSION_FIELDS), max_size=4), label="replaced"):
        payload[name] = draw(st.one_of(session_values[name], json_value), label=name)
    payload.update(draw(st.dictionaries(text, json_value, max_size=2), label="extra"))
    return payload


def deep_nesting(opening: str, closing: str) -> st.SearchStrategy[bytes]:
    return st.integers(100, 100_000).map(lambda n: (opening * n + closing * n).encode())


def json_bodies(payloads: st.SearchStrategy[dict]) -> st.SearchStrategy[bytes]:
    encoded = payloads.map(lambda p: json.dumps(p, allow_nan=True).encode())
    return st.one_of(
        encoded,
        encoded,  # weighted: most examples get past the parser
        json_value.map(lambda v: json.dumps(v, allow_nan=True).encode()),  # valid JSON, not an object
        st.binary(max_size=300),
        st.builds(
            lambda b, at, junk: b[:at] + junk + b[at:],
            encoded,
            st.integers(0, 200),
            st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\xf4\x90\x80\x80"]),
        ),
        payloads.map(lambda p: json.dumps(p, ensure_ascii=False).encode("utf-16")),
        deep_nesting("[", "]"),
        deep_nesting('{"a":', "}").map(lambda b: b.replace(b"}", b"0}", 1)),
        st.integers(4300, 20_000).map(lambda n: b'{"steps_done": 1' + b"0" * n + b"}"),
        st.sampled_from(
            [b"", b"null", b"NaN", b"{", b'{"key": "\\ud800"}', b"\xef\xbb\xbf{}", b'{"a": 1, "a": 2}']
        ),
    )


def save_session(w: World, data):
    body = data.draw(json_bodies(session_payloads()), label="body")
    content_type = data.draw(st.sampled_from([JSON] * 6 + ODD_CONTENT_TYPES), label="content_type")
    client, headers = as_user(w.owner), {}
    before = CompletedSession.objects.count()
    response = client.generic("POST", "/history/sessions/", body, content_type=content_type, headers=headers)
    assert_handled(response, body[:2000])
    if response.status_code >= 400:
        assert CompletedSession.objects.count() == before, "a refused session saves nothing"


def replayed_session(w: World, data):
    """The same payload sent twice (a retry, a double tap, an offline queue) is one row, and a
    key someone else already used is never theirs."""
    payload = valid_session()
    if data.draw(st.booleans(), label="reuse other person's key"):
        payload["key"] = str(w.sessions["other"].key)
    for name in data.draw(
        st.sets(
            st.sampled_from(["pain_after", "feeling", "note", "routine", "events", "active_seconds"]),
            max_size=3,
        ),
        label="replaced",
    ):
        payload[name] = data.draw(st.one_of(session_values[name], json_value), label=name)
    body = json.dumps(payload, allow_nan=True)
    client, headers = as_user(w.owner), {}
    first = client.post("/history/sessions/", body, content_type=JSON, headers=headers)
    second = client.post("/history/sessions/", body, content_type=JSON, headers=headers)
    assert_handled(first, body)
    assert_handled(second, body)
    rows = CompletedSession.objects.filter(user=w.owner, key=payload["key"]).count()
    if first.status_code == 201:
        assert second.status_code == 200 and rows == 1, (second.status_code, rows)
    else:
        assert rows == 0
    other = CompletedSession.objects.get(pk=w.sessions["other"].pk)
    assert (other.user_id, other.note) == (w.other.pk, "Stiff")


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def device_key() -> str:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    return b64url(
        public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


DEVICE_KEYS = [device_key() for _ in range(3)]
push_keys = st.one_of(
    st.fixed_dictionaries(
        {"p256dh": st.sampled_from(DEVICE_KEYS), "auth": st.binary(min_size=16, max_size=16).map(b64url)}
    ),
    st.fixed_dictionaries(
        {},
        optional={
            "p256dh": st.one_of(
                st.sampled_from(DEVICE_KEYS).map(lambda k: k + "=="),
                st.sampled_from(DEVICE_KEYS).map(lambda k: k[:-2] + "AA"),
                st.binary(max_size=70).map(b64url),
                json_value,
            ),
            "auth": st.one_of(
                st.binary(max_size=20).map(b64url),
                st.binary(max_size=20).map(lambda b: base64.b64encode(b).decode()),
                json_value,
            ),
        },
    ),
    json_value,
)
endpoints = st.one_of(
    st.builds(
        lambda host, rest: f"https://{host}/{quote(rest[:2000], safe='/')}",
        st.sampled_from(
            [
                "fcm.googleapis.com",
                "updates.push.services.mozilla.com",
                "wns2-par02p.notify.windows.com",
                "web.push.apple.com",
            ]
        ),
        hostile_text,
    ),
    st.sampled_from(
        [
            "https://fcm.googleapis.com.evil.example/x",
            "https://evil.example/?fcm.googleapis.com",
            "https://fcm.googleapis.com@evil.example/",
            "https://evil.example#@fcm.googleapis.com/",
            "http://127.0.0.1:8000/push",
            "http://localhost/",
            "https://[::1]/",
            "https://169.254.169.254/latest",
            "https://fcm.googleapis.com:99999/x",
            "file:///etc/passwd",
            "https://xn--fcm-googleapis-com.example/",
            "https://FCM.GOOGLEAPIS.COM/x",
            "https://fcm.googleapis.com/" + "a" * 1000,
        ]
    ),
    json_value,
)


def push_payloads() -> st.SearchStrategy[dict]:
    return st.builds(
        lambda base, extra: {**extra, **base},
        st.fixed_dictionaries(
            {},
            optional={
                "endpoint": endpoints,
                "keys": push_keys,
                "label": st.one_of(hostile_text, json_value),
                "expirationTime": json_value,
            },
        ),
        st.dictionaries(text, json_value, max_size=2),
    )


def push_subscribe(w: World, data):
    body = data.draw(json_bodies(push_payloads()), label="body")
    content_type = data.draw(st.sampled_from([JSON] * 6 + ODD_CONTENT_TYPES), label="content_type")
    client, headers = as_user(w.owner), {}
    response = client.generic(
        "POST", "/reminders/push/subscribe/", body, content_type=content_type, headers=headers
    )
    assert_handled(response, body[:2000])
    if response.status_code < 300:
        device = PushSubscription.objects.get(pk=response.json()["id"])
        host = urlsplit(device.endpoint).hostname
        assert any(
            host == h or host.endswith("." + h)
            for h in [
                "fcm.googleapis.com",
                "updates.push.services.mozilla.com",
                "notify.windows.com",
                "push.apple.com",
            ]
        ), device.endpoint
        assert device.user_id == w.owner.pk


def push_delete(w: World, data):
    pk = data.draw(url_id({k: d.pk for k, d in w.devices.items()}), label="pk")
    body, content_type = data.draw(
        st.one_of(json_bodies(st.just({})).map(lambda b: (b, JSON)), posted(form(), [])), label="body"
    )
    headers = data.draw(accept_headers, label="headers")
    assert_handled(
        send(as_user(w.owner), f"/reminders/push/{pk}/delete/", body, content_type, headers), (pk, body)
    )
    assert PushSubscription.objects.filter(pk=w.devices["other"].pk).exists(), (
        "another person's device is never removed"
    )


def push_renew(w: World, data):
    old = data.draw(
        st.one_of(st.sampled_from([d.endpoint for d in w.devices.values()]), endpoints), label="old"
    )
    payload = st.fixed_dictionaries(
        {},
        optional={
            "oldEndpoint": st.one_of(st.just(old), json_value),
            "oldAuth": st.one_of(st.just("y"), json_value),
            "subscription": st.one_of(push_payloads(), json_value),
        },
    )
    body = data.draw(json_bodies(payload), label="body")
    response = as_user().generic("POST", "/reminders/push/renew/", body, content_type=JSON)
    assert_handled(response, body[:2000])
    assert sorted(PushSubscription.objects.values_list("user_id", flat=True)) == sorted(
        [w.owner.pk, w.other.pk]
    ), "renewing moves a device, never adds or removes one"


def signup_confirm(w: World, data):
    token = data.draw(path_segment([w.signup_token, w.signup_token[:-4]]), label="token")
    if data.draw(st.booleans(), label="GET"):
        assert_handled(as_user().get(f"/accounts/signup/confirm/{token}/"), token)
    else:
        password = st.sampled_from([PASSWORD, "password1234", ""])
        post_form(w, data, f"/accounts/signup/confirm/{token}/", None, password1=password, password2=password)
    if token != w.signup_token:
        assert not get_user_model().objects.filter(email="new.person@example.com").exists()


def change_email(w: World, data):
    post_form(
        w,
        data,
        "/accounts/email/",
        w.owner,
        email=st.sampled_from(
            ["other@example.com", "new@example.com", "owner@example.com", XSS[0] + "@x.org"]
        ),
        password=st.sampled_from([PASSWORD, "wrong"]),
    )
    assert get_user_model().objects.get(pk=w.owner.pk).email == "owner@example.com", "only a link changes it"


def email_change_links(w: World, data):
    kind = data.draw(st.sampled_from(["confirm", "undo"]), label="kind")
    token = data.draw(
        path_segment([w.email_change_token, w.email_change_token[:-4], w.unsubscribe_token]), label="token"
    )
    method = data.draw(st.sampled_from(["GET", "POST"]), label="method")
    response = as_user().generic(method, f"/accounts/email/{kind}/{token}/")
    assert_handled(response, token)
    if token != w.email_change_token or kind != "confirm":
        assert get_user_model().objects.get(pk=w.owner.pk).email in (
            "owner@example.com",
            "changed@example.com",
        )


ENDPOINTS = {
    "GET /exercises/?filters": library_filters,
    "GET /history/?page": history_page,
    "GET /history/summary/?start&end": history_summary,
    "GET /learn/": learn_list,
    "GET /safety-check/?next&reason": safety_check_page,
    "GET /routines/<slug>/play/?from": player,
    "GET /reminders/calendar/<token>.ics": calendar_feed,
    "GET /reminders/unsubscribe/<token>/": unsubscribe_get,
    "POST /reminders/unsubscribe/<token>/": unsubscribe_post,
    "GET /reminders/today/": today,
    "GET /<unknown path>": any_path,
    "POST /accounts/signup/": signup,
    "GET|POST /accounts/signup/confirm/<token>/": signup_confirm,
    "POST /accounts/login/": login,
    "POST /accounts/password/reset/": password_reset,
    "POST /admin/login/": admin_login,
    "POST /accounts/password/": password_change,
    "POST /accounts/settings/": account_settings,
    "POST /accounts/email/": change_email,
    "GET|POST /accounts/email/<confirm|undo>/<token>/": email_change_links,
    "POST /accounts/delete/": delete_account,
    "POST /safety-check/": safety_check,
    "POST /relief/": relief,
    "POST /reminders/": reminder_settings,
    "POST /reminders/resume/": resume_reminders,
    "POST /reminders/calendar/new/": new_calendar_address,
    "POST /reminders/push/test/": push_test,
    "POST /history/sessions/<id>/edit/": edit_session,
    "POST /history/sessions/<id>/delete/": delete_session,
    "POST admin exercise change form": admin_exercise,
    "POST /history/sessions/ (JSON)": save_session,
    "POST /history/sessions/ (same key twice)": replayed_session,
    "POST /reminders/push/subscribe/ (JSON)": push_subscribe,
    "POST /reminders/push/<id>/delete/": push_delete,
    "POST /reminders/push/renew/ (JSON)": push_renew,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_input_never_gets_a_server_error(endpoint, world):
    run_examples(lambda data: ENDPOINTS[endpoint](world, data))


# ---- What Hypothesis found, pinned as plain examples ----


@pytest.mark.parametrize("path", ["/history/sessions/", "/reminders/push/subscribe/"])
@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"[" * 50_000 + b"]" * 50_000, JSON),  # RecursionError in json.loads
        (b"--hostile--\r\n", "multipart/form-data; boundary=hostile"),  # body already read by the CSRF check
    ],
    ids=["nested 50,000 deep", "multipart"],
)
def test_a_json_endpoint_refuses_a_body_it_cannot_read(world, path, body, content_type):
    response = as_user(world.owner).generic("POST", path, body, content_type=content_type)
    assert response.status_code == 400


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_or_infinity_in_session_events_is_refused_not_a_crash(world, value):
    payload = {**valid_session(), "events": [{"type": "hurt", "pain": value}]}
    response = as_user(world.owner).post("/history/sessions/", json.dumps(payload), content_type=JSON)
    assert response.status_code == 400
    assert not CompletedSession.objects.filter(key=payload["key"]).exists()


@pytest.mark.parametrize("moment", [0, 1.5, True, [1], {"a": 1}])
def test_a_session_time_that_is_not_text_is_refused_not_a_crash(world, moment):
    payload = {**valid_session(), "started_at": moment}
    response = as_user(world.owner).post("/history/sessions/", json.dumps(payload), content_type=JSON)
    assert response.status_code == 400


def test_an_overlong_email_at_log_in_is_refused_not_a_crash(world):
    # Django's AuthenticationForm doesn't enforce the username's max_length, and SQLite
    # refuses LIKE patterns over 50,000 bytes.
    response = as_user().post("/accounts/login/", {"username": "0" * 60_000, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path, body",
    [
        (
            "/reminders/push/subscribe/",
            {"endpoint": "https://fcm.googleapis.com/fcm/send/a", "label": "a\x00b"},
        ),
        ("/reminders/push/subscribe/", {"endpoint": "https://fcm.googleapis.com/fcm/send/a\x00b"}),
        ("/history/sessions/", {**valid_session(), "events": [{"type": "a\x00b"}]}),
    ],
    ids=["device label", "device endpoint", "session event"],
)
def test_a_nul_character_postgresql_cannot_store_is_refused(world, path, body):
    if "endpoint" in body:
        body = {**body, "keys": {"p256dh": DEVICE_KEYS[0], "auth": b64url(bytes(16))}}
    response = as_user(world.owner).post(path, json.dumps(body), content_type=JSON)
    assert response.status_code == 400


def test_a_calendar_address_with_a_nul_character_is_a_404(world):
    assert as_user().get("/reminders/calendar/%00.ics").status_code == 404


@pytest.mark.parametrize("next_url", ["abc", "history", "/a\r\nb", "<img src=x onerror=alert(1)>"])
def test_any_next_after_sign_up_redirects_not_crashes(world, next_url):
    # redirect() reads a bare word as a view name; a next that names none used to crash.
    body = {"email": "new@example.com", "next": next_url}
    assert as_user().post("/accounts/signup/", body).status_code == 302
    assert as_user(world.owner).get("/accounts/signup/", {"next": next_url}).status_code == 302


def test_a_file_name_too_long_for_the_disk_is_a_404(world):
    assert as_user().get("/media/" + "a" * 300).status_code == 404


@pytest.mark.parametrize("figure", ["exercises/figures/nope.svg", "../../etc/passwd", ""])
def test_an_editor_cannot_save_a_drawing_that_does_not_exist(world, figure):
    exercise = world.exercise
    # An empty figure means the drawing named after the slug, which a new slug doesn't have.
    body = {
        **exercise_form(exercise),
        "figure": figure,
        "slug": "new-stretch" if figure == "" else exercise.slug,
    }
    client = as_user(world.editor)
    response = client.post(reverse("admin:exercises_exercise_change", args=[exercise.pk]), body)
    assert response.status_code == 400
    assert "There is no drawing at static/" in response.content.decode()
    assert client.get(exercise.get_absolute_url()).status_code == 200


# Django's default error views (@requires_csrf_token) re-run the CSRF check, which re-reads a
# body that failed to parse; SpasmCare's own error views (spasmcare/views.py) don't.
def test_a_form_in_another_charset_is_a_400_not_a_crash(world):
    response = as_user().post(
        "/accounts/login/", b"username=a", content_type=f"{FORM_URLENCODED}; charset=utf-16"
    )
    assert response.status_code == 400


def test_a_broken_upload_to_a_missing_page_is_not_a_server_error(world):
    response = as_user().generic("POST", "/no-such-page/", b"x", content_type="multipart/form-data")
    assert response.status_code < 500


# Django's admin autocomplete widget queries the posted id unchecked when it shows the form
# again: text crashed it, and on SQLite so did a number over 64 bits (spasmcare/core/admin.py,
# IdAutocompleteSelect, used by the exercise variants and the routine steps).
@pytest.mark.parametrize(
    "variant", [" ", "abc", "²", str(2**63), "9" * 5000], ids=["space", "text", "²", "2**63", "5000 digits"]
)
def test_a_bad_id_in_an_admin_autocomplete_field_is_a_400(world, variant):
    exercise = world.exercise
    body = {**exercise_form(exercise), "easier": variant}
    response = as_user(world.editor).post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), body
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text


def routine_form_adding_a_step(routine, exercise_id):
    return with_languages(routine, {
        "name": routine.name, "slug": routine.slug, "purpose": routine.purpose,
        "description": routine.description, "featured_order": routine.featured_order or "",
        "goal": routine.goal, "is_published": "on", "_save": "Save",
        "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "99", "steps-0-exercise": exercise_id, "steps-0-rest_seconds": "5",
    })  # fmt: skip


def test_a_real_exercise_id_adds_the_step(world):
    routine = Routine.objects.get(slug="spasm-relief")
    steps_before = routine.steps.count()
    body = routine_form_adding_a_step(routine, str(world.exercise.pk))
    response = as_user(world.editor).post(reverse("admin:exercises_routine_change", args=[routine.pk]), body)
    assert response.status_code == 302
    assert routine.steps.count() == steps_before + 1


@pytest.mark.parametrize(
    "variant", ["abc", "²", str(2**63), "9" * 5000], ids=["text", "²", "2**63", "5000 digits"]
)
def test_a_bad_exercise_id_in_a_routine_step_is_a_400(world, variant):
    routine = Routine.objects.get(slug="spasm-relief")
    steps_before = routine.steps.count()
    body = routine_form_adding_a_step(routine, variant)
    response = as_user(world.editor).post(reverse("admin:exercises_routine_change", args=[routine.pk]), body)
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert routine.steps.count() == steps_before


# Django's log-in forms don't enforce the username's max_length, and SQLite refuses LIKE
# patterns over 50 kB; User.objects.get_by_natural_key refuses emails over 254 characters.
def test_an_overlong_email_at_the_admin_log_in_is_refused_not_a_crash(world):
    response = as_user().post(reverse("admin:login"), {"username": "0" * 60_000, "password": PASSWORD})
    assert response.status_code < 500
