"""Real Chromium at phone size: the way in when a spasm strikes, the safety check, and the
"this hurts" traffic light inside the player."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from exercises import pacing
from spasmcare.history.models import CompletedSession
from spasmcare.safety import rules as safety

from ..conftest import log_in, phone_context
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    make_short_routine,
    stop_the_clock,
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


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page, name):
    """A full-page screenshot for a person to look at (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


@pytest.fixture
def pixel_newcomer(playwright, browser, live_server):
    """Someone on a Pixel 7 who has never answered the safety check."""
    context = phone_context(playwright, browser, live_server, "Pixel 7", safety_checked=False)
    yield context.new_page()
    context.close()


def answer_check(page, yes=()):
    for index, question in enumerate(page.locator("fieldset.question").all()):
        question.get_by_role("radio", name="Yes" if index in yes else "No").check()
    page.get_by_role("button", name="See what to do").click()


def rate_before(page, pain: int):
    page.locator("#pain-before-form").get_by_role("radio", name=str(pain), exact=True).check()


def expect_timer_running(page):
    """The routine plays: its timer counts down as the page's clock moves (stop_the_clock before
    Start, so the test moves it, not the machine's speed)."""
    expect(page.locator("#live")).to_be_visible()
    first = page.locator("#timer").text_content()
    page.clock.run_for(2000)
    expect(page.locator("#timer")).not_to_have_text(first)


def from_relief(page):
    page.goto("/relief/")
    page.get_by_role("button", name=re.compile("No, none of these")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")


def test_relief_then_pain_of_eight_starts_the_routine(pixel_newcomer):
    page = pixel_newcomer
    from_relief(page)
    rate_before(page, 8)
    expect(page.locator("#pain-check")).to_be_hidden()
    shot(page, "relief-rated-8")
    stop_the_clock(page)
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect_timer_running(page)
    shot(page, "relief-playing")


def tap(page, locator, taps: list, label: str):
    """Tap `locator` as a thumb would, and note whether it was on screen without scrolling: measured
    once it shows, as a person sees it (on a busy machine the relief check's "no" could still be
    on its way when the rating was measured, hidden, and counted as off screen)."""
    locator.wait_for(state="visible")
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    taps.append((label, box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height))
    locator.tap()


def home_to_playing(page, pain: int | None) -> list:
    """From the home page to a playing relief routine, with `pain` rated before starting and
    every question it asks answered "no". Returns the taps, each with whether it was on screen."""
    taps = []
    page.goto("/")
    tap(
        page, page.get_by_role("link", name=re.compile("Back spasm right now")), taps, "Back spasm right now?"
    )
    tap(page, page.get_by_role("button", name=re.compile("No, none of these")), taps, "No, none of these")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spasm relief, lying down")
    if pain is not None:
        rating = page.locator("#pain-before-form label").filter(has_text=re.compile(f"^{pain}$"))
        tap(page, rating, taps, f"pain {pain}")
    check = page.locator("#pain-check")
    while check.locator("[data-question]:not([hidden])").count():
        tap(page, check.locator("[data-question]:not([hidden]) [data-answer='no']"), taps, "No")
    stop_the_clock(page)
    tap(page, page.get_by_role("button", name=re.compile("^Start")), taps, "Start")
    expect_timer_running(page)
    return taps


@pytest.fixture
def phone_360(browser, live_server):
    """A small Android phone (360×640) that has never answered anything."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("pain,most", [(None, 3), (0, 4), (8, 4), (9, 5), (10, 5)])
def test_home_to_a_playing_routine_at_any_pain_in_few_taps_with_nothing_to_scroll(phone_360, pain, most):
    """Pain 9 and 10 ask once more, about the urgent signs the one-tap check leaves out, right
    where the rating was given; severe pain is itself "see a doctor soon", which keeps the relief
    routine and its advice. Every tap is on the screen without scrolling at 360×640."""
    taps = home_to_playing(phone_360, pain)
    print(f"\npain {pain}: {len(taps)} taps: {[label for label, _ in taps]}")
    assert len(taps) <= most, taps
    assert all(on_screen for _, on_screen in taps), taps
    if pain is not None and pain >= safety.SEVERE_PAIN:
        expect(phone_360.locator("#pain-check [data-outcome='soon']")).to_be_hidden()  # playing now
        phone_360.get_by_role("button", name="This hurts").click()
        dialog = phone_360.get_by_role("dialog")
        dialog.get_by_role("radio", name=str(pain), exact=True).check()
        dialog.get_by_role("button", name="Tell me what to do").click()
        # The starting rating was kept: the same pain carries on, in a rest position's words.
        expect(dialog.get_by_role("heading", name="Carry on resting")).to_be_visible()
        expect(dialog.get_by_text("easier version")).to_have_count(0)


def test_pain_of_nine_asks_in_place_once_and_a_mis_tap_is_undone_at_once(pixel_newcomer):
    page = pixel_newcomer
    from_relief(page)
    rate_before(page, 9)
    check = page.locator("#pain-check")
    expect(check).to_be_visible()
    expect(check.get_by_role("heading")).to_have_text("Pain 9 out of 10: one quick check")
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_hidden()
    question = check.locator("[data-question]:not([hidden])")
    expect(question).to_have_count(1)
    expect(question).to_have_attribute("data-question", "urgent_signs")  # the one-tap check asked the rest
    assert_no_axe_violations(page, "pain check")
    shot(page, "relief-rated-9-asks")
    # A thumb lands on "Yes": the answer says what to do, and it can be taken back at once.
    question.get_by_role("button", name="Yes").click()
    expect(check.locator("[data-outcome='urgent']")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Call 112")).first).to_be_visible()
    expect(check.get_by_role("link", name="Rest and breathe")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_hidden()
    check.get_by_role("button", name="Change my answer").click()
    check.locator("[data-question]:not([hidden])").get_by_role("button", name="No").click()
    soon = check.locator("[data-outcome='soon']")
    expect(soon).to_contain_text("Book a doctor's appointment")
    expect(soon.get_by_role("link")).to_have_count(0)  # this routine is one of them
    expect(page.locator("#pain-before-form input[value='9']")).to_be_checked()  # kept
    shot(page, "relief-9-see-a-doctor-soon")
    stop_the_clock(page)
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect_timer_running(page)
    # Answered once for this episode: a reload and the same rating go straight to Start.
    page.goto("/")
    page.evaluate("() => localStorage.clear()")  # where the routine was: not offered to carry on
    page.goto("/routines/spasm-relief/play/?from=relief")
    rate_before(page, 9)
    expect(check).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_visible()


def test_urgent_answer_offers_rest_and_breathing_that_plays(pixel_newcomer):
    page = pixel_newcomer
    page.goto("/safety-check/")
    answer_check(page, yes=(1,))
    expect(page.get_by_role("heading", level=1)).to_have_text("Please contact a doctor today")
    expect(page.locator("main a[href^='tel:']").first).to_be_visible()
    assert page.locator("main a[href*='/play/']").count() == 1
    assert_no_axe_violations(page, "urgent outcome")
    assert_tap_targets_are_big_enough(page, "urgent outcome")
    shot(page, "urgent-outcome")
    page.get_by_role("link", name=re.compile("Start Rest and breathe")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rest and breathe")
    rate_before(page, 9)  # rest is never held back by a rating
    stop_the_clock(page)
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect_timer_running(page)
    shot(page, "urgent-rest-playing")
    page.goto("/routines/morning-mobility/play/")
    expect(page.get_by_role("heading", name="Exercise routines are paused for now")).to_be_visible()
    shot(page, "urgent-gate")


@pytest.mark.parametrize("way", ["relief", "check"])
def test_emergency_answer_offers_calls_and_no_routine(pixel_newcomer, way):
    page = pixel_newcomer
    if way == "relief":
        page.goto("/relief/")
        shot(page, "relief-check")
        page.get_by_role("button", name=re.compile("Yes, one or more")).click()
        expect(page.get_by_role("link", name=re.compile("by mistake"))).to_be_visible()
    else:
        page.goto("/safety-check/")
        answer_check(page, yes=(0,))
    expect(page.get_by_role("heading", level=1)).to_have_text("Please get medical help now")
    call = page.get_by_role("link", name=re.compile("Call 112"))
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:112"
    assert page.locator("main a[href*='/play/']").count() == 0
    assert_no_axe_violations(page, "emergency outcome")
    assert_tap_targets_are_big_enough(page, "emergency outcome")
    shot(page, f"emergency-outcome-{way}")
    page.goto("/routines/rest-and-breathe/play/")
    if way == "relief":
        # The one tap is not remembered: a mis-tap locks nothing, and the question is asked again.
        expect(page.locator("#relief-gate")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Start"))).to_be_hidden()
    else:
        expect(page.locator("#player")).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile("Call 112"))).to_be_visible()


def test_offline_a_high_rating_asks_the_questions_in_place_all_the_same(pixel):
    page = pixel
    page.goto("/routines/desk-break/play/")
    page.context.set_offline(True)
    rate_before(page, 7)
    check = page.locator("#pain-check")
    for name in ("emergency_signs", "urgent_signs", "see_soon_signs"):
        question = check.locator("[data-question]:not([hidden])")
        expect(question).to_have_attribute("data-question", name)
        question.get_by_role("button", name="No").click()
    expect(check.locator("[data-outcome='fine']")).to_be_visible()
    shot(page, "offline-rated-7")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()
    page.context.set_offline(False)


def test_thresholds_and_timings_come_from_python(pixel, monkeypatch):
    page = pixel
    page.goto("/routines/desk-break/play/")
    rate_before(page, 5)
    expect(page.locator("#pain-check")).to_be_hidden()

    monkeypatch.setattr(safety, "HIGH_PAIN", 5)
    monkeypatch.setattr(pacing, "GET_READY_SECONDS", 90)
    cache.clear()  # the phases' lengths come with the steps, kept under the content revision
    page.goto("/routines/desk-break/play/")
    rate_before(page, 4)
    expect(page.locator("#pain-check")).to_be_hidden()
    rate_before(page, 5)
    expect(page.locator("#pain-check")).to_be_visible()
    monkeypatch.setattr(safety, "HIGH_PAIN", 7)
    page.goto("/routines/desk-break/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#timer")).to_have_text(re.compile(r"1:[23]\d"))


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
    # Back to the start of the step, with time to get into the new position.
    expect(page.locator("#phase-label")).to_have_text("Get into position")
    expect(page.locator(".player-step:visible .dose")).to_contain_text("on each side")

    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    session = CompletedSession.objects.get(user=owner)
    assert session.events[0]["pain"] == 5
    assert session.events[0]["action"] == "swap"
    assert session.events[0]["exercise"] == "knees-to-chest"


def test_this_hurts_at_eight_with_no_start_stops_that_exercise(pixel):
    make_short_routine()
    page = pixel
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    dialog = rate_pain(page, 8)
    expect(dialog.get_by_role("heading", name="Stop this exercise")).to_be_visible()
    dialog.get_by_role("button", name="End the routine").click()
    expect(page.get_by_role("heading", name="Routine stopped")).to_be_visible()
    expect(page.locator("#stopped-advice")).to_be_visible()
    expect(page.locator("#numbness-advice")).to_be_hidden()
    expect(page.locator("#controls")).to_be_hidden()
    expect(page.locator("#hurt-summary")).to_contain_text("Step 1: pain 8. Stop this exercise.")
    assert_no_axe_violations(page, "stopped")


def test_the_light_follows_the_persons_own_start_everywhere(pixel, owner, live_server):
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.safety_checked_at = timezone.now()  # answered just now: covers any rating today
    owner.save()
    page = pixel
    log_in(page.context, owner, live_server)
    page.goto("/routines/quick-test/play/")
    rate_before(page, 7)
    page.get_by_role("button", name=re.compile("^Start")).click()
    dialog = rate_pain(page, 7)
    expect(dialog.get_by_role("heading", name="Carry on")).to_be_visible()
    dialog.get_by_role("button", name="Carry on").click()
    dialog = rate_pain(page, 9)
    expect(dialog.get_by_role("heading", name="Do a little less")).to_be_visible()
    shot(page, "hurt-do-less-from-7")
    dialog.get_by_role("button", name="Carry on gently").click()
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Sharp, or spreading down a leg").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(dialog.get_by_role("heading", name="Stop this exercise")).to_be_visible()
    dialog.get_by_role("button", name="End the routine").click()
    summary = page.locator("#hurt-summary")
    expect(summary).to_contain_text("pain 7 (you started at 7). Carry on.")
    expect(summary).to_contain_text("pain 9 (you started at 7). Do a little less.")
    expect(summary).to_contain_text("Stop this exercise.")
    shot(page, "finish-after-stop")
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    session = CompletedSession.objects.get(user=owner)
    assert [e["level"] for e in session.events] == ["carry-on", "do-less", "stop-exercise"]
    assert session.pain_before == 7


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


def test_a_rest_position_never_says_stop_resting_nor_offers_an_easier_version(pixel):
    """No starting rating (people in pain skip it), pain 7 while resting with the legs on a
    chair: rest-position advice, carrying on resting offered, no easier version (there is none)."""
    page = pixel
    page.goto("/routines/spasm-relief/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    dialog = rate_pain(page, 7)
    expect(dialog.get_by_role("heading", name="Try another position")).to_be_visible()
    expect(dialog.get_by_text("isn't right for today")).to_have_count(0)
    expect(dialog.get_by_text("easier version")).to_have_count(0)
    expect(dialog.get_by_role("button", name=re.compile("Switch to"))).to_be_hidden()
    dialog.get_by_role("button", name="Carry on resting").click()
    expect(page.locator("#phase-label")).not_to_have_text("Paused")


def test_with_no_starting_rating_how_it_compares_stands_in_for_it(pixel, owner, live_server):
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.save()
    page = pixel
    log_in(page.context, owner, live_server)
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name="7", exact=True).check()
    dialog.get_by_role("radio", name="Same or less").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(dialog.get_by_role("heading", name="Carry on")).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("Switch to"))).to_be_hidden()
    dialog.get_by_role("button", name="Carry on").click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    event = CompletedSession.objects.get(user=owner).events[0]
    assert (event["change"], event["level"]) == ("same", "carry-on")  # worked out again on the server
