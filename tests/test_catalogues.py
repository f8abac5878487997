"""No language is offered with safety-critical text left in English.

Safety-critical text is every translatable string in the sources SAFETY_CRITICAL_SOURCES names
(spasmcare/core/languages.py: the safety check and its outcomes, the relief path, the pain rules,
the call buttons, the player, the offline page). For each language in settings.LANGUAGES but
English, every one of those strings, read from the sources themselves as `makemessages` reads
them, must be in that language's catalogue, translated and not fuzzy. A string added to a
safety page without running `make messages`, or left untranslated or fuzzy after it, fails here
with its file and line. The last tests show the check failing on a catalogue with one such
string missing, and passing once it is filled.
"""

import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import templatize

from spasmcare.core.languages import SAFETY_CRITICAL_SOURCES, is_safety_critical

ROOT = Path(settings.BASE_DIR)
# The keywords Django's makemessages gives xgettext (besides xgettext's own gettext, ngettext, _).
KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]


def safety_sources() -> list[Path]:
    found = {path for pattern in SAFETY_CRITICAL_SOURCES for path in ROOT.glob(pattern) if path.is_file()}
    return sorted(found)


def extract(paths: list[Path], root: Path = ROOT) -> polib.POFile:
    """The translatable strings in `paths` (Python as it is, templates as Django's templatize
    turns them into Python), with their source locations relative to `root`: what makemessages
    would gather."""
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for path in paths:
            relative = path.relative_to(root).as_posix()
            if path.suffix == ".py":
                inputs.append(relative)
                continue
            # Named like the template, so locations read "templates/offline.html:12" (makemessages
            # does the same with a ".py" copy beside the template).
            copy = Path(tmp) / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(templatize(path.read_text(encoding="utf-8"), origin=relative), encoding="utf-8")
            inputs.append(str(copy))
        output = Path(tmp) / "safety.pot"
        subprocess.run(
            [
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                *(f"--keyword={keyword}" for keyword in KEYWORDS),
                f"--output={output}",
                "--force-po",
                *inputs,
            ],
            cwd=root,
            check=True,
            capture_output=True,
        )
        pot = polib.pofile(str(output))
    for entry in pot:
        entry.occurrences = [(_relative(file, tmp), line) for file, line in entry.occurrences]
    return pot


def _relative(file: str, tmp: str) -> str:
    return file.removeprefix(tmp).lstrip("/")


def untranslated_safety_strings(catalogue: polib.POFile, wanted: polib.POFile | None = None) -> list[str]:
    """Every safety-critical string the catalogue leaves untranslated or fuzzy, or (given the
    strings the sources hold, `wanted`) doesn't have at all; as "file:line: the English"."""
    problems = []
    for entry in catalogue:
        if entry.obsolete or not any(is_safety_critical(file) for file, _line in entry.occurrences):
            continue
        if entry.fuzzy or not entry.translated():
            problems.append(_describe(entry, "fuzzy" if entry.fuzzy else "untranslated"))
    if wanted is not None:
        for entry in wanted:
            if catalogue.find(entry.msgid, msgctxt=entry.msgctxt) is None:
                problems.append(_describe(entry, "not in the catalogue (run make messages)"))
    return problems


def _describe(entry: polib.POEntry, problem: str) -> str:
    where = next((f"{file}:{line}" for file, line in entry.occurrences if is_safety_critical(file)), "?")
    return f"{where}: {problem}: {entry.msgid!r}"


OFFERED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.fixture(scope="module")
def safety_strings() -> polib.POFile:
    return extract(safety_sources())


def test_the_safety_critical_sources_are_files_that_exist():
    """A renamed template would otherwise drop out of the check without a word."""
    for pattern in SAFETY_CRITICAL_SOURCES:
        assert list(ROOT.glob(pattern)), f"{pattern} names no file"


@pytest.mark.parametrize("language", OFFERED)
def test_every_offered_language_has_all_its_safety_critical_text_translated(language, safety_strings):
    path = ROOT / "spasmcare" / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{language} is offered (settings.LANGUAGES) but has no catalogue at {path}"
    problems = untranslated_safety_strings(polib.pofile(str(path)), safety_strings)
    assert not problems, f"{len(problems)} safety-critical strings in {language}:\n" + "\n".join(problems)


