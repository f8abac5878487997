"""Real Chromium as the people who have back spasms use it: small phones held either way, the
browser's default text at 100 %, 125 % and 200 % (CDP Page.setFontSizes), light and dark.
Every page, player state, dialog and sheet reflows (WCAG 2.2 SC 1.4.4 and 1.4.10): nothing
scrolls sideways, nothing is cut off or covered, every control can be reached. The playing
player stays one screen up to 125 %; at 200 % it may scroll, with the timer, "This hurts" and
Pause still reachable and the step's name readable. Sideways overflow is measured against the
screen's width: in mobile emulation the browser widens its layout viewport to fit content that
is too wide, so `innerWidth` grows with the fault."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import log_in, pass_safety_check
from .helpers import (
    assert_no_axe_violations,
    cue_setting,
    make_short_routine,
    set_default_font,
    stop_the_clock,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reflow"

SIZES = {"320x568": (320, 568), "360x640": (360, 640), "640x360": (640, 360)}
# The browser's default font size: 16 px is 100 %.
TEXT = {"100": 16, "125": 20, "200": 32}
# Light at every size and text; dark where axe runs (360×640, default text): dark mode changes
# colours only (no layout rule in app.css depends on it), so dark at every size repeated the
# light run's layout checks at a minute of CI each.
MATRIX = [(size, text, "light") for size in SIZES for text in TEXT] + [("360x640", "100", "dark")]
IDS = [f"{size}-{text}%-{scheme}" for size, text, scheme in MATRIX]

PUBLIC_PAGES = [
    "/",
    "/relief/",
    "/relief/#get-help",
    "/routines/",
    "/routines/spasm-relief/",
    "/exercises/",
    "/exercises/?q=pregnant",
    "/exercises/cat-cow/",
    "/learn/",
    "/learn/when-to-see-a-doctor/",
    "/safety-check/",
    "/offline/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
ACCOUNT_PAGES = [
    "/exercises/cat-cow/add/",
    "/history/",
    "/history/summary/",
    "/accounts/settings/",
    "/accounts/password/",
    "/accounts/delete/",
    "/reminders/",
    "/routines/new/",
]


def phone(browser, live_server, size: str, text: str, scheme: str, **extra):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
        color_scheme=scheme,
        service_workers="block",
        **extra,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    set_default_font(page, TEXT[text])
    return context, page


def sideways(page) -> list[str]:
    """What sticks out past the screen's right edge (nothing, when the page reflows)."""
    return page.evaluate(
        """(width) => {
            if (document.documentElement.scrollWidth <= width) return [];
            return Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.getClientRects().length)
                .filter((el) => !Array.from(el.children).some((c) => c.getBoundingClientRect().right > width + 0.5))
                .slice(0, 5)
                .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}"`);
        }""",
        page.viewport_size["width"],
    )


def assert_reflows(page, label):
    assert sideways(page) == [], f"{label} scrolls sideways: {sideways(page)}"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def axe_at_default(page, size, text, label):
    """Axe on a 360×640 phone at default text (light and dark): the new parts pass it too."""
    if (size, text) == ("360x640", "100"):
        assert_no_axe_violations(page, label)


