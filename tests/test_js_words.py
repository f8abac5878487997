"""JavaScript's words: Python writes them (spasmcare/core/js_words.py), the page carries them, and
no English is left in static/js/ for a person to see or hear.

To refresh node's English copy after changing a word:
    UPDATE_JS_WORDS=1 .venv/bin/python -m pytest -n 0 tests/test_js_words.py
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.utils import translation

from spasmcare.core.js_words import GROUPS, js_words

from .conftest import pass_safety_check

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/js/fixtures/words.en.json"


def test_node_tests_use_the_words_python_writes():
    with translation.override("en"):
        words = {group: js_words(group) for group in GROUPS}
    if os.environ.get("UPDATE_JS_WORDS"):
        FIXTURE.write_text(json.dumps(words, ensure_ascii=False, indent=1) + "\n")
    assert json.loads(FIXTURE.read_text()) == words, (
        "refresh with UPDATE_JS_WORDS=1 (see this module's docstring)"
    )


def _strings(source: str) -> list[str]:
    """The string literals of a JavaScript source, comments left out (good enough for our own
    modules: no regular expressions with quotes in them outside comments)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", source)
    return re.findall(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`', source)


# Not words a person sees or hears: the developer console, HTTP, and names of browsers and
# systems (which no language translates).
NOT_PROSE = re.compile(r"^SpasmCare: |^Samsung Internet$")
# One capitalised word that is a key, a header, a tag or a name, not a word on the screen.
NOT_A_WORD = {
    "Escape",
    "ArrowLeft",
    "ArrowRight",
    "AbortError",
    "SUMMARY",
    "ResizeObserver",
    "PushManager",
    "Notification",
}
NAMES = {
    "Edge",
    "Firefox",
    "Opera",
    "Chrome",
    "Safari",
    "Android",
    "ChromeOS",
    "Windows",
    "Mac",
    "Linux",
    "iPad",
}


def test_no_english_left_in_javascript():
    """A sentence in a JavaScript module would stay English on a Dutch page: every word comes
    from Python. Looks for two words in a row in any string literal."""
    found = []
    for path in sorted((ROOT / "static/js").rglob("*.js")):
        for groups in _strings(path.read_text()):
            text = next(g for g in groups if g) if any(groups) else ""
            prose = re.sub(r"\$\{[^}]*\}", "", text).strip()
            sentence = re.search(r"^[A-Z][a-z']*( [A-Za-z',]+)+|[a-z]{2,} [a-z]+.*[.!?…]$", prose)
            phrase = re.fullmatch(r"[a-z']+( [a-z']+){2,}", prose)  # "less than a minute"
            single = re.fullmatch(r"[A-Z][a-z]+[.…!?]?", prose) and prose not in NOT_A_WORD | NAMES
            if NOT_PROSE.search(text) or not (sentence or phrase or single):
                continue
            found.append(f"{path.relative_to(ROOT)}: {text}")
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "saved"),
    [
        ("en", "Saved to your history."),
        ("nl", "Opgeslagen in je geschiedenis."),
        ("es", "Guardado en tu historial."),
    ],
)
def test_the_player_carries_its_words_in_the_pages_language(client, language, saved):
    pass_safety_check(client)
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/routines/spasm-relief/play/", headers={"accept-language": language})
    found = re.search(r'<script id="js-words-player" type="application/json">(.*?)</script>', page.text, re.S)
    words = json.loads(found[1])
    assert words["savedToHistory"] == saved
    assert words["lang"].split("-")[0] == language


def test_plural_forms_follow_the_count():
    with translation.override("nl"):
        forms = js_words("sessions")["waiting"]
    assert set(forms) == {"one", "other"}
    assert forms["one"] != forms["other"]
    assert "%(count)s" in forms["other"]
