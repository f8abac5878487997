"""Real Chromium at phone size: the library, an exercise, and playing a routine to the end."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exercises import pacing
from exercises.models import Routine

from ..conftest import pass_safety_check, phone_context
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    cue_setting,
    make_short_routine,
    stop_the_clock,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_filtering_the_library_updates_results_and_keeps_the_url(phone):
    page = phone
    page.goto("/exercises/")
    total = page.locator(".exercise-row").count()
    assert total >= 30

    page.get_by_role("checkbox", name="Relief").check()  # a chip
    expect(page).to_have_url(re.compile(r"kind=relief"))
    expect(page.locator(".results-count")).not_to_have_text(f"{total} exercises")
    relief_count = page.locator(".exercise-row").count()
    assert 5 <= relief_count < total

    # More filters: the count on the control follows what is chosen.
    page.get_by_text("More filters").click()
    page.get_by_label("Body area").select_option("whole-body")
    expect(page.locator("#more-count")).to_have_text("(1 on)")
    expect(page).to_have_url(re.compile(r"area=whole-body"))
    page.get_by_label("Body area").select_option("")
    expect(page.locator("#more-count")).to_have_text("")

    page.get_by_label("Search exercises").fill("crocodile")
    expect(page.locator(".exercise-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=crocodile"))

    # The shared link shows the same thing, and the back button returns to the previous list.
    page.reload()
    expect(page.locator(".exercise-row")).to_have_count(1)
    page.go_back()
    expect(page.locator(".exercise-row")).to_have_count(relief_count)


def test_library_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/exercises/")
    page.get_by_role("checkbox", name="Sitting").check()
    page.get_by_text("More filters").click()
    page.get_by_label("Equipment").select_option("chair")
    page.get_by_role("button", name="Show exercises").click()
    expect(page).to_have_url(re.compile(r"position=sitting"))
    expect(page).to_have_url(re.compile(r"equipment=chair"))
    metas = page.locator(".exercise-row .meta").all_inner_texts()
    assert metas and all("Sitting" in m for m in metas)
    expect(page.locator("#more-count")).to_have_text("(1 on)")
    page.get_by_label("Search exercises").fill("cat cow")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".exercise-row .row-name")).to_have_text(["Seated cat–cow"])
    context.close()


def test_opening_an_exercise_shows_its_drawing_steps_and_cautions(pixel):
    page = pixel
    page.goto("/exercises/?q=glute+bridge")
    page.get_by_role("link", name="Glute bridge").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glute bridge")
    drawing = page.get_by_role("img", name=re.compile("^Seen from the side: lying on the back"))
    expect(drawing).to_be_visible()
    assert drawing.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".steps li").count() >= 3
    expect(page.get_by_text("Skip this if").first).to_be_visible()
    page.get_by_role("link", name="Harder: Single-leg bridge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single-leg bridge")


def test_playing_a_short_routine_to_the_finish_with_pause_and_resume(pixel):
    steps = make_short_routine().player_steps()
    hold, reps = (step["phases"]["more"] for step in steps)
    page = pixel
    stop_the_clock(page)  # the player's timer runs on the page's clock, moved below
    page.goto("/routines/quick-test/play/")
    cue_setting(page, "Spoken cues").uncheck()  # remembered for next time
    page.get_by_role("button", name=re.compile("^Start")).click()
    label, timer = page.locator("#phase-label"), page.locator("#timer")

    # The first step is a new position: time to get there, ended early with "I'm ready".
    expect(label).to_have_text("Get into position")
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_be_visible()
    page.get_by_role("button", name="I'm ready").click()
    expect(label).to_have_text("Hold")

    # The countdown really runs...
    first = timer.inner_text()
    page.clock.run_for(1300)
    expect(timer).not_to_have_text(first)

    # ...and stands still while paused.
    page.get_by_role("button", name="Pause").click()
    expect(label).to_have_text("Paused")
    frozen = timer.inner_text()
    page.clock.run_for(5000)
    expect(timer).to_have_text(frozen)
    page.get_by_role("button", name="Resume").click()

    page.clock.run_for(hold["work"] * 1000)
    expect(label).to_have_text("Rest")
    expect(page.locator("#next-up")).to_contain_text("Heel slides")
    # The rest shows the next exercise.
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    page.get_by_role("button", name="I'm ready").click()
    expect(label).to_have_text("Get ready")
    page.get_by_role("button", name="I'm ready").click()
    expect(label).to_have_text("First side")
    expect(page.locator("#rep-counter")).to_contain_text("of 2")
    # Each phase as long as Python made it (the timer ticks every 200 ms: a little over).
    page.clock.run_for(reps["work"] * 1000 + 300)
    expect(label).to_have_text("Switch sides")
    page.clock.run_for(reps["switch"]["seconds"] * 1000 + 300)
    expect(label).to_have_text("Other side")
    page.clock.run_for(reps["work"] * 1000 + 300)

    finish = page.get_by_role("heading", name="Well done")
    expect(finish).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("2 of 2")
    expect(page.locator("#controls")).to_be_hidden()

    page.goto("/routines/quick-test/play/")
    expect(page.locator("#cue-settings")).to_have_attribute("open", "")  # opened once: stays open here
    expect(page.get_by_label("Spoken cues")).not_to_be_checked()
    expect(page.get_by_label("Sound at 3-2-1 and end of holds")).to_be_checked()
    page.locator("#cue-settings summary").click()
    page.reload()
    expect(page.locator("#cue-settings")).not_to_have_attribute("open", "")


def test_player_keyboard_controls_and_skip(pixel):
    make_short_routine()
    page = pixel
    stop_the_clock(page)  # time stands still unless moved: "straight after a skip" is exact
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live")).to_be_visible()
    page.locator("body").press(" ")
    expect(page.locator("#phase-label")).to_have_text("Paused")
    page.locator("body").press(" ")
    expect(page.locator("#phase-label")).not_to_have_text("Paused")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    page.keyboard.press("ArrowLeft")  # straight after a skip: back to the step before
    expect(page.get_by_role("heading", name="Supported knees to chest")).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="You did 0 of 2 steps")).to_be_visible()
    expect(page.locator("#finish-steps")).to_have_text("0 of 2")


def test_timer_follows_the_wall_clock_when_the_page_sleeps(pixel):
    """A locked phone throttles timers; when it wakes, the routine is where the clock says."""
    make_short_routine()
    page = pixel
    steps = Routine.objects.get(slug="quick-test").player_steps()
    step_one = pacing.routine_seconds(steps[:1])  # get into position, hold, rest
    page.clock.install()
    page.goto("/routines/quick-test/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#phase-label")).to_have_text("Get into position")
    # Jump the wall clock past step one, firing due timers at most once, as a closed lid or a
    # locked phone would: the routine must have moved on by exactly that much.
    page.clock.fast_forward(step_one * 1000 + 1000)
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    expect(page.locator("#phase-label")).to_have_text("Get ready")


def test_routine_is_followable_without_javascript(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    pass_safety_check(context, live_server)
    page = context.new_page()
    page.goto("/routines/spasm-relief/play/")
    steps = page.locator(".player-step")
    assert steps.count() >= 5
    expect(steps.first).to_be_visible()
    expect(page.get_by_role("link", name="Next step").first).to_be_visible()
    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_in_viewport()
    context.close()


PAGES = [
    "/",
    "/exercises/",
    "/exercises/?kind=strength&position=lying",
    "/exercises/cat-cow/",
    "/routines/",
    "/routines/spasm-relief/",
    "/routines/spasm-relief/play/",
    "/safety-check/",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_fits_the_phone_and_has_no_axe_violations(phone, scheme):
    page = phone
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    for url in PAGES:
        page.goto(url)
        label = f"{url} on {page.device_name} ({scheme})"
        assert_no_horizontal_overflow(page, label)
        assert_no_axe_violations(page, label)
        assert_tap_targets_are_big_enough(page, label)
    # The player while it plays, too.
    page.goto("/routines/spasm-relief/play/")
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()
    assert_no_horizontal_overflow(page, "player while playing")
    assert_no_axe_violations(page, "player while playing")
    assert_tap_targets_are_big_enough(page, "player while playing")


def test_nothing_overflows_at_360_px(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    pass_safety_check(context, live_server)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for url in PAGES:
        page.goto(url)
        assert_no_horizontal_overflow(page, f"{url} at 360px")
    assert all(r.startswith(live_server.url) or r.startswith("data:") for r in requests), [
        r for r in requests if not r.startswith(live_server.url)
    ]
    context.close()


def test_player_screenshot_for_the_readme(playwright, browser, live_server):
    context = phone_context(playwright, browser, live_server, "Pixel 7")
    page = context.new_page()
    page.goto("/routines/spasm-relief/play/")
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.get_by_role("button", name="I'm ready").click()
    expect(page.locator("#phase-label")).to_have_text(re.compile("Hold|Go"))
    page.get_by_role("button", name="Pause").click()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "player-phone.png")
    assert (SCREENSHOTS / "player-phone.png").stat().st_size > 10_000
    context.close()
