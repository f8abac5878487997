"""The safety-critical pages in Dutch and Spanish with no English left on them: the one-tap
"Back spasm right now?" check, the full safety check, each outcome, the player's "This hurts"
dialog, pain check, help and safety gate, and the offline page.

"English left" is judged two ways, so a string nobody wrapped fails as well as one nobody
translated: a text node that reads as one of the catalogue's English msgids (any part between its
tags, with its placeholders standing for anything) where that language's translation differs, or
a text node with an everyday English word that neither Dutch nor Spanish has. Content from the
database (routine and exercise names, steps) is left out here: it is translated per field, not
through the catalogue.
"""

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from .conftest import pass_safety_check

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "es"]
ALL_NO = {"emergency_signs": "no", "urgent_signs": "no", "see_soon_signs": "no"}

# Everyday English words that are not Dutch or Spanish words: one of them on a Dutch or Spanish
# page is a sentence nobody wrapped.
ENGLISH_WORDS = {
    "the", "your", "you", "and", "with", "what", "this", "that", "these", "please", "call",
    "doctor", "help", "now", "right", "any", "back", "pain", "hurts", "routine", "step", "steps",
    "carry", "exercise", "numbness", "tingling", "weakness", "emergency",
}  # fmt: skip
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{[a-z_]+\}|%%")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"))


def segments(text: str) -> list[str]:
    """The parts of a msgid a browser shows as separate text nodes: split at its tags."""
    parts = [unescape(part).strip(" \n:;,.·") for part in re.split(r"<[^>]+>", text)]
    return [part for part in parts if len(re.sub(PLACEHOLDER, "", part).strip()) >= 2]


def pattern(segment: str) -> re.Pattern:
    literal = [re.escape(" ".join(piece.split())) for piece in PLACEHOLDER.split(segment)]
    return re.compile(r"\s*" + ".+?".join(literal) + r"[\s:;,.·]*", re.IGNORECASE)


def specific(segment: str) -> bool:
    """Whether a msgid part says enough to be recognised: with a placeholder in it ("Start
    %(name)s"), it needs two words of its own, or it would match any sentence."""
    return not PLACEHOLDER.search(segment) or len(re.sub(PLACEHOLDER, " ", segment).split()) >= 2


