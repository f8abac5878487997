"""Real Chromium at phone sizes: the playing screen fits without scrolling, its layers (steps,
Help, ✕) open over it and pause it, and the finish screen says what really happened."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from spasmcare.history.models import CompletedSession

from ..conftest import log_in, pass_safety_check, phone_context
from .helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_overflow,
    assert_tap_targets_are_big_enough,
    cue_setting,
    make_short_routine,
    stop_the_clock,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# 360×640 (small Android), iPhone SE, Pixel 7; each held upright and on its side.
SIZES = {
    "360x640": (360, 640),
    "iphone-se": (375, 667),
    "pixel-7": (412, 915),
}
VIEWPORTS = [
    (f"{name}-{way}", (w, h) if way == "portrait" else (h, w))
    for name, (w, h) in SIZES.items()
    for way in ("portrait", "landscape")
]

MUST_SHOW = {
    "figure": ".player-step:not([hidden]) .figure",
    "step name": ".player-step:not([hidden]) h2",
    "dose": ".player-step:not([hidden]) .dose",
    "timer": "#timer",
    "This hurts": "#hurt-button",
    "back": "#back-button",
    "pause": "#pause-button",
    "skip": "#skip-button",
}


def open_phone(browser, live_server, viewport, **extra):
    width, height = viewport
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        **extra,
    )
    context.set_default_timeout(10_000)
    pass_safety_check(context, live_server)
    return context


def start(page, url="/routines/spasm-relief/play/"):
    page.goto(url)
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()


def assert_fits(page, label):
    """Everything a person needs mid-routine is on screen, and the page cannot scroll."""
    view = {"w": page.viewport_size["width"], "h": page.viewport_size["height"]}
    assert_no_horizontal_overflow(page, label)
    for name, selector in MUST_SHOW.items():
        box = page.locator(selector).bounding_box()
        assert box, f"{label}: {name} is not shown"
        assert box["y"] >= 0 and box["y"] + box["height"] <= view["h"] + 0.5, (
            f"{label}: {name} is off screen {box}"
        )
        assert box["x"] >= 0 and box["x"] + box["width"] <= view["w"] + 0.5, (
            f"{label}: {name} is off screen {box}"
        )
    figure = page.locator(MUST_SHOW["figure"]).bounding_box()
    assert figure["height"] >= 0.25 * view["h"], f"{label}: the figure is only {figure['height']}px tall"
    scroll = page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")
    assert scroll <= 0, f"{label}: the page scrolls by {scroll}px"
    page.mouse.wheel(0, 400)
    assert page.evaluate("() => scrollY") == 0, f"{label}: the page scrolled"


@pytest.mark.parametrize("name,viewport", VIEWPORTS, ids=[n for n, _ in VIEWPORTS])
def test_after_start_one_screen_holds_everything_without_scrolling(browser, live_server, name, viewport):
    hold = make_short_routine().player_steps()[0]["phases"]["more"]["work"]
    context = open_phone(browser, live_server, viewport)
    page = context.new_page()
    start(page)
    assert_fits(page, f"{name}, get ready")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"player-{name}.png")

    # The busiest moments: repetitions with their counter, and a rest naming what comes next.
    stop_the_clock(page)  # the routine moves on when the test moves the page's clock
    start(page, "/routines/quick-test/play/")
    ready = page.get_by_role("button", name="I'm ready")
    ready.click()  # end the get-ready: the 4 s hold runs, then the rest
    page.clock.run_for(hold * 1000 + 300)
    expect(page.locator("#next-up")).to_be_visible()
    assert_fits(page, f"{name}, rest")
    page.screenshot(path=ARTIFACTS / f"player-{name}-rest.png")
    ready.click()  # end the rest
    ready.click()  # and the next get-ready
    expect(page.locator("#rep-counter")).to_be_visible()
    assert_fits(page, f"{name}, repetitions")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_playing_screen_and_its_dialogs_pass_axe_and_keyboard(browser, live_server, scheme):
    context = open_phone(browser, live_server, (375, 667), color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    start(page)
    label = f"playing ({scheme})"
    assert_no_axe_violations(page, label)
    assert_tap_targets_are_big_enough(page, label)
    assert_no_horizontal_overflow(page, label)

    for opener, heading in [
        ("#steps-button", "Steps"),
        ("#help-link", "Help and safety"),
        ("#leave-link", "End the routine?"),
    ]:
        page.locator(opener).focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert page.evaluate("() => document.activeElement.closest('dialog') !== null"), (
            f"{heading}: focus stayed outside"
        )
        expect(page.locator("#phase-label")).to_have_text("Paused")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"dialog-{heading.split()[0].lower()}-{scheme}.png")
        assert_no_axe_violations(page, f"{heading} ({scheme})")
        assert_tap_targets_are_big_enough(page, f"{heading} ({scheme})")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert page.evaluate(f"() => document.activeElement === document.querySelector('{opener}')")
        expect(page.locator("#phase-label")).not_to_have_text("Paused")
    context.close()


def test_help_opens_over_the_player_paused_and_closes_back_to_the_same_step(pixel):
    make_short_routine()
    page = pixel
    stop_the_clock(page)
    start(page, "/routines/quick-test/play/")
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    page.get_by_role("link", name="Help").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Help and safety")).to_be_visible()
    expect(dialog).to_contain_text("Stop if pain sharpens")
    expect(page).to_have_url(re.compile(r"/routines/quick-test/play/$"))  # no new page
    expect(page.locator("#phase-label")).to_have_text("Paused")
    frozen = page.locator("#timer").inner_text()
    page.clock.run_for(3000)
    expect(page.locator("#timer")).to_have_text(frozen)
    dialog.get_by_role("button", name="Back to the routine").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    expect(page.locator("#phase-label")).not_to_have_text("Paused")


def test_paused_before_help_stays_paused_after_it(pixel):
    make_short_routine()
    page = pixel
    start(page, "/routines/quick-test/play/")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("link", name="Help").click()
    page.get_by_role("dialog").get_by_role("button", name="Back to the routine").click()
    expect(page.locator("#phase-label")).to_have_text("Paused")


def test_steps_sheet_pauses_and_shows_every_step_with_how_to_do_this_one(pixel):
    make_short_routine()
    page = pixel
    start(page, "/routines/quick-test/play/")
    page.get_by_role("button", name="Steps").click()
    sheet = page.get_by_role("dialog")
    expect(page.locator("#phase-label")).to_have_text("Paused")
    expect(sheet.locator("#steps-sheet-list li")).to_have_count(2)
    expect(sheet.locator('[aria-current="step"]')).to_contain_text("Supported knees to chest")
    expect(sheet.get_by_role("heading", name="How to do Supported knees to chest")).to_be_visible()
    assert sheet.locator("#steps-sheet-now li").count() >= 2  # the how-to lines
    # A tap on the dimmed backdrop closes it too.
    page.mouse.click(10, 10)
    expect(sheet).to_be_hidden()
    expect(page.locator("#phase-label")).not_to_have_text("Paused")


def test_leaving_asks_and_saving_puts_what_was_done_in_history(playwright, browser, live_server, owner):
    make_short_routine()
    owner.safety_outcome = "fine"
    owner.save()
    context = phone_context(playwright, browser, live_server, "Pixel 7")
    log_in(context, owner, live_server)
    page = context.new_page()
    stop_the_clock(page)
    start(page, "/routines/quick-test/play/")
    page.get_by_role("link", name="Leave the player").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="End the routine?")).to_be_visible()
    expect(dialog).to_contain_text("You've done 0 of 2 steps so far")
    expect(page.locator("#phase-label")).to_have_text("Paused")
    # Carry on: back where it was.
    dialog.get_by_role("button", name="Carry on with the routine").click()
    expect(page.locator("#phase-label")).not_to_have_text("Paused")

    # The first step done (I'm ready ends the get-ready, then the rest), then ✕ and save.
    ready = page.get_by_role("button", name="I'm ready")
    ready.click()
    page.clock.run_for(4300)  # the 4 s hold
    ready.click()
    expect(page.get_by_role("heading", name="Heel slides")).to_be_visible()
    page.clock.resume()
    page.get_by_role("link", name="Leave the player").click()
    expect(dialog).to_contain_text("You've done 1 of 2 steps so far")
    expect(dialog.get_by_role("link", name="Leave without saving")).to_have_attribute(
        "href", "/routines/quick-test/"
    )
    dialog.get_by_role("button", name="End and save what I did").click()
    expect(page.get_by_role("heading", name="You did 1 of 2 steps")).to_be_visible()
    expect(page.locator("#save-status")).to_have_text("Saved to your history.")
    session = CompletedSession.objects.get(user=owner)
    assert (session.steps_done, session.steps_total) == (1, 2)
    context.close()


def test_finish_screen_says_what_really_happened(pixel):
    make_short_routine()
    page = pixel
    # Nothing done: no "Well done", and nothing claims to be saved under the button yet.
    start(page, "/routines/quick-test/play/")
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="You did 0 of 2 steps")).to_be_visible()
    expect(page.get_by_role("heading", name="Well done")).to_have_count(0)
    expect(page.locator("#save-result")).to_have_text("")
    expect(page.get_by_role("radio", name="Too easy")).to_be_visible()
    expect(page.locator("#save-status")).to_have_text("Kept on this phone, not in a history yet.")
    expect(page.get_by_role("button", name=re.compile("^Save"))).to_have_count(
        0
    )  # nothing to remember to tap
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "finish-0-of-2.png", full_page=True)
    page.get_by_role("radio", name="About right").check()
    expect(page.locator("#save-result")).to_have_text("Your answers are kept with it on this phone.")

    # Stopped for pain: "Too easy" is not offered.
    start(page, "/routines/quick-test/play/")
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Sharp, or spreading down a leg").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    dialog.get_by_role("button", name="End the routine").click()
    expect(page.get_by_role("heading", name="Routine stopped")).to_be_visible()
    expect(page.get_by_role("radio", name="Too easy")).to_have_count(0)
    expect(page.get_by_role("radio", name="About right")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "finish-stopped.png", full_page=True)


def test_the_timer_flashes_with_the_beeps_even_with_sound_off_and_reduced_motion(browser, live_server):
    make_short_routine()
    context = open_phone(browser, live_server, (375, 667), reduced_motion="reduce")
    page = context.new_page()
    stop_the_clock(page)
    page.goto("/routines/quick-test/play/")
    cue_setting(page, "Sound at 3-2-1 and end of holds").uncheck()
    start(page, "/routines/quick-test/play/")
    # Each flash lasts a fraction of a second: record every one, with the timer's colour then.
    page.evaluate("""() => {
        window.flashes = [];
        const live = document.getElementById('live');
        new MutationObserver(() => {
            const kind = ['pulse-count', 'pulse-end'].find(c => live.classList.contains(c));
            if (kind) window.flashes.push([kind, getComputedStyle(document.getElementById('timer')).backgroundColor]);
        }).observe(live, { attributes: true, attributeFilter: ['class'] });
    }""")
    page.get_by_role("button", name="I'm ready").click()  # straight to the 4 s hold's 3-2-1
    for _ in range(45):  # the hold, a tenth of a second at a time on the page's clock
        page.clock.run_for(100)
    assert page.evaluate("() => window.flashes.filter(f => f[0] === 'pulse-count').length") == 3
    assert page.evaluate("() => window.flashes.filter(f => f[0] === 'pulse-end').length") == 1
    for kind, colour in page.evaluate("() => window.flashes"):
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), f"{kind} shows no colour"
    context.close()


def wire_sizes(response):
    """(body, headers) in bytes as sent. The body is the Content-Length the server sent (the
    compressed size): Chromium's own count of a favicon's body can come back negative when the
    load finishes after the page's, and once counted the icon as -449 bytes."""
    sizes = response.request.sizes()
    length = response.headers.get("content-length")
    return (int(length) if length else sizes["responseBodySize"]), sizes["responseHeadersSize"]


