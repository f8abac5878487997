"""Real Chromium at phone size: a finished routine reaches the history exactly once, whether the
person had an account yet or the phone was offline when they finished."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from spasmcare.history.models import CompletedSession

from ..conftest import PASSWORD, log_in
from ..test_history import add_session
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    cue_setting,
    make_short_routine,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def skip_to_the_finish(page):
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="You did 0 of 2 steps")).to_be_visible()


def test_logged_out_finish_then_sign_up_offers_the_session_and_adds_it_when_asked(pixel):
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.locator("#pain-before-form").get_by_role("radio", name="5", exact=True).check()
    skip_to_the_finish(page)

    form = page.locator("#finish-form")
    form.get_by_role("radio", name="3", exact=True).check()
    form.get_by_role("radio", name="About right").check()
    form.get_by_label("Note (optional)").fill("Looser after the knee hugs")
    expect(page.locator("#save-status")).to_have_text("Kept on this phone, not in a history yet.")
    expect(page.locator("#save-result")).to_have_text("Your answers are kept with it on this phone.")
    assert_no_axe_violations(page, "finish screen")

    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_role("button", name="Email me a link").click()
    # The same answer whether or not the address has an account; the link in the email finishes,
    # and its page asks for the password (whoever holds the mailbox chooses it).
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    # A new account's welcome first (a goal and a reminder), skipped here, then where they were going.
    expect(page.get_by_role("heading", name="Welcome to SpasmCare")).to_be_visible()
    page.get_by_role("link", name="Skip for now").click()
    expect(page).to_have_url(re.compile(r"/history/$"))
    offer = page.locator("#session-offer")
    expect(offer).to_contain_text("Add the session you just finished?")
    expect(offer).to_contain_text("Quick test routine, finished today")
    assert CompletedSession.objects.count() == 0  # offered, not added
    offer.get_by_role("button", name="Add", exact=True).click()
    session = page.locator(".session").first
    expect(session).to_contain_text("Quick test routine")
    expect(session).to_contain_text("Pain 5 → 3")
    expect(session).to_contain_text("Looser after the knee hugs")
    assert_no_horizontal_overflow(page, "history")
    assert_no_axe_violations(page, "history")

    expect(page.locator("#session-offer")).to_be_hidden()
    page.reload()
    expect(page.locator("#session-offer")).to_be_hidden()
    page.goto("/")
    expect(page.locator(".session")).to_have_count(0)  # home, not history: nothing waiting
    assert CompletedSession.objects.filter(user__email="new.person@example.com").count() == 1


def test_session_finished_offline_is_saved_once_when_back_online(pixel, owner):
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.save()
    page = pixel
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/history/$"))

    page.goto("/routines/quick-test/play/")
    page.context.set_offline(True)
    skip_to_the_finish(page)
    expect(page.locator("#save-status")).to_contain_text("Not saved yet: you seem to be offline.")
    page.locator("#finish-form").get_by_role("radio", name="2", exact=True).check()
    expect(page.locator("#save-result")).to_have_text("Your answers are kept on this phone with the session.")
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    assert CompletedSession.objects.count() == 0

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    expect(page.locator("#save-result")).to_have_text("Your answers are saved.")
    page.goto("/history/")
    expect(page.locator(".session")).to_have_count(1)
    expect(page.locator(".session").first).to_contain_text("Pain – → 2")
    assert CompletedSession.objects.filter(user=owner).count() == 1


def log_in_through_the_form(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/history/$"))


def queue(page) -> list:
    return page.evaluate("() => JSON.parse(localStorage.getItem('spasmcare.pending-sessions') || '[]')")


def test_logged_out_before_add_is_told_so_and_the_session_is_added_after_logging_in(pixel, owner):
    """The offer was on screen, then the login ended before "Add" (logged out in another tab, or
    expired): the page says they are logged out, not offline, and the session stays on the phone
    until they log in again, when it is added once."""
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.locator("#pain-before-form").get_by_role("radio", name="4", exact=True).check()
    skip_to_the_finish(page)
    expect(page.locator("#save-status")).to_have_text("Kept on this phone, not in a history yet.")
    log_in_through_the_form(page, owner)
    offer = page.locator("#session-offer")
    expect(offer).to_contain_text("Add the session you just finished?")
    page.context.clear_cookies(name="sessionid")
    offer.get_by_role("button", name="Add", exact=True).click()
    expect(offer).to_contain_text("Not saved yet: you're no longer logged in. Log in and it will be added.")
    assert CompletedSession.objects.count() == 0
    assert len(queue(page)) == 1  # still on the phone

    log_in_through_the_form(page, owner)
    expect(page.locator(".session").first).to_contain_text("Quick test routine")
    assert CompletedSession.objects.filter(user=owner).count() == 1
    expect(page.locator("#session-offer")).to_be_hidden()


def test_a_session_the_server_refuses_stays_on_the_phone_with_the_reason(pixel, owner):
    """Finished offline, then kept on the phone for more than a year before it went online: the
    server refuses it. The page never says "saved", says why and what is kept, and the session
    stays on the phone, also after a reload, instead of being dropped."""
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.save()
    page = pixel
    page.clock.install()
    log_in_through_the_form(page, owner)
    page.goto("/routines/quick-test/play/")
    page.context.set_offline(True)
    skip_to_the_finish(page)
    expect(page.locator("#save-status")).to_contain_text("Not saved yet: you seem to be offline.")

    page.clock.set_system_time(datetime.now(UTC) + timedelta(days=400))
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status = page.locator("#save-status")
    expect(status).to_have_text(
        "Not saved: The session is more than a year old. It is kept on this phone, so nothing is lost."
    )
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_text("Saved to your history")).to_have_count(0)
    assert CompletedSession.objects.count() == 0
    kept = queue(page)
    assert len(kept) == 1 and kept[0]["refused"]["message"] == "The session is more than a year old."

    # Not sent again on every page, and said where the waiting sessions are listed.
    page.goto("/history/")
    expect(page.locator("#pending-sessions")).to_contain_text("Quick test routine, finished")
    expect(page.locator("#pending-sessions")).to_contain_text(
        "was not added: The session is more than a year old."
    )
    assert len(queue(page)) == 1
    assert CompletedSession.objects.count() == 0


def test_after_a_reload_and_carry_on_the_session_keeps_its_start_pain_and_time(pixel, owner):
    """Pain 6 before starting, about 40 s played, a reload, "Carry on", the rest skipped: the
    stored session has the starting pain, the time really played and the real start."""
    owner.safety_outcome = "fine"
    owner.save()
    page = pixel
    page.clock.install()
    log_in_through_the_form(page, owner)
    page.goto("/routines/spasm-relief/play/")
    page.locator("#pain-before-form").get_by_role("radio", name="6", exact=True).check()
    cue_setting(page, "Spoken cues").uncheck()
    began = datetime.now(UTC)
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.clock.run_for(40_000)
    page.reload()
    page.get_by_role("button", name="Carry on").click()
    expect(page.locator("#live")).to_be_visible()
    for _ in range(6):
        if page.locator("#finish-heading").is_visible():
            break
        page.get_by_role("button", name="Skip").click()
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    session = CompletedSession.objects.get(user=owner)
    assert session.pain_before == 6
    assert 38 <= session.active_seconds <= 50, session.active_seconds
    assert abs(session.started_at - began) < timedelta(seconds=15)


ACCOUNT_PAGES = [
    "/history/",
    "/history/summary/",
    "/accounts/settings/",
    "/accounts/password/",
    "/accounts/delete/",
    "/reminders/",
]
PUBLIC_ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_account_and_history_pages_fit_the_phone_and_pass_axe(phone, owner, live_server, scheme):
    today = owner.local_today()
    for i in range(0, 40, 3):
        add_session(
            owner,
            today - timedelta(days=i),
            pain=(7 - i // 8, 4 - i // 12),
            note="Felt fine" if i % 2 else "",
        )
    page = phone
    page.emulate_media(color_scheme=scheme)
    for url in PUBLIC_ACCOUNT_PAGES:
        page.goto(url)
        assert_no_horizontal_overflow(page, f"{url} {scheme}")
        assert_no_axe_violations(page, f"{url} {scheme}")
        assert_tap_targets_are_big_enough(page, f"{url} {scheme}")

    log_in(page.context, owner, live_server)
    for url in ACCOUNT_PAGES:
        page.goto(url)
        assert_no_horizontal_overflow(page, f"{url} {scheme}")
        assert_no_axe_violations(page, f"{url} {scheme}")
        assert_tap_targets_are_big_enough(page, f"{url} {scheme}")


def test_history_notes_and_deletes_happen_in_place_and_older_sessions_load_on_scroll(
    pixel, owner, live_server
):
    """The history's htmx attributes (written data-hx-*, which htmx reads like hx-*) work."""

    today = owner.local_today()
    for i in range(14):
        add_session(owner, today - timedelta(days=i), routine=f"Routine {i}")
    page = pixel
    log_in(page.context, owner, live_server)
    page.goto("/history/")
    page.locator(".session").first.get_by_role("link", name=re.compile("^Edit")).click()
    first = page.locator(".session").first
    first.get_by_label("Note").fill("Knees felt better")
    first.get_by_role("button", name="Save changes").click()
    expect(page.locator(".session").first).to_contain_text("Changes saved.")
    expect(page).to_have_url(re.compile(r"/history/$"))  # no full page load: no redirect to #session-…

    page.locator(".session").nth(1).get_by_role("link", name=re.compile("^Delete")).click()
    page.locator(".session").nth(1).get_by_role("button", name="Delete it").click()
    expect(page.locator(".session.deleted")).to_contain_text("Deleted “Routine 1”")
    expect(page).to_have_url(re.compile(r"/history/$"))

    page.locator(".load-more").scroll_into_view_if_needed()
    expect(page.locator(".session", has_text="Routine 13")).to_have_count(1)
    assert CompletedSession.objects.get(user=owner, routine_name="Routine 0").note == "Knees felt better"