def english_patterns(language: str) -> list[tuple[re.Pattern, str]]:
    """A pattern for each English msgid part whose translation into `language` differs from it
    (a word that is the same in both, "Menu" or "Start", is not English left over)."""
    found = []
    for entry in catalogue(language):
        translations = (
            [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        )  # fmt: skip
        for english in filter(None, [entry.msgid, entry.msgid_plural]):
            translated = {part for text in translations for part in segments(text)}
            found += [
                (pattern(part), part)
                for part in segments(english)
                if part not in translated and specific(part)
            ]
    return found


def english_left(texts: list[str], language: str) -> list[str]:
    """The visible texts that are English on a page in `language`."""
    patterns = english_patterns(language)
    left = []
    for text in texts:
        text = " ".join(text.split())
        words = set(re.findall(r"[a-z]+", text.lower()))
        match = next((part for regex, part in patterns if regex.fullmatch(text)), None)
        if match or words & ENGLISH_WORDS:
            left.append(text)
    return left


class VisibleText(HTMLParser):
    """The text nodes of a page's <title> and <body>, with the elements a person doesn't read
    (scripts, styles, templates) and the `skip` ones (database content) left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, skip=(), language=None):
        super().__init__(convert_charrefs=True)
        self.skip = skip
        # Words marked as another language on purpose (the chooser names each language in its
        # own: <span lang="en">Language</span>) are not a string left untranslated. Content that
        # fell back to English is marked too: the relief path's is held complete by
        # tests/test_content_languages.py instead.
        self.language = language
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        other_language = self.language and attrs.get("lang") not in (None, self.language)
        hidden = (
            tag in ("script", "style", "template")
            or other_language
            or any(
                (s.startswith(".") and s[1:] in classes)
                or (s.startswith("#") and s[1:] == attrs.get("id"))
                or (s.startswith("[") and s[1:-1] in attrs)
                for s in self.skip
            )
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1]):
            self.texts.append(data.strip())


def texts_of(html: str, skip=(), language=None) -> list[str]:
    parser = VisibleText(skip, language)
    parser.feed(html)
    return parser.texts


class LanguageClient(Client):
    """A phone reading `language`: its browser asks for it, and it follows the language's own
    addresses (/nl/…, /es/…), as the pages' links and the redirect from an English address do."""

    def __init__(self, language: str):
        super().__init__(headers={"accept-language": language})
        self.prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"

    def generic(self, method, path, *args, **kwargs):
        return super().generic(method, self.prefix + path, *args, **kwargs)


def client_in(language: str) -> Client:
    return LanguageClient(language)


def assert_all_in(language, response, skip=(), label=""):
    assert response.headers["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    left = english_left(texts_of(html, skip, language), language)
    assert not left, f"{label or response.request['PATH_INFO']} in {language} still says: {left}"


# Routine cards, names and purposes come from the content, translated per field; how a session
# felt is the history's own words (spasmcare/history): neither is the catalogue's safety text.
CONTENT = (
    ".cards", ".offer-list", ".player-title", ".player-steps", ".lead", "#saved-routines", "[data-feeling]",
)  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_one_tap_relief_check_and_its_answers(language):
    client = client_in(language)
    assert_all_in(language, client.get("/relief/"))
    assert_all_in(language, client.post("/relief/", {"answer": "yes"}), label="relief: yes")
    refused = client.post("/relief/", {"answer": "maybe"})
    assert refused.status_code == 400
    assert_all_in(language, refused, label="relief: no answer")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_safety_check_its_reasons_and_its_errors(language):
    client = client_in(language)
    assert_all_in(language, client.get("/safety-check/"))
    assert_all_in(language, client.get("/safety-check/?reason=pain&pain=8"), label="asked by a rating of 8")
    assert_all_in(language, client.get("/safety-check/?reason=first"), label="asked before a first routine")
    unanswered = client.post("/safety-check/", {"emergency_signs": "no"})
    assert unanswered.status_code == 400
    assert_all_in(language, unanswered, label="two questions unanswered")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("yes", ["emergency_signs", "urgent_signs", "see_soon_signs", None])
def test_every_outcome(language, yes, settings):
    settings.SPASMCARE_ADVICE_NUMBER = "111"  # the urgent outcome then leads with the advice line
    answers = {**ALL_NO, **({yes: "yes"} if yes else {})}
    response = client_in(language).post("/safety-check/", answers)
    assert_all_in(language, response, CONTENT, label=f"outcome after yes to {yes}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_players_pain_dialog_pain_check_and_help(language):
    client = client_in(language)
    pass_safety_check(client)
    response = client.get("/routines/spasm-relief/play/?from=relief")
    html = response.content.decode()
    for part in ('id="hurt-dialog"', 'id="pain-check"', 'id="help-dialog"', 'class="home-care"'):
        assert part in html
    assert_all_in(language, response, CONTENT, label="the relief player")
    # What the "This hurts" dialog says at each level reaches the player as JSON.
    rules = json.loads(
        re.search(r'<script id="player-rules" type="application/json">(.*?)</script>', html).group(1)
    )
    advice = [
        text
        for group in ("advice", "restAdvice")
        for level in rules[group].values()
        for text in level.values()
    ]
    assert len(advice) == 20 and not english_left([text for text in advice if text], language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", ["", "emergency", "urgent", "soon"])
def test_the_players_safety_gate(language, outcome):
    client = client_in(language)
    if outcome:
        pass_safety_check(client, outcome=outcome)
    response = client.get("/routines/gentle-core/play/")
    assert 'class="safety-gate"' in response.content.decode()
    assert_all_in(language, response, CONTENT, label=f"the gate after {outcome or 'no check'}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_the_offline_page(language):
    client = client_in(language)
    assert_all_in(language, client.get("/offline/"), CONTENT)
    home = client.get("/")
    relief_button = re.search(r'<a class="[^"]*spasm-now[^"]*".*?</a>', home.content.decode(), re.S).group(0)
    assert_all_in(language, home, (".cards", ".why", ".suggestion", "main > section:not(.hero)"))
    assert not english_left(texts_of(relief_button), language)


def test_the_check_finds_a_string_left_in_english():
    """The check itself: an English msgid on a Dutch page fails, and so does a sentence nobody
    wrapped; the Dutch and a word that is the same in both languages pass."""
    assert english_left(["Back spasm right now?"], "nl") == ["Back spasm right now?"]
    assert english_left(["Call 112"], "es") == ["Call 112"]
    assert english_left(["Stop if it hurts more than before."], "nl")  # never in the catalogue
    assert english_left(["Nu last van een rugkramp?", "Bel 112", "Menu", "Start"], "nl") == []
    assert english_left(["¿Espasmo de espalda ahora mismo?", "Llama al 112"], "es") == []
