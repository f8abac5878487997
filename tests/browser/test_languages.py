"""Real Chromium at phone size, in Dutch and Spanish: a phone set to Dutch gets Dutch from the
first tap, anyone finds the chooser, sign-up makes an account in the language it was done in
and the reminder email sent later is in it, and the relief path works offline in the language
of the page that was opened."""

import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.signals import request_started
from playwright.sync_api import expect

from spasmcare.accounts.models import User
from spasmcare.reminders.models import Reminder
from spasmcare.reminders.sender import send_pass

from ..conftest import PASSWORD, phone_context
from ..test_reminders import make_reminder
from .helpers import (
    ARTIFACTS,
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    set_default_font,
)
from .test_offline import wait_for_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "languages"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def sign_up(page, email: str) -> User:
    page.locator("main input[name=email]").fill(email)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/sent/"))
    # By the time a person has found the email, the worker of the language just chosen has taken
    # over; opening the link during the takeover sometimes took over 10 s on a busy machine.
    wait_for_worker(page)
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/welcome/"))
    return User.objects.get(email=email)


@pytest.fixture
def served():
    """Every request the test server answers, as "GET /es/relief/" or "GET /sw.js?lang=es", in order."""
    requests = []

    def record(sender, environ, **kwargs):
        query = environ.get("QUERY_STRING")
        requests.append(
            f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}" + (f"?{query}" if query else "")
        )

    request_started.connect(record)
    yield requests
    request_started.disconnect(record)


def reminder_email_for(user: User):
    Reminder.objects.filter(user=user).delete()  # the welcome page's, at its own time
    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=UTC)):
        make_reminder(user)
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 11, 26, 7, 31, tzinfo=UTC)):
        assert send_pass().sent == 1
    (message,) = mail.outbox
    return message


def test_a_dutch_phone_signs_up_in_dutch_and_gets_its_reminders_in_dutch(playwright, browser, live_server):
    context = phone_context(playwright, browser, live_server, "Pixel 7", locale="nl-NL")
    page = context.new_page()
    page.goto("/accounts/signup/")  # an English link: the phone's language decides
    expect(page).to_have_url(re.compile(r"/nl/accounts/signup/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert mail.outbox == []
    user = sign_up(page, "jan@example.nl")
    expect(page).to_have_url(re.compile(r"/nl/welcome/"))
    assert user.language == "nl"
    context.close()

    message = reminder_email_for(user)
    assert message.subject in ("Tijd voor je rugprogramma",) or message.subject.startswith("Vandaag:")
    assert "/nl/" in message.body and "/es/" not in message.body


def test_someone_who_reads_only_spanish_finds_the_chooser_and_signs_up_in_spanish(
    playwright, browser, live_server
):
    context = phone_context(playwright, browser, live_server, "Pixel 7", locale="en-GB")
    page = context.new_page()
    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Behind the menu's three lines, the globe's name says "Language" in every language: a
    # Spanish reader finds "Idioma".
    page.locator(".menu-button").click()
    page.get_by_role("link", name=re.compile("Idioma")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Idioma")
    shot(page, "chooser-360")
    assert_no_axe_violations(page, "language chooser")
    assert_tap_targets_are_big_enough(page, "language chooser")
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/accounts/signup/$"))  # the same page, in Spanish
    expect(page.locator("html")).to_have_attribute("lang", "es")
    user = sign_up(page, "ana@example.es")
    assert user.language == "es"
    context.close()

    message = reminder_email_for(user)
    assert message.subject == "Es hora de tu rutina para la espalda" or message.subject.startswith("Hoy:")
    assert "/es/" in message.body and "/nl/" not in message.body


def test_a_first_visit_and_a_change_of_language_fetch_nothing_twice(playwright, browser, live_server, served):
    """On a cheap phone's data plan: the worker keeps the relief path offline, each page of it
    fetched once; choosing another language fetches that language's pages and nothing the phone
    already has. (Each page was fetched twice on a first visit and again on the change.)"""
    context = phone_context(playwright, browser, live_server, "Pixel 7", locale="en-GB")
    page = context.new_page()
    page.goto("/")
    wait_for_worker(page)
    assert "GET /relief/" in served and "GET /routines/spasm-relief/play/" in served
    page.locator(".menu-button").click()
    page.get_by_role("link", name=re.compile("Idioma")).click()
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/$"))
    wait_for_worker(page)
    context.close()

    assert "GET /es/relief/" in served and "GET /es/routines/spasm-relief/play/" in served
    twice = {request: times for request, times in Counter(served).items() if times > 1}
    assert twice == {}


@pytest.mark.parametrize("lang", ["nl", "es"])
@pytest.mark.parametrize(
    ("width", "height", "text"), [(320, 568, 100), (320, 568, 200), (360, 640, 100), (360, 640, 125)]
)
def test_the_chooser_fits_a_small_phone_at_large_text(browser, live_server, lang, width, height, text):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    set_default_font(page, round(16 * text / 100))
    page.goto(f"/{lang}/")
    if (width, text) == (360, 100):  # the header keeps its one row: the spasm button stays where it was
        assert page.locator(".site-header").bounding_box()["height"] <= 60
    page.locator(".menu-button").click()
    link = page.locator("a.language-link")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert_no_horizontal_overflow(page, f"{lang} home at {width}px, {text}% text")
    shot(page, f"menu-{lang}-{width}-{text}")
    context.close()


def test_the_relief_path_works_offline_in_dutch_after_one_visit(playwright, browser, live_server):
    context = phone_context(playwright, browser, live_server, "Pixel 7", locale="nl-NL")
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/nl/$"))
    wait_for_worker(page)
    page.wait_for_function("caches.open('pages').then(c => c.match('/nl/relief/')).then(Boolean)")
    context.set_offline(True)
    page.goto("/nl/relief/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.goto("/nl/routines/spasm-relief/play/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.goto("/nl/history/")  # never opened: the offline page, in Dutch
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    shot(page, "offline-nl-360")
    context.close()