def plural_count(catalogue: polib.POFile) -> int:
    """nplurals from the catalogue's Plural-Forms header (Spanish has three: one, millions, other)."""
    return int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])


@pytest.mark.parametrize("language", OFFERED)
def test_every_plural_has_every_form_the_language_has(language):
    """gettext picks the form by the header's rule; a form missing there shows the English. Spanish
    has three, and entries written with two showed "About 8 minutes" on a Spanish routine."""
    path = ROOT / "spasmcare" / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    wanted = plural_count(catalogue)
    short = [
        e.msgid
        for e in catalogue
        if e.msgid_plural and not e.obsolete and sorted(e.msgstr_plural) != list(range(wanted))
    ]
    assert not short, f"{language} plurals without all {wanted} forms: {short}"


# ---- The check itself, on a catalogue made for it ----

RELIEF = "templates/learn/relief.html"


def catalogue(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "nl"}
    for entry in entries:
        po.append(entry)
    return po


def test_the_check_fails_on_one_untranslated_safety_string_and_passes_once_it_is_filled(tmp_path):
    call = polib.POEntry(
        msgid="Call %(number)s now", msgstr="", occurrences=[(RELIEF, "12")], flags=["python-format"]
    )
    other = polib.POEntry(
        msgid="Account settings", msgstr="", occurrences=[("templates/accounts/settings.html", "3")]
    )
    done = polib.POEntry(
        msgid="Lie on your back.", msgstr="Ga op je rug liggen.", occurrences=[(RELIEF, "20")]
    )
    path = tmp_path / "django.po"
    catalogue(call, other, done).save(str(path))

    problems = untranslated_safety_strings(polib.pofile(str(path)))
    assert problems == [f"{RELIEF}:12: untranslated: 'Call %(number)s now'"]  # not "Account settings"

    filled = polib.pofile(str(path))
    filled.find("Call %(number)s now").msgstr = "Bel nu %(number)s"
    filled.save()
    assert untranslated_safety_strings(polib.pofile(str(path))) == []


def test_a_fuzzy_safety_string_fails_until_a_translator_confirms_it():
    guess = polib.POEntry(
        msgid="Go to A&E now", msgstr="Ga nu naar de SEH", occurrences=[(RELIEF, "30")], flags=["fuzzy"]
    )
    assert untranslated_safety_strings(catalogue(guess)) == [f"{RELIEF}:30: fuzzy: 'Go to A&E now'"]
    guess.flags.remove("fuzzy")
    assert untranslated_safety_strings(catalogue(guess)) == []


def test_a_plural_with_one_form_missing_counts_as_untranslated():
    minutes = polib.POEntry(
        msgid="%(n)d minute",
        msgid_plural="%(n)d minutes",
        msgstr_plural={0: "%(n)d minuut", 1: ""},
        occurrences=[("templates/offline.html", "8")],
    )
    assert untranslated_safety_strings(catalogue(minutes)) == [
        "templates/offline.html:8: untranslated: '%(n)d minute'"
    ]


def test_a_safety_string_the_catalogue_has_never_seen_fails(tmp_path):
    """Added to a safety page without `make messages`: read from the source, not from the
    catalogue, so it can't slip through by being absent."""
    page = tmp_path / RELIEF
    page.parent.mkdir(parents=True)
    page.write_text('{% load i18n %}\n<h1>{% translate "Back spasm right now?" %}</h1>\n')
    pot = extract([page], root=tmp_path)
    assert untranslated_safety_strings(catalogue(), pot) == [
        f"{RELIEF}:2: not in the catalogue (run make messages): 'Back spasm right now?'"
    ]
    asked = polib.POEntry(
        msgid="Back spasm right now?", msgstr="Nu last van spit?", occurrences=[(RELIEF, "2")]
    )
    assert untranslated_safety_strings(catalogue(asked), pot) == []
