"""Real Chromium at phone size: the way in when a spasm strikes, the safety check, and the
"this hurts" traffic light inside the player."""

import re

import pytest
from playwright.sync_api import expect

from spasmcare.history.models import CompletedSession

from ..conftest import log_in, phone_context
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    make_short_routine,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newcomer(playwright, browser, live_server):
    """Someone who has never answered the safety check on this phone."""
    context = phone_context(playwright, browser, live_server, "iPhone 13", safety_checked=False)
    yield context.new_page()
    context.close()


def test_home_to_the_relief_routine_in_three_taps(newcomer):
    page = newcomer
    page.goto("/")
    page.get_by_role("link", name=re.compile("Back spasm right now")).click()  # 1
    assert_no_axe_violations(page, "relief check")
    assert_tap_targets_are_big_enough(page, "relief check")
    page.get_by_role("button", name=re.compile("No, none of these")).click()  # 2
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")
    expect(page.get_by_label("Spoken cues")).to_be_checked()
    page.get_by_role("button", name=re.compile("^Start")).click()  # 3
    expect(page.locator("#live")).to_be_visible()
    expect(page.get_by_role("heading", name="Lower legs on a chair (rest position)")).to_be_visible()


def test_first_routine_goes_through_the_safety_check(newcomer):
    page = newcomer
    page.goto("/routines/gentle-core/play/")
    expect(page.get_by_role("heading", name="First, a quick safety check")).to_be_visible()
    page.get_by_role("link", name="Take the safety check").click()
    assert_no_horizontal_overflow(page, "safety check")
    assert_no_axe_violations(page, "safety check")
    assert_tap_targets_are_big_enough(page, "safety check")
    for question in page.locator("fieldset.question").all():
        question.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="See what to do").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're fine to start")
    assert_no_axe_violations(page, "fine outcome")
    page.get_by_role("link", name="Carry on to your routine").click()
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_visible()


def test_urgent_answer_offers_no_routine(newcomer):
    page = newcomer
    page.goto("/safety-check/")
    answers = page.locator("fieldset.question")
    answers.nth(0).get_by_role("radio", name="No").check()
    answers.nth(1).get_by_role("radio", name="Yes").check()
    answers.nth(2).get_by_role("radio", name="No").check()
    page.get_by_role("button", name="See what to do").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Please contact a doctor today")
    assert page.locator("main a[href*='/play/']").count() == 0
    assert_no_axe_violations(page, "urgent outcome")
    page.goto("/routines/morning-mobility/play/")
    expect(page.get_by_role("heading", name="Routines are paused for now")).to_be_visible()


def rate_pain(page, pain: int | None = None, numbness=False):
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    if pain is not None:
        dialog.get_by_role("radio", name=str(pain), exact=True).check()
    if numbness:
        dialog.get_by_label("New numbness, tingling or weakness").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    return dialog


def test_this_hurts_at_five_swaps_in_the_easier_variant_and_is_recorded(pixel, owner, live_server):
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.save()
    page = pixel
    log_in(page.context, owner, live_server)
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_be_visible()

    dialog = rate_pain(page, 5)
    expect(dialog.get_by_role("heading", name="Do a little less")).to_be_visible()
    assert_no_axe_violations(page, "hurt advice")
    expect(page.locator("#phase-label")).to_have_text("Paused")
    dialog.get_by_role("button", name="Switch to Single knee to chest").click()

    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", name="Single knee to chest")).to_be_visible()
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_have_count(0)
    expect(page.locator("#phase-label")).to_have_text("Get ready")
    expect(page.locator(".player-step:visible .dose")).to_contain_text("on each side")

    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    session = CompletedSession.objects.get(user=owner)
    assert session.events[0]["pain"] == 5
    assert session.events[0]["action"] == "swap"
    assert session.events[0]["exercise"] == "knees-to-chest"


def test_this_hurts_at_eight_stops_the_routine(pixel):
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    rate_pain(page, 8)
    expect(page.get_by_role("heading", name="Routine stopped")).to_be_visible()
    expect(page.locator("#stopped-advice")).to_be_visible()
    expect(page.locator("#numbness-advice")).to_be_hidden()
    expect(page.locator("#controls")).to_be_hidden()
    assert_no_axe_violations(page, "stopped")


def test_new_numbness_always_stops_with_see_a_doctor_guidance(pixel):
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    rate_pain(page, 2, numbness=True)
    expect(page.get_by_role("heading", name="Routine stopped")).to_be_visible()
    expect(page.locator("#numbness-advice")).to_be_visible()
    expect(page.locator("#numbness-advice")).to_contain_text("checked by a doctor")


def test_low_pain_carries_on_where_it_was(pixel):
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    dialog = rate_pain(page, 2)
    expect(dialog.get_by_role("heading", name="Carry on")).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("Switch to"))).to_be_hidden()
    dialog.get_by_role("button", name="Carry on").click()
    expect(page.locator("#phase-label")).not_to_have_text("Paused")
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_be_visible()


def test_high_pain_before_starting_asks_for_the_check_again(pixel):
    page = pixel
    page.goto("/routines/desk-break/play/")
    page.locator("#pain-before-form").get_by_role("radio", name="8", exact=True).check()
    expect(page.locator("#pain-recheck")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_hidden()
    page.get_by_role("link", name="Take the safety check").click()
    expect(page.get_by_role("status")).to_contain_text("Your pain is higher than before")
    page.goto("/routines/desk-break/play/")
    expect(page.get_by_role("heading", name="First, a quick safety check")).to_be_visible()
