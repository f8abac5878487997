"""Real Chromium at phone size: when an in-place request on the history page fails (the login
expired, or the person logged in again in another tab), what they typed stays and a sentence
says what to do; after logging in again, the same button works."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from spasmcare.history.models import CompletedSession

from ..conftest import PASSWORD, log_in
from ..test_history import add_session
from .helpers import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_note_typed_after_the_login_expired_is_kept_and_saves_after_logging_in_again(
    pixel, owner, live_server
):
    add_session(owner, owner.local_today(), routine="Morning ease")
    page = pixel
    log_in(page.context, owner, live_server)
    page.goto("/history/")
    item = page.locator(".session").first
    item.get_by_role("link", name="Edit").click()
    item.get_by_label("Note").fill("Knees felt better after the walk")

    Session.objects.all().delete()  # the login ends while the page is open
    item.get_by_role("button", name="Save changes").click()

    alert = item.get_by_role("alert")
    expect(alert).to_contain_text("You've been logged out. What you typed is still here")
    expect(item.get_by_label("Note")).to_have_value("Knees felt better after the walk")
    expect(page.locator("main form[action='/accounts/login/']")).to_have_count(
        0
    )  # no log-in page inside the list
    page.screenshot(path=ARTIFACTS / "accounts" / "history-login-expired.png", full_page=False)

    other_tab = page.context.new_page()  # logging in again rotates the CSRF token
    other_tab.goto(alert.get_by_role("link").get_attribute("href"))
    other_tab.get_by_label("Email").fill(owner.email)
    other_tab.get_by_label("Password").fill(PASSWORD)
    other_tab.get_by_role("button", name="Log in").click()
    other_tab.wait_for_url("**/history/")
    other_tab.close()

    item.get_by_role("button", name="Save changes").click()
    expect(page.locator("#history-status")).to_contain_text("Saved your changes to Morning ease")
    assert CompletedSession.objects.get(user=owner).note == "Knees felt better after the walk"
