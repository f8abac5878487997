"""Keeping strangers out: throttled guessing, sessions that end when they should, production
settings that pass Django's deployment checks, uploads that can't become pages."""

import importlib
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from spasmcare.accounts.models import Throttle
from spasmcare.safety.rules import QUESTIONS

from .conftest import PASSWORD
from .slow_smtp import SlowSMTPServer

pytestmark = pytest.mark.django_db


def log_in(client, email, password=PASSWORD, ip="203.0.113.7"):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


# ---- Throttling ----


def test_guessing_an_accounts_password_is_slowed_down_but_not_forever(client, owner):
    for _ in range(5):
        assert log_in(client, owner.email, "wrong guess").status_code == 400
    blocked = log_in(client, owner.email)  # even the right password waits now, from this address
    assert blocked.status_code == 429
    assert "Too many attempts. Please wait 15 minutes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert log_in(client, owner.email).status_code == 302


def test_nobody_can_lock_the_owner_out_by_guessing_wrong(owner):
    """An attacker guessing from many addresses slows only themselves down: the owner, from
    their own phone, still logs in."""
    for i in range(12):
        log_in(Client(), owner.email, "wrong", ip=f"198.51.100.{i % 2}")
    owner_phone = Client()
    assert log_in(owner_phone, owner.email, ip="203.0.113.50").status_code == 302
    assert owner_phone.session["_auth_user_id"] == str(owner.pk)


def test_a_success_clears_the_accounts_counts_from_every_address(client, owner):
    for i in range(4):
        log_in(Client(), owner.email, "wrong", ip=f"198.51.100.{i}")
    assert log_in(client, owner.email, ip="203.0.113.50").status_code == 302
    for i in range(4):  # four more each: without the reset, the fifth from one address blocks
        assert log_in(Client(), owner.email, "wrong", ip=f"198.51.100.{i}").status_code == 400


def test_a_completed_password_reset_lets_the_owner_in_even_while_throttled(client, owner):
    for _ in range(5):
        log_in(client, owner.email, "wrong")
    assert log_in(client, owner.email).status_code == 429
    client.post("/accounts/password/reset/", {"email": owner.email}, REMOTE_ADDR="203.0.113.7")
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True, REMOTE_ADDR="203.0.113.7")
    new = "a quieter back by spring 9"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR="203.0.113.7",
    )
    assert client.session["_auth_user_id"] == str(owner.pk)  # signed in by the reset itself
    client.post("/accounts/logout/")
    assert log_in(client, owner.email, new).status_code == 302  # and the limit is lifted