def test_player_first_load_stays_within_62_kb_compressed(browser, live_server):
    """The page, its styles, scripts and every drawing, as a phone first fetches them (the
    server compresses; Chromium asks for gzip), before the service worker precaches more.
    60 KB until the player spoke Dutch and Spanish (58.8 KB measured then): its words now come
    in the page, in its language, as JSON (about 1.2 KB compressed), read by static/js/words.js
    (one more response, about 0.9 KB with its headers). 61.5 KB measured on 2026-12-06, with the
    six drawings redrawn for issue 25 and without WhiteNoise's needless CORS header; 62.5 KB
    on 2026-12-07 once three of the six were redrawn again (0.6 KB more), and 60.6 KB once the
    static files stopped carrying two headers only a page uses (spasmcare/core/middleware.py)."""
    context = open_phone(browser, live_server, (375, 667), service_workers="block")
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/routines/spasm-relief/play/", wait_until="networkidle")
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.wait_for_load_state("networkidle")
    sizes = {r.url.removeprefix(live_server.url): wire_sizes(r) for r in responses}
    total = sum(body + headers for body, headers in sizes.values())
    listing = "\n".join(f"{body:>7} {url}" for url, (body, headers) in sorted(sizes.items()))
    print(f"\nPlayer first load: {total / 1024:.1f} KB over {len(sizes)} responses\n{listing}")
    assert any(url.endswith(".svg") for url in sizes), "the drawings are counted"
    assert total <= 62 * 1024, f"{total / 1024:.1f} KB:\n{listing}"
    context.close()
