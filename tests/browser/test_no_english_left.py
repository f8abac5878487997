"""Real Chromium asking for Dutch or Spanish, as a phone set to that language does: the one-tap
"Back spasm right now?" check and the full safety check with no English on them (every visible
text node, and every accessible name, checked against the catalogue's English msgids and
everyday English words), and the main pages reflowing at 320 px with text at 200 % in both
languages, where long Dutch and Spanish words are the risk."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import pass_safety_check
from ..test_no_english_left import english_left
from .helpers import ARTIFACTS, assert_no_axe_violations, set_default_font
from .test_reflow import SIZES, TEXT, sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"nl": "nl-NL", "es": "es-ES"}
SHOTS = ARTIFACTS / "languages"

# What a person sees or hears: the text of every rendered element that isn't hidden, and the
# accessible names and descriptions given in attributes.
VISIBLE_TEXTS = """() => {
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || el.closest('script, style, template')) continue;
        // Words marked as another language on purpose (the chooser names each language in its own).
        if (el.closest('[lang]').lang !== document.documentElement.lang) continue;
        if (el.checkVisibility({visibilityProperty: true}) || el.closest('.visually-hidden, .skip')) {
            texts.push(node.textContent.trim());
        }
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
        if (!el.checkVisibility()) continue;
        for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
            if (el.getAttribute(name)) texts.push(el.getAttribute(name));
        }
    }
    return texts;
}"""


def phone_in(browser, live_server, language, size="360x640", text="100", safety_checked=False):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
        locale=LOCALES[language],
        service_workers="block",
    )
    context.set_default_timeout(10_000)
    if safety_checked:
        pass_safety_check(context, live_server)
    page = context.new_page()
    set_default_font(page, TEXT[text])
    return context, page


def spilling(page) -> list[str]:
    """Buttons, links styled as buttons and pills whose words run past their own edge (a long
    word that can't wrap inside it): the page may not scroll, but the word is cut off."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('button, .button, .help-link, .control, summary, label:not(.visually-hidden)'))
            .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}"`)"""
    )


def assert_fits(page, label):
    assert sideways(page) == [], f"{label} scrolls sideways: {sideways(page)}"
    assert spilling(page) == [], f"{label}: words run out of their control: {spilling(page)}"


def assert_no_english(page, language, label):
    assert page.locator("html").get_attribute("lang") == language
    left = english_left(page.evaluate(VISIBLE_TEXTS), language)
    assert not left, f"{label} in {language} still says: {left}"


@pytest.mark.parametrize("language", LOCALES)
def test_the_relief_question_and_its_yes_with_no_english(browser, live_server, language):
    context, page = phone_in(browser, live_server, language)
    page.goto("/")
    page.locator(".spasm-now").click()
    expect(page).to_have_url(re.compile("/relief/$"))
    assert_no_english(page, language, "the relief question")
    assert_no_axe_violations(page, f"relief question ({language})")
    page.locator('button[name="answer"][value="yes"]').click()
    expect(page.locator("#outcome-heading")).to_be_visible()
    assert_no_english(page, language, "the relief question's yes")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"relief-yes-{language}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", LOCALES)
def test_the_safety_check_with_no_english_through_to_an_outcome(browser, live_server, language):
    context, page = phone_in(browser, live_server, language)
    page.goto("/safety-check/")
    assert_no_english(page, language, "the safety check")
    assert_no_axe_violations(page, f"safety check ({language})")
    # "Yes" to the see-a-doctor-soon signs only: the outcome that keeps gentle relief.
    for index, fieldset in enumerate(page.locator("fieldset.question").all()):
        fieldset.locator('input[value="yes"]' if index == 2 else 'input[value="no"]').check()
    page.locator(".safety-form button[type=submit]").click()
    expect(page.locator(".outcome-soon")).to_be_visible()
    # The routine cards below are content, translated per field rather than by the catalogue.
    page.evaluate("document.querySelectorAll('.cards').forEach((el) => el.remove())")
    assert_no_english(page, language, "the see-a-doctor-soon outcome")
    context.close()


MAIN_PAGES = {
    "home": "/",
    "relief": "/relief/",
    "relief-yes": "/relief/#get-help",
    "safety": "/safety-check/",
    "routines": "/routines/",
    "library": "/exercises/",
    "learn": "/learn/",
    "offline": "/offline/",
    "signup": "/accounts/signup/",
    "player": "/routines/spasm-relief/play/?from=relief",
}


@pytest.mark.parametrize("language", LOCALES)
def test_main_pages_reflow_at_320_px_with_200_percent_text(browser, live_server, language):
    context, page = phone_in(browser, live_server, language, "320x568", "200", safety_checked=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in MAIN_PAGES.items():
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == language
        assert_fits(page, f"{name} in {language} at 320 px, 200 %")
        if name == "player":
            page.locator("#start-button").click()
            expect(page.locator("#live")).to_be_visible()
            assert_fits(page, f"the playing player in {language}")
            page.locator("#hurt-button").click()
            expect(page.locator("#hurt-dialog")).to_be_visible()
            assert_fits(page, f"the 'This hurts' dialog in {language}")
        page.screenshot(path=SHOTS / f"{name}-{language}-320x568-200.png")
    context.close()


@pytest.mark.parametrize("language", LOCALES)
@pytest.mark.parametrize(("size", "text"), [("320x568", "125"), ("360x640", "125"), ("360x640", "200")])
def test_the_spasm_path_reflows_at_other_phone_sizes(browser, live_server, language, size, text):
    context, page = phone_in(browser, live_server, language, size, text, safety_checked=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("home", "relief", "safety", "player"):
        page.goto(MAIN_PAGES[name])
        assert_fits(page, f"{name} in {language} at {size}, {text} %")
        page.screenshot(path=SHOTS / f"{name}-{language}-{size}-{text}.png")
    context.close()


@pytest.mark.parametrize("language", LOCALES)
def test_back_pause_and_skip_keep_one_row_below_the_timer_at_125_percent(browser, live_server, language):
    """At 360 px and 125 % text, "Saltar" and "Overslaan" wrapped onto a second row of buttons,
    which rose over the timer: the one number a person on the floor looks for."""
    context, page = phone_in(browser, live_server, language, "360x640", "125", safety_checked=True)
    page.goto(f"/{language}/routines/spasm-relief/play/?from=relief")
    page.locator("#start-button").click()
    expect(page.locator("#live")).to_be_visible()
    tops = [round(button.bounding_box()["y"]) for button in page.locator("#controls > button").all()]
    assert len(set(tops)) == 1, f"the buttons sit on {len(set(tops))} rows in {language}"
    timer = page.locator(".timer").bounding_box()
    assert timer["y"] + timer["height"] <= page.locator("#controls").bounding_box()["y"]
    context.close()