def test_the_admin_log_in_has_the_same_limits(owner, editor, settings):
    # Unknown accounts still cost one hash each (so timing tells nothing); a fast one here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    staff = Client()
    for _ in range(5):
        response = staff.post(
            "/admin/login/", {"username": editor.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 200 and "_auth_user_id" not in staff.session
    blocked = staff.post(
        "/admin/login/", {"username": editor.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "_auth_user_id" not in staff.session
    # One limit for every way in: the site's log-in counts the same guesses.
    assert log_in(Client(), editor.email, ip="203.0.113.9").status_code == 429
    # ...and an address trying many accounts through the admin is slowed down too.
    for i in range(30):
        Client().post(
            "/admin/login/",
            {"username": f"staff{i}@example.com", "password": "x"},
            REMOTE_ADDR="203.0.113.10",
        )
    assert (
        Client()
        .post("/admin/login/", {"username": "x@example.com", "password": "x"}, REMOTE_ADDR="203.0.113.10")
        .status_code
        == 429
    )
    fine = Client()
    assert (
        fine.post(
            "/admin/login/", {"username": editor.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.44"
        ).status_code
        == 302
    )


def test_one_address_trying_many_accounts_is_slowed_down(client, django_user_model):
    for i in range(30):
        log_in(client, f"someone{i}@example.com", "guess")
    response = log_in(client, "yet.another@example.com", "guess")
    assert response.status_code == 429
    assert log_in(Client(), "yet.another@example.com", "guess", ip="192.0.2.1").status_code == 400


def test_stuffing_from_a_shared_address_does_not_lock_out_people_who_logged_in_there_before(
    owner, other_user
):
    """A mobile carrier's or a care home's one public address: someone tries 30 stolen
    passwords from it; the people behind it who have logged in on their phones before still
    get in, with the right password."""
    carrier = "203.0.113.77"
    owner_phone, other_phone = Client(), Client()
    assert log_in(owner_phone, owner.email, ip=carrier).status_code == 302
    assert log_in(other_phone, other_user.email, ip=carrier).status_code == 302
    owner_phone.post("/accounts/logout/")
    other_phone.post("/accounts/logout/")

    for i in range(31):
        log_in(Client(), f"stolen{i}@example.com", "leaked password", ip=carrier)

    assert log_in(Client(), "stolen99@example.com", "leaked password", ip=carrier).status_code == 429
    assert log_in(owner_phone, owner.email, ip=carrier).status_code == 302
    assert log_in(other_phone, other_user.email, ip=carrier).status_code == 302
    # A remembered phone still can't be used to guess someone else's password freely.
    owner_phone.post("/accounts/logout/")
    assert log_in(owner_phone, "stolen1@example.com", "leaked password", ip=carrier).status_code == 429


def test_a_remembered_phone_guessing_its_own_account_is_slowed_down_too(client, owner):
    assert log_in(client, owner.email).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(5):
        assert log_in(client, owner.email, "wrong guess").status_code == 400
    assert log_in(client, owner.email).status_code == 429


@pytest.mark.parametrize(
    "path, field", [("/accounts/password/reset/", "email"), ("/accounts/signup/", "email")]
)
def test_account_pages_answer_as_fast_for_an_address_with_an_account_as_without(
    owner, settings, account_mail_in_the_background, path, field
):
    """Over a real, slow mail server: the answer never waits for the mail, so its timing
    can't tell which addresses have an account. The server takes 2 s per message; an answer
    that waited for it would take at least that, so half of it leaves room for a busy machine
    (at 0.6 s and a 0.4 s limit, one CI run's answer took 0.58 s without waiting)."""

    server = SlowSMTPServer(delay=2.0)
    settings.MAILERS = {"default": server.mailer()}
    timings = {}
    Client().get(path)  # templates and URLs loaded once, as in a running server
    for email in (owner.email, "nobody.here@example.com"):
        started = time.monotonic()
        response = Client().post(path, {field: email, "timezone": "UTC"}, REMOTE_ADDR="198.51.100.20")
        timings[email] = time.monotonic() - started
        assert response.status_code == 302

    assert max(timings.values()) < server.delay / 2, timings
    arrived = server.wait_for(2 if "signup" in path else 1)
    assert any("To: owner@example.com" in m for m in arrived)


def test_signups_from_one_address_are_limited(client):
    for i in range(10):
        client.post(
            "/accounts/signup/",
            {"email": f"new{i}@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
        client.logout()
    response = client.post(
        "/accounts/signup/", {"email": "eleven@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 429
    assert "eleven@example.com" in response.content.decode()  # what was typed is kept


def test_reset_emails_to_one_address_are_limited_without_revealing_anything(client, owner):
    for _ in range(5):
        response = client.post(
            "/accounts/password/reset/", {"email": owner.email}, REMOTE_ADDR="198.51.100.9"
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    for _i in range(10):
        client.post("/accounts/password/reset/", {"email": "x@example.com"}, REMOTE_ADDR="198.51.100.10")
    assert (
        client.post(
            "/accounts/password/reset/", {"email": "x@example.com"}, REMOTE_ADDR="198.51.100.10"
        ).status_code
        == 429
    )


def test_throttle_counts_live_in_the_database_shared_by_processes(owner):
    log_in(Client(), owner.email, "wrong")
    assert Throttle.objects.filter(count=1).count() == 2  # per account and per address


# ---- Sessions ----


def test_log_in_rotates_the_session_key(client, owner):
    client.get("/accounts/login/")
    client.session["before"] = True
    before = client.session.session_key
    log_in(client, owner.email)
    assert client.session.session_key != before


def test_a_page_still_loading_when_you_log_in_does_not_log_you_out(client, owner):
    # Signed out, the phone already has a session (sign-up keeps the address in one).
    session = SessionStore()
    session["signup_email"] = owner.email
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    # A page asked for with that cookie, answered only after the log-in below rotated the key
    # (on a slow phone: a page loading in another tab, the app's worker checking for an update).
    late = Client()
    late.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    log_in(client, owner.email)
    assert client.get("/history/").status_code == 200
    response = late.get("/")
    assert response.status_code == 200
    client.cookies.update(response.cookies)  # what the browser does with the late answer
    assert client.get("/history/").status_code == 200, "the late answer signed the person out"


def test_log_out_ends_the_session(client, owner):
    log_in(client, owner.email)
    key = client.session.session_key
    response = client.post("/accounts/logout/")
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # the browser forgets it
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/history/").status_code == 302


def test_password_change_ends_other_sessions(owner):
    phone, laptop = Client(), Client()
    log_in(phone, owner.email)
    log_in(laptop, owner.email, ip="198.51.100.2")
    new = "a quieter back by spring 9"
    response = laptop.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert laptop.get("/history/").status_code == 200
    assert phone.get("/history/").status_code == 302  # the other device must log in again


def test_a_session_ends_when_it_expires(client, owner):
    log_in(client, owner.email)
    assert client.get("/history/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert client.get("/history/").status_code == 302


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, owner):
    log_in(client, owner.email)
    assert client.get("/history/").status_code == 200
    owner.is_active = False
    owner.save()
    assert client.get("/history/").status_code == 302


def test_deleting_the_account_ends_every_session(owner):
    phone, laptop = Client(), Client()
    log_in(phone, owner.email)
    log_in(laptop, owner.email, ip="198.51.100.2")
    laptop.post("/accounts/delete/", {"password": PASSWORD})
    assert phone.get("/history/").status_code == 302
    assert laptop.get("/history/").status_code == 302


# ---- Production settings ----


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SPASMCARE_", "DATABASE_URL"))}
    return {
        **env,
        "DJANGO_DEBUG": "false",
        "SPASMCARE_HTTPS": "true",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-with-plenty-of-entropy-0123456789",
        "DJANGO_ALLOWED_HOSTS": "spasmcare.example",
        "DJANGO_SMTP_URL": "smtp://user:secret@mail.example:587",
        **extra,
    }


def check_deploy(env) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout + result.stderr


def test_production_settings_pass_the_deployment_check_except_hsts_preload():
    output = check_deploy(production_env())
    warnings = sorted({line.split(")")[0] + ")" for line in output.splitlines() if "security.W" in line})
    assert warnings == ["?: (security.W021)"], output


def test_admin_url_is_configurable_and_staff_only(client, owner, editor):
    assert settings.ADMIN_URL == "admin/"
    client.force_login(owner)
    assert client.get("/admin/").status_code == 302
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    env = production_env(DJANGO_ADMIN_URL="back-office-7f3a/")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','spasmcare.settings'); django.setup();"
            "from django.urls import reverse; print(reverse('admin:index'))",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/back-office-7f3a/", result.stderr


def test_every_page_carries_a_strict_content_security_policy(client):
    assert "script-src 'self';" in client.get("/").headers["Content-Security-Policy"]
    response = client.get("/exercises/")  # htmx's script tag carries this response's nonce
    policy = response.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy  # nothing from another origin


def test_someone_signed_in_before_the_backend_change_stays_signed_in(client, owner):
    migration = importlib.import_module("spasmcare.accounts.migrations.0007_sessions_use_model_backend")
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(owner.pk),
            BACKEND_SESSION_KEY: migration.OLD,
            HASH_SESSION_KEY: owner.get_session_auth_hash(),
        }
    )
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get("/history/").status_code == 302  # Django no longer knows the old backend
    migration.move_sessions(migration.OLD, migration.NEW)(apps, SimpleNamespace(connection=connection))
    assert client.get("/history/").status_code == 200


@pytest.mark.parametrize(
    "path, field, extra",
    [
        (
            "/accounts/password/",
            "old_password",
            {"new_password1": "a quieter back by spring 9", "new_password2": "a quieter back by spring 9"},
        ),
        ("/accounts/delete/", "password", {}),
    ],
)
def test_signed_in_forms_that_check_the_password_have_the_same_limit(owner, path, field, extra):
    """A stolen session is no way to guess the password: wrong answers count like wrong log-ins."""
    thief = Client()
    thief.force_login(owner)
    for _ in range(5):
        assert thief.post(path, {field: "guess", **extra}, REMOTE_ADDR="203.0.113.66").status_code in (
            200,
            400,
        )
    blocked = thief.post(path, {field: PASSWORD, **extra}, REMOTE_ADDR="203.0.113.66")
    assert "Too many attempts" in blocked.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.is_active
    assert log_in(Client(), owner.email, ip="203.0.113.66").status_code == 429  # one limit for both
    assert log_in(Client(), owner.email, ip="192.0.2.80").status_code == 302  # the owner elsewhere is fine


@pytest.mark.parametrize("value", ["abc\x00defghijkl", "abcdefgh\x00", "x" * 5000])
def test_a_session_cookie_that_could_never_be_a_key_is_no_session_not_an_error(client, value):
    client.cookies[settings.SESSION_COOKIE_NAME] = value
    assert client.get("/history/").status_code == 302  # to the login page
    assert client.get("/exercises/").status_code == 200


# A `next` that is not a path on this site. The first one was a 500 on POST /relief/: redirect()
# took it for the name of a URL pattern.
HOSTILE_NEXT = [
    "<img src=x onerror=alert(1)>",
    "home",
    "routines",
    "javascript:alert(1)",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    " /routines/",
]


def assert_stays_on_this_site(response):
    assert response.status_code < 500
    location = response.headers.get("Location", "")
    assert location == "" or (location.startswith("/") and not location.startswith("//")), location
    assert b"evil.example" not in response.content
    assert b"<img src=x" not in response.content


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_relief_goes_to_the_relief_routine_whatever_next_says(client, next_url):
    response = client.post("/relief/", {"answer": "no", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/routines/spasm-relief/play/?from=relief"
    assert_stays_on_this_site(client.get("/relief/", {"next": next_url}))


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_a_fine_safety_check_ignores_a_next_that_is_not_a_page_here(client, next_url):
    answers = {question.name: "no" for question in QUESTIONS}
    response = client.post("/safety-check/", {**answers, "next": next_url})
    assert response.status_code == 200
    assert_stays_on_this_site(response)
    assert_stays_on_this_site(client.get("/safety-check/", {"next": next_url}))


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_sign_up_and_welcome_ignore_a_next_that_is_not_a_page_here(client, owner, next_url):
    assert_stays_on_this_site(client.get("/accounts/signup/", {"next": next_url}))
    client.force_login(owner)
    assert_stays_on_this_site(client.get("/accounts/signup/", {"next": next_url}))
    assert_stays_on_this_site(client.get("/welcome/", {"next": next_url}))
