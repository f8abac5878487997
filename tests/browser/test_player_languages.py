"""Real Chromium on a Dutch and on a Spanish phone: from the home page through "Back spasm right
now?" to the relief routine playing, with everything the voice says recorded where it reaches the
browser's speech API (text and language), and the player's own words on the screen.

The taps find their buttons by what they are (the spasm button, the relief check's "no", Start),
not by their English labels, which the templates' translation changes."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import expect

from exercises import pacing
from exercises.models import Routine, format_dose

from ..conftest import pass_safety_check, phone_context
from .helpers import ARTIFACTS, assert_no_horizontal_overflow, set_default_font, stop_the_clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The browser's speech API replaced by a recorder of each utterance's text and language, which
# "speaks" for as long as a voice would on the page's clock. getVoices is left alone: headless
# Chromium has none, so the player speaks by the utterance's language.
RECORD_SPEECH = """
window.__spoken = [];
const synth = window.speechSynthesis;
synth.speak = (u) => {
  window.__spoken.push({ text: u.text, lang: u.lang });
  setTimeout(() => u.onend && u.onend(), (u.text.split(/\\s+/).length / 2 / 0.9) * 1000 + 300);
};
synth.cancel = () => {};
"""

# Per language: the tag the voice speaks with, and lines that are the player's own words (the
# voice's, pacing's, a dose), each of which must be said, then English that must never be.
LANGUAGES = {
    "nl": {
        "locale": "nl-NL",
        "said": ["Ontspan.", "Blijf zo, en rust uit.", "Dat was het einde van het programma. Goed gedaan."],
        "label": ["Ga in positie", "Maak je klaar"],
    },
    "es": {
        "locale": "es-ES",
        "said": ["Relájate.", "Quédate así y descansa.", "Aquí termina la rutina. Muy bien."],
        "label": ["Ponte en posición", "Prepárate"],
    },
}
OUR_ENGLISH = re.compile(
    r"\b(seconds?|minutes?|on each side|Relax\.|Next,|Rest\.|Switch sides|Stay here|Hold here|Begin\.|"
    r"the last one|to go\.|Halfway|Well done|end of the routine|First side|Other side)\b"
)


@pytest.mark.parametrize("language", ["nl", "es"])
def test_home_to_the_relief_routine_with_the_voice_in_the_phones_language(
    playwright, browser, live_server, language
):
    want = LANGUAGES[language]
    cache.clear()  # pages kept in English by another test (the page cache is keyed by language with part A)
    context = phone_context(
        playwright, browser, live_server, "Pixel 7", safety_checked=False, locale=want["locale"]
    )
    page = context.new_page()
    page.add_init_script(RECORD_SPEECH)
    stop_the_clock(page)

    page.goto("/")
    page.locator("a.spasm-now").first.click()  # "Back spasm right now?"
    page.locator("form[data-relief-key] button[value='no']").click()  # "No, none of these"
    expect(page.locator("#player")).to_be_visible()
    expect(page.locator("#start-button")).to_be_visible()
    page.locator("#start-button").click()
    label = page.locator("#phase-label")
    expect(label).to_have_text(re.compile("|".join(map(re.escape, want["label"]))))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"player-{language}-playing.png")

    with translation.override(language):
        steps = Routine.objects.with_steps().get(slug="spasm-relief").player_steps()
        seconds = pacing.routine_seconds(steps, "more")
        dose = format_dose(True, 60, None, False)
    page.clock.run_for((seconds + 5) * 1000)
    expect(page.locator("#finish-heading")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"player-{language}-finished.png")
    spoken = page.evaluate("window.__spoken")
    context.close()

    texts = [line["text"] for line in spoken]
    assert len(texts) > 20, texts
    assert {line["lang"] for line in spoken} == {want["locale"]}, "every line in the page's language"
    for line in want["said"]:
        assert any(text.startswith(line) for text in texts), f"{line!r} never said: {texts}"
    assert any(f", {dose}." in text for text in texts), f"the dose ({dose}) not said in {language}"
    ours = [text for text in texts if OUR_ENGLISH.search(text)]
    assert ours == [], "the player's own English said aloud"
    # The content's spoken fields (each step's name, how to get into position, the cues and the
    # breathing) come from the exercises' translated fields, part D of this issue: until they are
    # merged they are English here. After D, assert them here too: every step's spoken name,
    # setup and a cue from exercises.<language>.toml said, and no line left in English.


# A phone whose only voices are English: speechSynthesis.getVoices answers with them.
ENGLISH_VOICES_ONLY = """
const voices = [{ name: "Daniel", lang: "en-GB", localService: true, default: true, voiceURI: "Daniel" }];
window.speechSynthesis.getVoices = () => voices;
"""


def test_a_dutch_page_on_a_phone_without_a_dutch_voice_says_so_once_and_carries_on(
    playwright, browser, live_server
):
    cache.clear()
    context = phone_context(playwright, browser, live_server, "Pixel 7", locale="nl-NL")
    page = context.new_page()
    page.add_init_script(RECORD_SPEECH + ENGLISH_VOICES_ONLY)
    page.add_init_script("""
      window.__heard = [];
      new MutationObserver(() => {
        const text = document.getElementById("announcer")?.textContent;
        if (text && text !== window.__heard.at(-1)) window.__heard.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    """)
    stop_the_clock(page)
    page.goto("/routines/spasm-relief/play/")
    page.locator("#start-button").click()
    note = page.locator("#no-voice-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("geen Nederlandse stem")
    page.clock.run_for(120_000)
    expect(page.locator("#timer")).not_to_have_text("0:00")
    expect(note).to_be_hidden()  # shown for the phase it was said in, then the screen is the player's
    page.screenshot(path=ARTIFACTS / "player-nl-no-voice.png")
    heard = page.evaluate("window.__heard")
    spoken = page.evaluate("window.__spoken")
    context.close()
    assert spoken == [], "nothing read out in an English voice"
    assert sum("geen Nederlandse stem" in line for line in heard) == 1, heard
    assert len(heard) > 3, "the lines go on in the live region"


@pytest.mark.parametrize(
    ("language", "size", "font", "scheme"),
    [("nl", (320, 568), 32, "light"), ("es", (360, 640), 20, "dark"), ("nl", (640, 360), 16, "dark")],
)
def test_the_players_dutch_and_spanish_words_fit_a_small_phone_at_large_text(
    browser, live_server, language, size, font, scheme
):
    """Longer words over the timer, the no-voice notice and "next up" at 320 px and 200 % text."""
    cache.clear()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": size[0], "height": size[1]},
        locale=LANGUAGES[language]["locale"],
        color_scheme=scheme,
        is_mobile=True,
        has_touch=True,
    )
    pass_safety_check(context, live_server)
    page = context.new_page()
    set_default_font(page, font)
    page.add_init_script(RECORD_SPEECH + ENGLISH_VOICES_ONLY)
    stop_the_clock(page)
    page.goto("/routines/spasm-relief/play/")
    page.locator("#start-button").click()
    expect(page.locator("#no-voice-note")).to_be_visible()
    with translation.override(language):
        first = Routine.objects.with_steps().get(slug="spasm-relief").player_steps()[0]["phases"]["more"]
    page.clock.run_for((first["ready"]["seconds"] + first["work"] + 2) * 1000)  # the first rest: "next up"
    expect(page.locator("#next-up")).to_be_visible()
    name = f"player-{language}-{size[0]}x{size[1]}-{font}-{scheme}"
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    assert_no_horizontal_overflow(page, name)
    context.close()
