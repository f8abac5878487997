"""The translated content overlays, checked against the English they translate.

Each language keeps its words beside the English: `exercises/content/exercises.<lang>.toml`,
`exercises/content/routines.<lang>.toml` and `spasmcare/learn/articles/<lang>/<slug>.md`. An
overlay holds only the words (SCHEMA.md); everything else (doses, sides, which exercise a routine
step is, an article's topics and review date) stays in the English files. A person reading the
translation must get every exercise, every step, every cue the voice says and every article,
so a missing or extra piece fails here, and so does anything the admin would refuse an editor.

A language whose files are not written yet is skipped, with the reason.
"""

import re
import tomllib
from pathlib import Path

import pytest

from exercises.admin import ExerciseAdminForm
from exercises.content import CONTENT_DIR, exercise_fields
from exercises.content import read as read_content
from exercises.models import Exercise, Routine, RoutineStep
from spasmcare.learn.content import ARTICLES_DIR, article_fields
from spasmcare.learn.content import read as read_article
from spasmcare.learn.models import Article

from .factories import exercise_admin_form

# Each language, with the words its spoken setup uses to say what one repetition is (the English
# says "Each time, …"; SCHEMA.md). Adding a language is one entry here.
LANGUAGES = {
    "es": "Cada vez",
    "nl": "Elke keer",
}

EXERCISE_TEXT_KEYS = {"name", "purpose", "steps", "breathing", "cautions", "search_terms", "spoken"}
ROUTINE_TEXT_KEYS = {"name", "purpose", "description", "steps"}
# Front matter an article's translation keeps exactly as the English has it.
FIXED_ARTICLE_KEYS = ("slug", "order", "topics", "routines", "reviewed")
SPOKEN_NAME_MAX = 40  # characters (SCHEMA.md)
CUE_MAX_WORDS = 14  # SCHEMA.md
INTERNAL_LINK = re.compile(r"\]\((/[^)\s]*)\)")
ROOT = Path(__file__).resolve().parent.parent

ENGLISH_EXERCISES = read_content("exercises.toml")["exercise"]
ENGLISH_ROUTINES = read_content("routines.toml")["routine"]
ENGLISH_ARTICLES = sorted(ARTICLES_DIR.glob("*.md"))


def overlay(name: str, lang: str, table: str) -> list[dict]:
    path = CONTENT_DIR / name.replace(".toml", f".{lang}.toml")
    if not path.exists():
        pytest.skip(f"no {lang} translation yet: {path.relative_to(ROOT)} is missing")
    with open(path, "rb") as f:
        return tomllib.load(f)[table]


def translated_exercise(lang: str, slug: str) -> tuple[dict, dict]:
    english = next(item for item in ENGLISH_EXERCISES if item["slug"] == slug)
    found = [item for item in overlay("exercises.toml", lang, "exercise") if item.get("slug") == slug]
    assert len(found) == 1, f"{slug}: the {lang} overlay has it {len(found)} times"
    return english, found[0]


def spoken_texts(item: dict) -> list[str]:
    spoken = item.get("spoken", {})
    return [spoken[key] for key in ("name", "setup", "breathing", "switch_sides") if key in spoken] + list(
        spoken.get("cues", [])
    )


def article_dir(lang: str) -> Path:
    folder = ARTICLES_DIR / lang
    if not folder.is_dir():
        pytest.skip(f"no {lang} translation yet: {folder.relative_to(ROOT)}/ is missing")
    return folder


each_language = pytest.mark.parametrize("lang", list(LANGUAGES))


def each_language_and(items: list[str]) -> pytest.MarkDecorator:
    """One test per language and English item (an exercise's slug, an article's file name)."""
    return pytest.mark.parametrize(("lang", "item"), [(lang, item) for lang in LANGUAGES for item in items])


# ---- Exercises ----


@each_language
def test_exercise_overlay_has_every_exercise_once_in_the_english_order(lang):
    slugs = [item.get("slug") for item in overlay("exercises.toml", lang, "exercise")]
    assert slugs == [item["slug"] for item in ENGLISH_EXERCISES]


@each_language_and([item["slug"] for item in ENGLISH_EXERCISES])
def test_translated_exercise_has_every_text_and_nothing_else(lang, item):
    english, translated = translated_exercise(lang, item)

    assert set(translated) - {"slug"} == EXERCISE_TEXT_KEYS, (
        "only the words are translated; the rest stays in English"
    )
    for key in EXERCISE_TEXT_KEYS - {"spoken", "steps"}:
        assert isinstance(translated[key], str) and translated[key].strip(), f"{key} is empty"
    assert len(translated["steps"]) == len(english["steps"]), "the same steps, one for one"
    assert all(isinstance(step, str) and step.strip() for step in translated["steps"])

    spoken, english_spoken = translated["spoken"], english["spoken"]
    assert set(spoken) == set(english_spoken), (
        "the same spoken fields (switch_sides only where it is done per side)"
    )
    assert len(spoken["cues"]) == len(english_spoken["cues"]), "the same cues, one for one"
    for text in spoken_texts(translated):
        assert isinstance(text, str) and text.strip(), "no empty spoken text"
    # A sentence copied over and left in English would be read out in the wrong language.
    for key in ("purpose", "breathing", "cautions"):
        assert translated[key] != english[key], f"{key} is still English"
    left = set(translated["steps"]) & set(english["steps"])
    left |= set(spoken_texts(translated)) & set(spoken_texts(english))
    assert not left, f"still English: {sorted(left)}"


