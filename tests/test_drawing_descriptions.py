"""The drawings' descriptions (their alt text) in every language: each shipped drawing has one in
the same shape as the English (the view, a colon, what the body does), and the exercise page and
the player read it in the page's language. One a language leaves out is read as English."""

import re
from html import escape

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from exercises.drawings import SEEN_FROM, digest, drawing_key, drawing_keys, read_poses
from exercises.models import Exercise

from .conftest import pass_safety_check
from .test_no_english_left import client_in

OTHER_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What the key under a drawing says about its view, in each language (from the catalogues).
SEEN_SENTENCE = {"nl": "Deze tekening is gezien vanaf {}.", "es": "Este dibujo se ve desde {}."}


def figure_img(html: str) -> str:
    [img] = re.findall(r'<img class="figure"[^>]*>', html)
    return img


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_drawing_is_described_in_every_language_in_the_same_order(language):
    english = read_poses()["figure"]
    translated = read_poses(language)["figure"]
    assert [f["exercise"] for f in translated] == [f["exercise"] for f in english]
    for figure, original in zip(translated, english, strict=True):
        slug = figure["exercise"]
        assert set(figure) == {"exercise", "alt", "translates"}, slug  # only the words
        assert figure["translates"] == digest(original["alt"]), (
            f"{slug}: its English description changed. Change poses.{language}.toml to say the same, "
            f'then set translates = "{digest(original["alt"])}"'
        )
        assert figure["alt"].startswith(SEEN_FROM[language]) and ":" in figure["alt"], slug
        assert len(figure["alt"]) < 1.5 * len(original["alt"]), slug  # a whole description, not two
        key = drawing_key(f"exercises/figures/{slug}.svg", language)
        assert key.language == language and key.description == figure["alt"]
        # The side view is the usual one, unnamed in every language; any other is named.
        assert bool(key.seen_from) == bool(drawing_key(f"exercises/figures/{slug}.svg", "en").seen_from), slug


@pytest.mark.django_db
@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_exercise_page_and_the_player_describe_the_drawing_in_the_pages_language(language):
    client = client_in(language)
    knee_rolls = drawing_key("exercises/figures/knee-rolls.svg", language)
    page = client.get("/exercises/knee-rolls/").content.decode()
    img = figure_img(page)
    assert f'alt="{escape(knee_rolls.description)}"' in img and " lang=" not in img
    assert escape(SEEN_SENTENCE[language].format(knee_rolls.seen_from)) in page

    pass_safety_check(client)
    player = client.get("/routines/spasm-relief/play/").content.decode()
    for slug in ("constructive-rest", "pelvic-tilt", "side-lying-rest"):
        assert f'alt="{escape(drawing_key(f"exercises/figures/{slug}.svg", language).description)}"' in player
    assert "Seen from" not in player


@pytest.mark.django_db
def test_a_drawing_a_language_has_not_described_yet_is_read_as_english(settings):
    """A language added to LANGUAGES before its descriptions (no poses.de.toml) shows the English
    description, marked as English for screen readers."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "Deutsch")]
    drawing_keys.cache_clear()
    key = drawing_key("exercises/figures/cat-cow.svg", "de")
    assert key.language == "en" and key.description.startswith("Seen from the side:")
    exercise = Exercise.objects.get(slug="cat-cow")
    html = render_to_string(
        "exercises/_figure.html",
        {"exercise": exercise, "alt": key.description, "alt_lang": key.language, "LANGUAGE_CODE": "de"},
    )
    assert 'lang="en"' in figure_img(html)
    english = render_to_string(
        "exercises/_figure.html",
        {"exercise": exercise, "alt": key.description, "alt_lang": key.language, "LANGUAGE_CODE": "en"},
    )
    assert "lang=" not in figure_img(english)