def reachable(page, selector, label):
    """Scrolled to if need be, the control is on screen and nothing covers its middle."""
    element = page.locator(selector)
    element.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = element.bounding_box()
    view = page.viewport_size
    assert box and box["y"] >= -0.5 and box["y"] + box["height"] <= view["height"] + 0.5, (
        f"{label}: {selector} {box}"
    )
    assert box["x"] >= -0.5 and box["x"] + box["width"] <= view["width"] + 0.5, f"{label}: {selector} {box}"
    on_top = page.evaluate(
        """([selector, x, y]) => { const el = document.querySelector(selector), hit = document.elementFromPoint(x, y);
            return el === hit || el.contains(hit); }""",
        [selector, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, f"{label}: {selector} is covered"


ONE_SCREEN = {
    "step name": ".player-step:not([hidden]) h2",
    "timer": "#timer",
    "This hurts": "#hurt-button",
    "back": "#back-button",
    "pause": "#pause-button",
    "skip": "#skip-button",
}


def assert_playing_screen(page, label, one_screen: bool):
    assert_reflows(page, label)
    if one_screen:
        view = page.viewport_size
        for name, selector in ONE_SCREEN.items():
            box = page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 0.5, (
                f"{label}: {name} {box}"
            )
        scroll = page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")
        assert scroll <= 0, f"{label}: the page scrolls by {scroll}px"
    for name, selector in ONE_SCREEN.items():
        reachable(page, selector, f"{label}, {name}")
    page.evaluate("() => document.body.scrollTo(0, 0)")


def assert_busiest_moments(page, label, one_screen: bool):
    """On the quick test routine just started (make_short_routine, the page's clock stopped): a
    rest naming what comes next, then repetitions with their counter, each checked as a playing
    screen."""
    page.locator("#ready-button").click()
    page.clock.run_for(4300)  # the 4 s hold
    expect(page.locator("#next-up")).to_be_visible()
    assert_playing_screen(page, f"rest, {label}", one_screen)
    page.locator("#ready-button").click()
    page.locator("#ready-button").click()
    expect(page.locator("#rep-counter")).to_be_visible()
    assert_playing_screen(page, f"repetitions, {label}", one_screen)


@pytest.mark.parametrize("size,text,scheme", MATRIX, ids=IDS)
def test_every_page_reflows(browser, live_server, owner, size, text, scheme):
    context, page = phone(browser, live_server, size, text, scheme)
    page.goto("/relief/")
    page.get_by_role("button", name=re.compile("Yes, one or more")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Please get medical help now")
    assert_reflows(page, f"the emergency answer at {size}, {text}%, {scheme}")
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert_reflows(page, f"{path} at {size}, {text}%, {scheme}")
        if path in ("/relief/", "/relief/#get-help", "/offline/", "/exercises/?q=pregnant"):
            axe_at_default(page, size, text, f"{path} ({scheme})")
    page.goto("/")
    if (size, text) == ("360x640", "100"):
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 60, f"the header takes {header['height']} px of a 640 px screen"
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
        expect(page.get_by_role("link", name="Sign up")).to_be_visible()
        assert_reflows(page, f"open menu at {size}, {text}%")
    shot(page, f"home-menu-{size}-{text}-{scheme}")
    log_in(context, owner, live_server)
    for path in ACCOUNT_PAGES:
        page.goto(path)
        assert_reflows(page, f"{path} at {size}, {text}%, {scheme}")
    context.close()


def assert_hurt_dialog_needs_no_scroll(dialog, label, whole_rating=True):
    """The two warning signs and "Tell me what to do" (and, where asked, all of the rating) in
    the dialog's frame as it opens, none of them behind that button where it stays in view."""
    frame = dialog.bounding_box()
    actions = dialog.locator("button[value=rate]").bounding_box()
    controls = {
        "the sharp-pain box": "input[name=sharp]",
        "the numbness box": "input[name=numbness]",
        "Tell me what to do": "button[value=rate]",
    }
    if whole_rating:
        controls["10 on the rating"] = "input[name=hurt_pain][value='10']"
    for name, selector in controls.items():
        box = dialog.locator(selector).locator("xpath=ancestor-or-self::*[self::label or self::button][1]")
        box = box.bounding_box()
        bottom = frame["y"] + frame["height"]
        beside = box["x"] >= actions["x"] + actions["width"] or box["x"] + box["width"] <= actions["x"]
        if not selector.startswith("button") and not beside:
            bottom = min(bottom, actions["y"])
        assert box["y"] >= frame["y"] and box["y"] + box["height"] <= bottom + 0.5, (
            f"{label}: {name} is under a scroll in the This hurts dialog"
        )


@pytest.mark.parametrize("size,text,scheme", MATRIX, ids=IDS)
def test_every_player_state_reflows(browser, live_server, size, text, scheme):
    """Before Start, the questions a high rating asks, the playing screen at its busiest moments,
    "This hurts" and its advice, the Steps and Help sheets, "End the routine?" and the finish."""
    make_short_routine()
    context, page = phone(browser, live_server, size, text, scheme)
    label = f"{size}, {text}%, {scheme}"
    page.goto("/routines/rest-and-breathe/play/")  # nothing answered yet: the one-tap check in the player
    expect(page.locator("#relief-gate")).to_be_visible()
    assert_reflows(page, f"the relief player's one-tap check, {label}")
    axe_at_default(page, size, text, f"the relief player's one-tap check ({scheme})")
    pass_safety_check(context, live_server)  # answered some time ago: pain 9 still asks
    page.goto("/relief/")
    shot(page, f"relief-{size}-{text}-{scheme}")
    page.get_by_role("button", name=re.compile("No, none of these")).click()
    label = f"{size}, {text}%, {scheme}"
    assert_reflows(page, f"player before Start, {label}")
    if (size, text) == ("360x640", "100"):
        start = page.get_by_role("button", name=re.compile("^Start")).bounding_box()
        assert start["y"] + start["height"] <= 640, "Start is on the first screen of the relief path"
    page.locator("#pain-before-form label").filter(has_text=re.compile("^9$")).click()
    expect(page.locator("#pain-check")).to_be_visible()
    assert_reflows(page, f"the questions at pain 9, {label}")
    axe_at_default(page, size, text, f"the questions at pain 9 ({scheme})")
    shot(page, f"pain-9-{size}-{text}-{scheme}")
    page.locator("#pain-check [data-question]:not([hidden])").get_by_role("button", name="No").click()
    cue_setting(page, "Spoken cues").uncheck()
    assert_reflows(page, f"cue settings open, {label}")
    page.get_by_role("button", name=re.compile("^Start")).click()
    # One screen: at default and 125 % text, on every size either way up.
    one_screen = text in ("100", "125")
    assert_playing_screen(page, f"playing, {label}", one_screen)
    shot(page, f"playing-{size}-{text}-{scheme}")

    # "This hurts": the safety choices and the button that acts on them are never under a scroll
    # inside the dialog (up to 125 %).
    page.get_by_role("button", name="This hurts").click()
    dialog = page.locator("#hurt-dialog")
    expect(dialog).to_be_visible()
    assert_reflows(page, f"This hurts, {label}")
    if one_screen:  # the whole rating too, on any phone wider than the smallest
        assert_hurt_dialog_needs_no_scroll(dialog, label, whole_rating=size != "320x568")
    shot(page, f"hurt-{size}-{text}-{scheme}")
    dialog.get_by_role("radio", name="8", exact=True).check()
    dialog.get_by_label("Sharp, or spreading down a leg").check()
    dialog.get_by_role("button", name="Tell me what to do").click()
    expect(dialog.get_by_role("heading", name="Try another position")).to_be_visible()
    assert_reflows(page, f"advice, {label}")
    axe_at_default(page, size, text, f"rest-position advice ({scheme})")
    shot(page, f"advice-{size}-{text}-{scheme}")
    dialog.get_by_role("button", name="Carry on resting").click()

    for opener, sheet in (("Steps", "#steps-sheet"), ("Help", "#help-dialog")):
        page.locator("#steps-button" if opener == "Steps" else "#help-link").click()
        expect(page.locator(sheet)).to_be_visible()
        assert_reflows(page, f"{opener} sheet, {label}")
        page.locator(sheet).get_by_role("button", name="Back to the routine").click()

    context.close()

    # The busiest moments: repetitions with their counter, and a rest naming what comes next
    # (another phone: pain 9 above booked a doctor, which leaves this one for later).
    context, page = phone(browser, live_server, size, text, scheme)
    pass_safety_check(context, live_server)
    stop_the_clock(page)  # the routine moves on when the test moves the page's clock
    page.goto("/routines/quick-test/play/")
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    assert_busiest_moments(page, label, one_screen)
    page.locator("#leave-link").click()
    expect(page.locator("#leave-dialog")).to_be_visible()
    assert_reflows(page, f"End the routine?, {label}")
    page.locator("#leave-dialog").get_by_role("button", name="End and save what I did").click()
    expect(page.locator("#finish")).to_be_visible()
    assert_reflows(page, f"finish, {label}")
    page.clock.resume()  # real time again: axe's own timers run on it
    axe_at_default(page, size, text, f"finish ({scheme})")
    shot(page, f"finish-{size}-{text}-{scheme}")
    context.close()


@pytest.mark.parametrize("language", ["nl", "es"])
def test_the_playing_screen_is_one_screen_at_125_percent_in_dutch_and_spanish(browser, live_server, language):
    """Longer words still fit: a step's name over three lines, a two-line routine name, "Ik ben
    zover" beside "Dit doet pijn". Found at 360×640 and 125 %, where the Spanish relief routine
    scrolled 41 px with "Me duele" half under the controls."""
    make_short_routine()
    for size in SIZES:
        context, page = phone(browser, live_server, size, "125", "light")
        pass_safety_check(context, live_server)
        stop_the_clock(page)
        label = f"{language}, {size}, 125%"
        page.goto(f"/{language}/relief/")
        page.locator("form[data-relief-key] button[value='no']").click()
        page.locator("#start-button").click()
        expect(page.locator("#live")).to_be_visible()
        assert_playing_screen(page, f"the relief routine playing, {label}", True)
        shot(page, f"playing-{language}-{size}-125")
        page.locator("#hurt-button").click()
        dialog = page.locator("#hurt-dialog")
        expect(dialog).to_be_visible()
        # No rating before the start here: "Compared with when you started" joins the dialog, and
        # the rating may go under the button that stays in view.
        assert_hurt_dialog_needs_no_scroll(dialog, label, whole_rating=False)
        shot(page, f"hurt-{language}-{size}-125")
        dialog.locator("button[value=cancel]").click()
        expect(dialog).to_be_hidden()

        page.goto(f"/{language}/routines/quick-test/play/")
        page.locator("#start-button").click()
        assert_busiest_moments(page, label, True)
        context.close()


NOTCH = {"top": 0, "left": 44, "right": 44, "bottom": 21}  # a notched phone on its side


def test_on_a_notched_phone_on_its_side_every_control_keeps_clear_of_the_notch(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 812, "height": 375}, is_mobile=True, has_touch=True
    )
    pass_safety_check(context, live_server)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setSafeAreaInsetsOverride", {"insets": NOTCH})
    page.goto("/routines/spasm-relief/play/")
    cue_setting(page, "Spoken cues").uncheck()
    page.get_by_role("button", name=re.compile("^Start")).click()
    expect(page.locator("#live")).to_be_visible()
    safe = {"left": NOTCH["left"], "right": 812 - NOTCH["right"], "bottom": 375 - NOTCH["bottom"]}
    for selector in (
        "#leave-link",
        "#help-link",
        "#ready-button",
        "#hurt-button",
        "#back-button",
        "#pause-button",
        "#skip-button",
    ):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= safe["left"] and box["x"] + box["width"] <= safe["right"], (
            f"{selector} under the notch: {box}"
        )
        assert box["y"] + box["height"] <= safe["bottom"], f"{selector} over the home indicator: {box}"
    shot(page, "notch-landscape")
    page.goto("/")
    for selector in (".brand", ".site-header .help-link", ".site-header nav li:last-child a"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= safe["left"] and box["x"] + box["width"] <= safe["right"], (
            f"{selector} under the notch"
        )
    context.close()