@each_language_and([item["slug"] for item in ENGLISH_EXERCISES])
def test_translated_spoken_guidance_reads_well_aloud(lang, item):
    english, translated = translated_exercise(lang, item)
    spoken = translated["spoken"]

    assert len(spoken["name"]) <= SPOKEN_NAME_MAX, f"spoken name is {len(spoken['name'])} characters"
    for cue in spoken["cues"]:
        assert len(cue.split()) <= CUE_MAX_WORDS, f"cue is longer than {CUE_MAX_WORDS} words: {cue}"
    if "reps" in english:
        assert LANGUAGES[lang].casefold() in spoken["setup"].casefold(), (
            f"repetitions: the setup says what one repetition is ({LANGUAGES[lang]!r}, like 'Each time')"
        )
    for text in spoken_texts(translated):
        assert text == text.strip() and "  " not in text, f"stray spaces: {text!r}"


@pytest.mark.django_db
@each_language_and([item["slug"] for item in ENGLISH_EXERCISES])
def test_admin_accepts_the_translated_exercise(lang, item):
    """What an editor pasting the translation into the admin would meet: the admin's own form
    (lengths, 3–8 steps, 2–4 cues, breathing for a hold, switching sides, words a voice reads)."""
    english, translated = translated_exercise(lang, item)
    fields = exercise_fields({**english, **translated})
    texts = {
        key: fields[key]
        for key in ("name", "purpose", "instructions", "breathing", "cautions", "search_terms")
        + ("spoken_name", "spoken_setup", "spoken_cues", "spoken_breathing", "spoken_switch_sides")
    }
    exercise = Exercise.objects.get(slug=item)
    for key in texts:  # as before the translation is pasted in
        setattr(exercise, f"{key}_{lang}", None)

    # In the English fields, and in the language's own (where the admin holds the two apart).
    in_english = exercise_admin_form(exercise, **texts)
    in_language = exercise_admin_form(exercise, **{f"{key}_{lang}": value for key, value in texts.items()})
    for data in (in_english, in_language):
        form = ExerciseAdminForm(data=data, instance=exercise)
        assert form.is_valid(), form.errors.as_text()
    assert {f"{key}_{lang}" for key in texts if texts[key]} <= set(form.changed_data)


# ---- Routines ----


@each_language
def test_routine_overlay_has_every_routine_and_step_in_the_english_order(lang):
    routines = overlay("routines.toml", lang, "routine")

    assert [r.get("slug") for r in routines] == [r["slug"] for r in ENGLISH_ROUTINES]
    for english, translated in zip(ENGLISH_ROUTINES, routines, strict=True):
        slug = english["slug"]
        assert set(translated) - {"slug"} == ROUTINE_TEXT_KEYS, f"{slug}: only the words are translated"
        for key in ROUTINE_TEXT_KEYS - {"steps"}:
            assert isinstance(translated[key], str) and translated[key].strip(), f"{slug}: {key} is empty"
        assert len(translated["steps"]) == len(english["steps"]), f"{slug}: one entry per English step"
        for number, (english_step, step) in enumerate(
            zip(english["steps"], translated["steps"], strict=True), 1
        ):
            assert set(step) == ({"spoken_setup"} & set(english_step)), (
                f"{slug} step {number}: a spoken setup where the English has one, {{}} where it hasn't"
            )


@pytest.mark.django_db
@each_language
def test_translated_routine_texts_pass_the_models_checks(lang):
    routines = overlay("routines.toml", lang, "routine")
    setup_field = RoutineStep._meta.get_field("spoken_setup")

    for english, translated in zip(ENGLISH_ROUTINES, routines, strict=True):
        for key in ("name", "purpose", "description"):
            Routine._meta.get_field(key).run_validators(translated[key])
        for english_step, step in zip(english["steps"], translated["steps"], strict=True):
            if "spoken_setup" not in step:
                continue
            text = step["spoken_setup"]
            setup_field.run_validators(text)  # its length, and the words a voice reads badly
            assert text == text.strip() and "  " not in text
            if "Each time" in english_step["spoken_setup"]:
                assert LANGUAGES[lang].casefold() in text.casefold(), (
                    f"{english['slug']}: says what one repetition is"
                )


# ---- Articles ----


@each_language
def test_every_article_is_translated_and_nothing_else(lang):
    folder = article_dir(lang)

    assert sorted(p.name for p in folder.glob("*.md")) == [p.name for p in ENGLISH_ARTICLES]


@pytest.mark.django_db
@each_language_and([path.name for path in ENGLISH_ARTICLES])
def test_translated_article_keeps_the_front_matter_links_and_rules(lang, item):
    path = article_dir(lang) / item
    if not path.exists():
        pytest.fail(f"{item} is not translated into {lang}")
    english_meta, english_body = read_article(ARTICLES_DIR / item)
    meta, body = read_article(path)

    assert set(meta) == set(english_meta), "the same front-matter keys"
    for key in FIXED_ARTICLE_KEYS:
        assert meta[key] == english_meta[key], f"{key} is kept as the English has it"
    for key in ("title", "summary"):
        assert isinstance(meta[key], str) and meta[key].strip(), f"{key} is empty"
    assert body.strip()
    assert set(INTERNAL_LINK.findall(body)) == set(INTERNAL_LINK.findall(english_body)), (
        "links to the same articles, routines and safety check as the English"
    )
    # The same checks the loader runs on the English: title length, sources, Markdown limits.
    Article(slug=meta["slug"], **article_fields(meta, body)).full_clean(validate_unique=False)
