"""Real Chromium at phone sizes, larger text, light and dark: the pages issue 22 added or changed
(choosing a password from the sign-up link, changing an email, an exercise taken out of a
routine, adding the reminder to a calendar) fit the screen and pass axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from exercises.models import Exercise, Routine, RoutineStep

from ..conftest import log_in
from .helpers import ARTIFACTS, assert_no_axe_violations, set_default_font

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "accounts"
# (width, height, default font size in px: 16 is 100 %, 20 is 125 %, 32 is 200 %, colour scheme)
VIEWS = [(320, 568, 32, "light"), (360, 640, 20, "dark"), (640, 360, 16, "light")]


def page_at(browser, live_server, width, height, font, scheme):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        color_scheme=scheme,
        base_url=live_server.url,
    )
    page = context.new_page()
    set_default_font(page, font)
    return page


def look(page, name, width, font, scheme, part="main form, main .notice, main h1"):
    """`part` (this issue's own parts of the page) fits the width; the whole page passes axe.
    The whole page's width is the header's and the reminder days' business (issue 21: at 200 %
    text the header is wider than 320 px today)."""

    label = f"{name} {width} {font} {scheme}"
    too_wide = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].flatMap(part => [part, ...part.querySelectorAll("*")])
            .filter(e => !e.closest(".day-grid, fieldset.days") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + "." + e.className)""",
        part,
    )
    assert not too_wide, f"{label}: {too_wide[:5]}"
    assert_no_axe_violations(page, label)
    page.screenshot(path=f"{SHOTS}/{name}-{width}-{font}-{scheme}.png", full_page=True)


@pytest.mark.parametrize("width, height, font, scheme", VIEWS)
def test_choosing_a_password_from_the_sign_up_link(browser, live_server, width, height, font, scheme):
    page = page_at(browser, live_server, width, height, font, scheme)
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(
        1
    )
    page.goto(link)
    page.get_by_label("Choose a password").fill("password1234")
    page.get_by_label("Password again").fill("password1234")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#id_password1_error")).to_contain_text("too common")
    expect(page.get_by_label("Choose a password")).to_have_value("password1234")
    look(page, "signup-password-error", width, font, scheme)
    page.context.close()


@pytest.mark.parametrize("width, height, font, scheme", VIEWS)
def test_an_owner_sees_the_exercise_taken_out_and_the_calendar_routes(
    browser, live_server, owner, width, height, font, scheme
):
    routine = Routine.objects.create(owner=owner, slug="my-mornings", name="My mornings")
    for order, slug in enumerate(["cat-cow", "pelvic-tilt", "knee-rolls"], start=1):
        RoutineStep.objects.create(routine=routine, exercise=Exercise.objects.get(slug=slug), order=order)
    Exercise.objects.filter(slug="pelvic-tilt").update(is_published=False)
    page = page_at(browser, live_server, width, height, font, scheme)
    log_in(page.context, owner, live_server)
    page.goto(routine.get_absolute_url())
    expect(page.get_by_role("heading", name=re.compile("no longer in the library"))).to_be_visible()
    look(page, "routine-hidden-step", width, font, scheme)
    page.goto("/accounts/email/")
    look(page, "change-email", width, font, scheme)
    page.goto("/reminders/#calendar")
    expect(page.get_by_role("link", name="Google Calendar")).to_be_visible()
    look(page, "reminders-calendar", width, font, scheme, part="#calendar")
    page.goto("/exercises/pelvic-tilt/")
    look(page, "exercise-gone", width, font, scheme)
    page.context.close()
