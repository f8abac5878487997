"""Translated content: each language's overlay of the exercises, routines and articles lines up
with the English it translates, and keeps the rules English is held to (exercises/content/SCHEMA.md,
the admin's exercise form, the article loader).

An overlay sits beside the English: `exercises/content/exercises.<lang>.toml`,
`exercises/content/routines.<lang>.toml` and `spasmcare/learn/articles/<lang>/<slug>.md`.
A language with none of these files yet is skipped with a reason; one with only some of them fails,
so a half-translated language is never taken for a finished one.
"""

import re
from functools import cache
from pathlib import Path

import pytest

from exercises.admin import ExerciseAdminForm
from exercises.content import CONTENT_DIR, read, spoken_fields
from exercises.models import UNSPOKEN, Exercise, Routine, RoutineStep
from spasmcare.learn.content import ARTICLES_DIR, article_fields
from spasmcare.learn.content import read as read_article
from spasmcare.learn.models import Article

from .factories import exercise_admin_form

# Add a language here once its overlay files exist (they may arrive on their own branch first).
LANGUAGES = ["nl", "es"]

ROOT = Path(__file__).resolve().parent.parent

# What SCHEMA.md asks of English wording, in each language's own words. A language missing here is
# still held to every structural rule; its phrases are added once a native writer has chosen them.
REPETITION_OPENING = {"nl": "Elke keer"}  # English: "Each time, …" says what one repetition is
CAUTION_OPENING = {"nl": "Sla dit over als"}  # English: "Skip this if"
# Abbreviations the English validator (UNSPOKEN) can't know: a voice reads them out letter by letter.
SPOKEN_ABBREVIATIONS = {
    "nl": re.compile(r"\b(bijv|bv|o\.a|ca|enz|evt|d\.w\.z|m\.a\.w|z\.s\.m)\b\.?", re.IGNORECASE),
}

# SCHEMA.md, exercise.spoken (tests/test_coaching.py holds English to the same numbers).
SPOKEN_NAME_MAX_CHARACTERS = 40
CUE_MAX_WORDS = 14

EXERCISE_TEXT_KEYS = ("name", "purpose", "steps", "breathing", "cautions", "search_terms")
SPOKEN_TEXT_KEYS = ("name", "setup", "cues", "breathing", "switch_sides")
ROUTINE_KEYS = {"slug", "name", "purpose", "description", "steps"}
# Front matter a translation must not change: it ties the article to its place, topics and routines.
FIXED_ARTICLE_KEYS = ("slug", "order", "topics", "routines", "reviewed")
INTERNAL_LINK = re.compile(r"\]\((/[^)\s]*)\)")

ENGLISH_EXERCISES = read("exercises.toml")["exercise"]
ENGLISH_ROUTINES = read("routines.toml")["routine"]
ENGLISH_ARTICLES = {path.stem: read_article(path) for path in sorted(ARTICLES_DIR.glob("*.md"))}


def overlay_paths(lang: str) -> list[Path]:
    return [
        CONTENT_DIR / f"exercises.{lang}.toml",
        CONTENT_DIR / f"routines.{lang}.toml",
        ARTICLES_DIR / lang,
    ]


def require_language(lang: str) -> None:
    """Skip a language with no overlay on this branch; fail one that is only partly there."""
    paths = overlay_paths(lang)
    missing = [str(p.relative_to(ROOT)) for p in paths if not p.exists()]
    if len(missing) == len(paths):
        pytest.skip(f"no '{lang}' content on this branch yet ({', '.join(missing)} missing)")
    assert not missing, f"'{lang}' is only partly translated: {', '.join(missing)} missing"


@cache
def translated_exercises(lang: str) -> dict[str, dict]:
    return {item["slug"]: item for item in read(f"exercises.{lang}.toml")["exercise"]}


@cache
def translated_routines(lang: str) -> list[dict]:
    return read(f"routines.{lang}.toml")["routine"]


