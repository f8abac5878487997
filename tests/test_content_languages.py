"""Content in each language: the exercises, routines, articles and body areas read in the page's
language (django-modeltranslation, exercises/translation.py), the player's voice says the
translated words, content without a translation shows in English and says so, and the relief path
is complete in every language offered.

The words themselves are checked against the English in tests/test_content_translations.py.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from exercises.content import by_slug, read, read_overlay
from exercises.models import BodyArea, Exercise, Routine, RoutineStep
from exercises.translation import EXERCISE_SPOKEN, EXERCISE_TEXT, safety_gaps
from spasmcare import content
from spasmcare.history.models import CompletedSession
from spasmcare.learn.content import ARTICLES_DIR
from spasmcare.learn.content import read as read_article
from spasmcare.learn.models import Article

from .conftest import pass_safety_check
from .factories import clear_caches, exercise_admin_form

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
each_language = pytest.mark.parametrize("language", LANGUAGES)
# The note on a page whose content has no translation yet, in that page's language.
NOTE = {
    "exercise": {"nl": "Deze oefening is nog niet vertaald", "es": "Este ejercicio aún no está traducido"},
    "routine": {
        "nl": "Een deel van dit programma is nog niet vertaald",
        "es": "Una parte de esta rutina aún no",
    },
    "article": {"nl": "Dit artikel is nog niet vertaald", "es": "Este artículo aún no está traducido"},
}
LOCALE = Path(settings.BASE_DIR) / "spasmcare" / "locale"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    """The .mo files are built from the .po files, not committed (make setup, CI)."""
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command("compilemessages", locale=[language], verbosity=0)


def url_in(language: str, name: str, *args) -> str:
    """The page's address in `language` (with the language prefix where the URLs have one)."""
    with translation.override(language):
        return reverse(name, args=args)


def get_in(client, language: str, name: str, *args, **headers):
    """The page as a reader of `language` asks for it: its address in that language, from a
    browser set to it."""
    return client.get(url_in(language, name, *args), headers={"Accept-Language": language, **headers})


def overlay_exercise(language: str, slug: str) -> dict:
    return by_slug(read_overlay("exercises.toml", language)["exercise"])[slug]


def player_steps(html: str) -> list[dict]:
    found = re.search(
        r'<script id="player-steps-data" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    assert found, "the player page carries its steps as JSON"
    return json.loads(found.group(1))


def untranslate(exercise_slug: str, language: str) -> None:
    """As an exercise added in English only: none of its words in `language`."""
    fields = {f"{field}_{language}": None for field in (*EXERCISE_TEXT, *EXERCISE_SPOKEN)}
    Exercise.objects.filter(slug=exercise_slug).update(**fields)


# ---- The shipped content, in each language ----


@each_language
def test_every_shipped_exercise_routine_article_and_body_area_reads_in_the_language(language):
    for exercise in Exercise.objects.all():
        assert exercise.missing_words(language) == [], exercise.slug
    for routine in Routine.objects.published().with_steps():
        assert routine.missing_words(language) == [], routine.slug
    with translation.override(language):
        for article in Article.objects.all():
            assert article.is_translated, article.slug
        assert all(area.name != area.name_en for area in BodyArea.objects.all())

        knees = Exercise.objects.get(slug="knees-to-chest")
        shipped = overlay_exercise(language, "knees-to-chest")
        assert knees.name == shipped["name"]
        assert knees.steps == shipped["steps"]
        assert knees.spoken_cue_list == shipped["spoken"]["cues"]
        meta, body = read_article(ARTICLES_DIR / language / "home-care.md")
        home_care = Article.objects.get(slug="home-care")
        assert (home_care.title, home_care.sources[0]["title"]) == (
            meta["title"],
            meta["sources"][0]["title"],
        )
        assert home_care.body_html != Article.objects.get(slug="home-care").body_html_en


def test_english_stays_in_the_original_columns_whatever_language_saves(client):
    with translation.override("nl"):
        exercise = Exercise.objects.get(slug="cat-cow")
        exercise.name = "Kat en koe"
        exercise.save()
    row = Exercise.objects.filter(pk=exercise.pk).rewrite(False).values("name", "name_en", "name_nl").get()
    assert row == {"name": "Cat–cow", "name_en": "Cat–cow", "name_nl": "Kat en koe"}


def test_a_persons_own_routine_keeps_its_name_in_every_language(owner):
    with translation.override("nl"):
        routine = Routine.objects.create(slug="my-mine", name="Mijn ochtend", purpose="Voor mij", owner=owner)
    for language in ("en", "es"):
        with translation.override(language):
            assert Routine.objects.get(pk=routine.pk).name == "Mijn ochtend"


# ---- Loading: migrate, load_content, --update ----


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_from_before_translations_keeps_its_content_and_adds_each_language():
    before = [("exercises", "0014_routine_role"), ("learn", "0003_body_limits")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        old.get_model("exercises", "Exercise").objects.filter(slug="clamshell").update(
            name="Clamshell, edited"
        )
        old.get_model("learn", "Article").objects.filter(slug="causes").update(summary="Edited by an editor.")
        old_names = dict(old.get_model("exercises", "Exercise").objects.values_list("slug", "name"))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    content.load()  # what every migrate does next (spasmcare/content.py)

    english = dict(Exercise.objects.values_list("slug", "name_en"))
    assert english == old_names, "every exercise keeps its English, in the English column"
    clamshell = Exercise.objects.get(slug="clamshell")
    assert clamshell.name == "Clamshell, edited"
    # The shipped Dutch translates the shipped English, not the editor's: left for the editor.
    assert clamshell.name_nl is None and clamshell.missing_words("nl")
    with translation.override("nl"):
        assert clamshell.name == "Clamshell, edited", "shown in English until translated"
        assert Exercise.objects.get(slug="knee-rolls").name == overlay_exercise("nl", "knee-rolls")["name"]
        assert Routine.objects.get(slug="spasm-relief").is_translated
        assert Article.objects.get(slug="home-care").is_translated
        causes = Article.objects.get(slug="causes")
        assert causes.summary == "Edited by an editor." and not causes.is_translated
    assert safety_gaps("nl") == [] and safety_gaps("es") == []


def test_loading_again_keeps_an_editors_translation_and_update_puts_the_shipped_one_back():
    Exercise.objects.filter(slug="cat-cow").update(name_nl="Poes en koe")
    content.load()
    assert Exercise.objects.get(slug="cat-cow").name_nl == "Poes en koe"

    call_command("load_content", "--update", verbosity=0)
    assert Exercise.objects.get(slug="cat-cow").name_nl == overlay_exercise("nl", "cat-cow")["name"]


def test_a_language_no_editor_has_written_in_is_filled_in_on_the_next_load():
    untranslate("cat-cow", "es")
    Routine.objects.filter(slug="spasm-relief").update(name_es=None, purpose_es=None, description_es=None)
    RoutineStep.objects.filter(routine__slug="spasm-relief").update(spoken_setup_es=None)

    content.load()

    assert Exercise.objects.get(slug="cat-cow").missing_words("es") == []
    assert safety_gaps("es") == []


# ---- The relief path: complete in every language offered ----


@each_language
def test_the_relief_and_rest_routines_are_complete_in_every_language_offered(language):
    assert safety_gaps(language) == []


def test_a_relief_exercise_missing_one_spoken_cue_in_a_language_is_reported():
    relief = Routine.objects.get(role=Routine.Role.RELIEF)
    exercise = relief.step_list[0].exercise
    cues = exercise.spoken_cues_nl.splitlines()
    Exercise.objects.filter(pk=exercise.pk).update(spoken_cues_nl="\n".join(cues[:-1]))

    gap = f"{exercise.slug}: spoken_cues ({len(cues) - 1} of {len(cues)})"
    assert f"{relief.slug}: {gap}" in safety_gaps("nl")
    # The rest routine may have the same exercise, and says so too; nothing else is missing.
    assert all(line.endswith(gap) for line in safety_gaps("nl"))
    assert safety_gaps("es") == []


def test_a_relief_step_without_its_spoken_setup_and_a_missing_relief_routine_are_reported():
    relief = Routine.objects.get(role=Routine.Role.RELIEF)
    step = next(step for step in relief.step_list if step.spoken_setup_en)
    RoutineStep.objects.filter(pk=step.pk).update(spoken_setup_es="")
    assert safety_gaps("es") == [f"{relief.slug}: step {relief.step_list.index(step) + 1}: spoken_setup"]

    Routine.objects.filter(role=Routine.Role.REST).update(role="")
    assert "no published routine has the rest role" in safety_gaps("nl")


# ---- Pages: translated, or in English with a note ----


@each_language
def test_pages_show_the_content_in_the_page_language_without_a_note(client, language):
    shipped = overlay_exercise(language, "knees-to-chest")
    library = get_in(client, language, "library").content.decode()
    assert shipped["name"] in library
    assert read_overlay("exercises.toml", language)["body_areas"]["lower-back"] in library

    page = get_in(client, language, "exercise", "knees-to-chest").content.decode()
    assert shipped["name"] in page and shipped["cautions"] in page.replace("&#x27;", "'")
    routine = get_in(client, language, "routine", "spasm-relief").content.decode()
    assert by_slug(read_overlay("routines.toml", language)["routine"])["spasm-relief"]["name"] in routine
    article = get_in(client, language, "article", "home-care").content.decode()
    assert read_article(ARTICLES_DIR / language / "home-care.md")[0]["title"] in article
    for html in (page, routine, article):
        assert 'class="notice untranslated"' not in html
    assert f'<article class="exercise" lang="{language}">' in page


@each_language
def test_an_exercise_without_a_translation_shows_in_english_with_a_note_in_the_page_language(
    client, language
):
    untranslate("cat-cow", language)
    Article.objects.filter(slug="causes").update(title_nl=None, title_es=None, body_nl=None, body_es=None)

    page = get_in(client, language, "exercise", "cat-cow").content.decode()
    assert NOTE["exercise"][language] in page
    # A screen reader reads the English as English, and the note in the page's language.
    assert '<article class="exercise" lang="en">' in page
    assert f'role="note" lang="{language}">{NOTE["exercise"][language]}' in page
    assert "Cat–cow" in page and Exercise.objects.get(slug="cat-cow").cautions_en in page.replace(
        "&#x27;", "'"
    )
    routine = Routine.objects.filter(steps__exercise__slug="cat-cow", is_published=True).first()
    assert NOTE["routine"][language] in get_in(client, language, "routine", routine.slug).content.decode()
    pass_safety_check(client)
    assert NOTE["routine"][language] in get_in(client, language, "play", routine.slug).content.decode()
    assert NOTE["article"][language] in get_in(client, language, "article", "causes").content.decode()

    english = get_in(client, "en", "exercise", "cat-cow").content.decode()
    assert 'class="notice untranslated"' not in english


# ---- The player ----


@each_language
def test_the_players_steps_carry_the_spoken_words_of_the_page_language(client, language):
    pass_safety_check(client)
    steps = player_steps(get_in(client, language, "play", "spasm-relief").content.decode())
    shipped_routine = by_slug(read_overlay("routines.toml", language)["routine"])["spasm-relief"]
    english_routine = by_slug(read("routines.toml")["routine"])["spasm-relief"]

    for index, step in enumerate(steps):
        shipped = overlay_exercise(language, step["slug"])
        assert step["name"] == shipped["name"]
        expected_setup = shipped_routine["steps"][index].get("spoken_setup") or shipped["spoken"]["setup"]
        assert step["spoken"]["setup"] == expected_setup
        assert step["spoken"]["name"] == shipped["spoken"]["name"]
        assert step["spoken"]["cues"] == shipped["spoken"]["cues"]
        assert step["spoken"]["breathing"] == shipped["spoken"].get("breathing", "")
        assert step["spoken"]["switchSides"] == shipped["spoken"].get("switch_sides", "")
        if step["next"]:
            assert step["next"]["setup"] == steps[index + 1]["spoken"]["setup"]
    assert len(steps) == len(english_routine["steps"])

    with translation.override(language):
        assert (
            Routine.objects.get(slug="spasm-relief").player_steps(phases=False)[0]["spoken"]
            == steps[0]["spoken"]
        )


# ---- Query counts: the same in every language ----


def count_queries(client, language: str, name: str, *args) -> int:
    clear_caches()
    with CaptureQueriesContext(connection) as ctx:
        response = get_in(client, language, name, *args)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name, args",
    [
        ("library", ()),
        ("exercise", ("cat-cow",)),
        ("routine", ("spasm-relief",)),
        ("play", ("spasm-relief",)),
    ],
)
def test_content_pages_take_as_many_queries_in_every_language(client, name, args):
    pass_safety_check(client)
    english = count_queries(client, "en", name, *args)
    for language in LANGUAGES:
        assert count_queries(client, language, name, *args) == english, language


def test_the_history_page_takes_as_many_queries_in_every_language(client, owner):
    start = datetime(2026, 11, 25, 8, tzinfo=UTC)
    CompletedSession.objects.bulk_create(
        CompletedSession(
            user=owner,
            routine_name="Morning mobility",
            started_at=start - timedelta(hours=9 * i),
            ended_at=start - timedelta(hours=9 * i) + timedelta(minutes=8),
            local_date=(start - timedelta(hours=9 * i)).date(),
            active_seconds=480,
            steps_done=5,
            steps_total=5,
        )
        for i in range(30)
    )
    client.force_login(owner)
    english = count_queries(client, "en", "history")
    for language in LANGUAGES:
        assert count_queries(client, language, "history") == english, language


# ---- The admin: each language, with the same checks ----


def test_the_admin_edits_each_language(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="knee-rolls")
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    html = client.get(url).content.decode()
    for language in ("en", *LANGUAGES):
        for field in ("name", "instructions", "spoken_cues"):
            assert f'name="{field}_{language}"' in html

    response = client.post(url, exercise_admin_form(exercise, name_nl="Knieën rollen", _save="Save"))
    assert response.status_code == 302
    with translation.override("nl"):
        assert Exercise.objects.get(pk=exercise.pk).name == "Knieën rollen"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"spoken_name_nl": "Knieën (rollen)"}, "spoken_name_nl", "“(” doesn't read well aloud"),
        (
            {"spoken_cues_es": "Despacio/rápido.\nCon calma.\nRespira."},
            "spoken_cues_es",
            "“/” doesn't read well aloud",
        ),
        (
            {"spoken_cues_nl": "Rustig."},
            "spoken_cues_nl",
            "Write 3 spoken cues, one per line, like the English",
        ),
        ({"instructions_es": "Túmbate.\nRespira."}, "instructions_es", "like the English (there are 2)"),
        (
            {"cautions_nl": ""},
            "cautions_nl",
            "Write this in Dutch too, or leave all the Dutch empty",
        ),
        ({"spoken_breathing_nl": ""}, "spoken_breathing_nl", "A timed hold needs a spoken breathing pace"),
    ],
)
def test_the_admin_checks_every_languages_words_as_it_checks_the_english(
    client, editor, changes, field, message
):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="knees-to-chest")  # a hold: 5 steps, 3 cues
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        exercise_admin_form(exercise, **changes),
    )
    assert response.status_code == 400
    assert message in response.context["adminform"].form.errors[field][0]
    assert Exercise.objects.get(pk=exercise.pk).missing_words("nl") == []


def test_an_editor_may_leave_a_language_empty_and_its_readers_get_the_english(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="cat-cow")
    empty = {f"{field}_es": "" for field in (*EXERCISE_TEXT, *EXERCISE_SPOKEN)}
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), exercise_admin_form(exercise, **empty)
    )
    assert response.status_code == 302
    with translation.override("es"):
        exercise = Exercise.objects.get(pk=exercise.pk)
        assert exercise.name == "Cat–cow" and not exercise.is_translated
    assert Exercise.objects.get(pk=exercise.pk).missing_words("nl") == []