def texts(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def assert_filled(where: str, value) -> None:
    assert all(isinstance(t, str) and t.strip() for t in texts(value)) and texts(value), f"{where} is empty"


def assert_speakable(lang: str, where: str, text: str) -> None:
    abbreviation = SPOKEN_ABBREVIATIONS.get(lang)
    found = UNSPOKEN.search(text) or (abbreviation and abbreviation.search(text))
    assert not found, f"{where} reads badly aloud ({found.group(0)!r}): {text}"


# ---- Exercises ----


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_exercise_is_translated_once_in_the_english_order(lang):
    require_language(lang)
    slugs = [item["slug"] for item in read(f"exercises.{lang}.toml")["exercise"]]

    assert slugs == [item["slug"] for item in ENGLISH_EXERCISES]


EXERCISE_CASES = [(lang, item) for lang in LANGUAGES for item in ENGLISH_EXERCISES]
EXERCISE_IDS = [f"{lang}-{item['slug']}" for lang, item in EXERCISE_CASES]


@pytest.mark.parametrize("lang, english", EXERCISE_CASES, ids=EXERCISE_IDS)
def test_a_translated_exercise_says_everything_the_english_says(lang, english):
    require_language(lang)
    item = translated_exercises(lang).get(english["slug"])
    assert item is not None, f"{english['slug']} has no '{lang}' translation"
    slug = english["slug"]

    text_keys = {key for key in EXERCISE_TEXT_KEYS if english.get(key)}
    assert set(item) == {"slug", "spoken", *text_keys}, "the same text keys as the English, and no others"
    for key in text_keys:
        assert_filled(f"{slug}: {key}", item[key])
        if key != "search_terms":
            assert texts(item[key]) != texts(english[key]), f"{slug}: {key} is still English"
    assert len(item["steps"]) == len(english["steps"]), f"{slug}: one step for each English step"
    if "search_terms" in text_keys:
        assert all(term.strip() for term in item["search_terms"].split(",")), f"{slug}: an empty search term"
    if lang in CAUTION_OPENING:
        assert item["cautions"].startswith(CAUTION_OPENING[lang]), f"{slug}: cautions open as SCHEMA.md asks"

    spoken, english_spoken = item["spoken"], english["spoken"]
    assert set(spoken) == set(english_spoken) & set(SPOKEN_TEXT_KEYS), f"{slug}: the same spoken lines"
    assert len(spoken["cues"]) == len(english_spoken["cues"]), f"{slug}: one cue for each English cue"
    assert len(spoken["name"]) <= SPOKEN_NAME_MAX_CHARACTERS, f"{slug}: spoken name too long to say"
    for cue in spoken["cues"]:
        assert len(cue.split()) <= CUE_MAX_WORDS, f"{slug}: cue longer than {CUE_MAX_WORDS} words: {cue}"
    for key, value in spoken.items():
        assert_filled(f"{slug}: spoken {key}", value)
        for text in texts(value):
            assert_speakable(lang, f"{slug}: spoken {key}", text)
    if "reps" in english and lang in REPETITION_OPENING:
        assert REPETITION_OPENING[lang] in spoken["setup"], f"{slug}: the setup says what one repetition is"


@pytest.mark.django_db
@pytest.mark.parametrize("lang, english", EXERCISE_CASES, ids=EXERCISE_IDS)
def test_a_translated_exercise_passes_the_admins_own_checks(lang, english):
    """Entered in the admin, the translation would be accepted: step and cue counts, a breathing
    pace for holds, a side switch where done on each side, field lengths and speakable spoken text."""
    require_language(lang)
    item = translated_exercises(lang)[english["slug"]]
    exercise = Exercise.objects.get(slug=english["slug"])
    data = exercise_admin_form(
        exercise,
        name=item["name"],
        purpose=item["purpose"],
        instructions="\n".join(item["steps"]),
        breathing=item["breathing"],
        cautions=item["cautions"],
        search_terms=item.get("search_terms", ""),
        **spoken_fields(item),
    )

    form = ExerciseAdminForm(data=data, instance=exercise)

    assert form.is_valid(), form.errors.as_text()


# ---- Routines ----


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_routine_is_translated_step_for_step(lang):
    require_language(lang)
    routines = translated_routines(lang)

    assert [r["slug"] for r in routines] == [r["slug"] for r in ENGLISH_ROUTINES]
    for routine, english in zip(routines, ENGLISH_ROUTINES, strict=True):
        slug = routine["slug"]
        assert set(routine) == ROUTINE_KEYS, f"{slug}: slug, name, purpose, description and steps only"
        for key in ("name", "purpose", "description"):
            assert_filled(f"{slug}: {key}", routine[key])
            assert routine[key] != english[key], f"{slug}: {key} is still English"
            Routine._meta.get_field(key).clean(routine[key], None)
        assert len(routine["steps"]) == len(english["steps"]), f"{slug}: one entry for each English step"
        for number, (step, english_step) in enumerate(
            zip(routine["steps"], english["steps"], strict=True), start=1
        ):
            where = f"{slug} step {number}"
            expected = {"spoken_setup"} if "spoken_setup" in english_step else set()
            assert set(step) == expected, f"{where}: spoken_setup exactly where the English has one"
            if expected:
                assert_filled(where, step["spoken_setup"])
                assert step["spoken_setup"] != english_step["spoken_setup"], f"{where} is still English"
                RoutineStep._meta.get_field("spoken_setup").clean(step["spoken_setup"], None)
                assert_speakable(lang, where, step["spoken_setup"])


# ---- Articles ----


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_article_is_translated_and_nothing_else(lang):
    require_language(lang)
    translated = {path.stem for path in (ARTICLES_DIR / lang).glob("*.md")}

    assert translated == set(ENGLISH_ARTICLES)


ARTICLE_CASES = [(lang, slug) for lang in LANGUAGES for slug in ENGLISH_ARTICLES]


@pytest.mark.parametrize("lang, slug", ARTICLE_CASES, ids=[f"{lang}-{slug}" for lang, slug in ARTICLE_CASES])
def test_a_translated_article_keeps_its_place_links_and_sources(lang, slug):
    require_language(lang)
    path = ARTICLES_DIR / lang / f"{slug}.md"
    assert path.exists(), f"{slug} has no '{lang}' translation"
    meta, body = read_article(path)  # the loader's own parser: the same front-matter format
    english_meta, english_body = ENGLISH_ARTICLES[slug]

    assert set(meta) == set(english_meta), "the same front-matter keys"
    for key in FIXED_ARTICLE_KEYS:
        assert meta[key] == english_meta[key], f"{key} is shared by every language"
    for key in ("title", "summary"):
        assert_filled(key, meta[key])
        assert meta[key] != english_meta[key], f"{key} is still English"
    assert body != english_body, "the body is still English"
    # Same routines and pages linked, as often: a cheap check that no part was dropped.
    assert sorted(INTERNAL_LINK.findall(body)) == sorted(INTERNAL_LINK.findall(english_body))

    article = Article(slug=slug, **article_fields(meta, body))
    # Field lengths, the Markdown limits and that every source has a title and an https link or none.
    article.full_clean(validate_unique=False, validate_constraints=False)
