"""Spoken coaching: the guidance each exercise ships with, how editors change it, and what the
player's voice gets from the page."""

import importlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises import pacing
from exercises.content import read
from exercises.models import UNSPOKEN, Exercise, Routine

from .conftest import pass_safety_check
from .factories import clear_caches, exercise_admin_form, make_exercises, make_routine

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")


def player_json(client, slug: str) -> list[dict]:
    """The steps on the player page, as someone who has answered the safety check sees them."""
    client = Client()
    pass_safety_check(client)
    html = client.get(f"/routines/{slug}/play/").content.decode()
    found = re.search(
        r'<script id="player-steps-data" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    assert found, "the player page carries its steps as JSON"
    return json.loads(found.group(1))


# ---- The shipped guidance ----


@pytest.mark.parametrize("item", read("exercises.toml")["exercise"], ids=lambda item: item["slug"])
def test_every_shipped_exercise_has_spoken_guidance(item):
    spoken = item.get("spoken", {})
    texts = [
        spoken.get("name", ""),
        spoken.get("setup", ""),
        spoken.get("breathing", ""),
        spoken.get("switch_sides", ""),
        *spoken.get("cues", []),
    ]

    assert spoken.get("name") and not re.search(r"[()\[\]]", spoken["name"]), "a short name without brackets"
    assert len(spoken["name"]) <= 40
    assert spoken.get("setup"), "how to get into position"
    assert 2 <= len(spoken.get("cues", [])) <= 4
    assert all(len(cue.split()) <= 14 for cue in spoken["cues"]), "cues are short"
    if "hold_seconds" in item:
        assert spoken.get("breathing"), "a breathing pace for a hold"
    else:
        assert "Each time" in spoken["setup"], "repetitions: the setup says what one repetition is"
    assert bool(spoken.get("switch_sides")) == item.get("per_side", False), "what to do when changing sides"
    for text in texts:
        assert not UNSPOKEN.search(text), f"reads badly aloud: {text}"
        assert text == text.strip() and "  " not in text


def test_routine_steps_may_say_how_to_get_there_from_the_step_before(db):
    relief = Routine.objects.get(slug="spasm-relief")
    steps = {s.exercise.slug: s for s in relief.step_list}
    assert steps["belly-breathing"].spoken_setup.startswith("Stay just as you are")
    assert steps["side-lying-rest"].spoken_setup.startswith("Bring your knees together, and roll")


def test_the_loaders_update_path_writes_spoken_guidance_back(db):
    Exercise.objects.filter(slug="knee-rolls").update(spoken_cues="", spoken_name="")
    call_command("load_content", "--update", verbosity=0)
    knee_rolls = Exercise.objects.get(slug="knee-rolls")
    assert knee_rolls.spoken_name == "Knee rolls"
    assert knee_rolls.spoken_cue_list[0] == "Let your knees fall gently."


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_adds_the_guidance_and_keeps_what_editors_wrote():
    executor = MigrationExecutor(connection)
    executor.migrate([("exercises", "0003_updated_index")])
    try:
        old = executor.loader.project_state([("exercises", "0003_updated_index")]).apps
        OldExercise = old.get_model("exercises", "Exercise")
        OldExercise.objects.filter(slug="clamshell").update(name="Clamshell, edited")
        before = OldExercise.objects.get(slug="knee-rolls").updated
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    knee_rolls = Exercise.objects.get(slug="knee-rolls")
    assert knee_rolls.spoken_name == "Knee rolls"
    assert knee_rolls.spoken_cue_list[1] == "Keep both shoulders down on the floor."
    assert knee_rolls.updated > before, "cached pages see the change"
    clamshell = Exercise.objects.get(slug="clamshell")
    assert clamshell.name == "Clamshell, edited"
    assert clamshell.spoken_switch_sides.startswith("Lower your knee")
    step = Routine.objects.get(slug="spasm-relief").step_list[5]
    assert step.spoken_setup.startswith("Bring your knees together")


def test_the_migration_only_fills_guidance_that_is_empty(db):
    migration = importlib.import_module("exercises.migrations.0005_spoken_guidance")
    Exercise.objects.filter(slug="knee-rolls").update(spoken_name="Rolling knees", spoken_cues="")
    migration.add_shipped_guidance(apps, None)
    knee_rolls = Exercise.objects.get(slug="knee-rolls")
    assert knee_rolls.spoken_name == "Rolling knees", "an editor's words stay"
    assert knee_rolls.spoken_cue_list[0] == "Let your knees fall gently.", "an empty field is filled"


# ---- Editors ----


def exercise_form(exercise: Exercise, **changes) -> dict:
    return exercise_admin_form(exercise, _save="Save", **changes)


def test_an_editor_changes_the_spoken_guidance_and_the_player_says_it(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="knee-rolls")
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        exercise_form(exercise, spoken_cues="Let your knees fall gently.\n\n  Keep your shoulders down.  \n"),
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.spoken_cues == "Let your knees fall gently.\nKeep your shoulders down."
    step = next(s for s in player_json(client, "spasm-relief") if s["slug"] == "knee-rolls")
    assert step["spoken"]["cues"] == ["Let your knees fall gently.", "Keep your shoulders down."]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"spoken_cues": "Just one cue."},
            "spoken_cues",
            "Write 2 to 4 spoken cues, one per line (there are 1).",
        ),
        ({"spoken_cues": "One.\nTwo.\nThree.\nFour.\nFive."}, "spoken_cues", "(there are 5)"),
        ({"spoken_name": "Knee rolls (lower-trunk rotation)"}, "spoken_name", "“(” doesn't read well aloud"),
        ({"spoken_setup": "Lie down, e.g. on a mat."}, "spoken_setup", "“e.g.” doesn't read well aloud"),
        ({"spoken_cues": "Roll left/right.\nSlowly."}, "spoken_cues", "“/” doesn't read well aloud"),
        ({"spoken_name": ""}, "spoken_name", "This field is required."),
    ],
)
def test_the_admin_refuses_guidance_that_wont_work_aloud(client, editor, changes, field, message):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="knee-rolls")
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]), exercise_form(exercise, **changes)
    )
    assert response.status_code == 400
    assert message in response.context["adminform"].form.errors[f"{field}_en"][0]
    exercise.refresh_from_db()
    assert exercise.spoken_name == "Knee rolls"
    assert changes[field] in response.content.decode(), "what the editor typed is kept"


def test_a_hold_needs_a_breathing_pace_and_a_per_side_exercise_a_switch(client, editor):
    client.force_login(editor)
    exercise = Exercise.objects.get(slug="piriformis-stretch")
    response = client.post(
        reverse("admin:exercises_exercise_change", args=[exercise.pk]),
        exercise_form(exercise, spoken_breathing=" ", spoken_switch_sides=""),
    )
    assert response.status_code == 400
    errors = response.context["adminform"].form.errors
    assert "A timed hold needs a spoken breathing pace" in errors["spoken_breathing_en"][0]
    assert "Say what to do when changing sides" in errors["spoken_switch_sides_en"][0]


# ---- What the player gets ----


def test_the_player_page_carries_each_steps_spoken_guidance(client, db):
    steps = player_json(client, "spasm-relief")

    assert [s["slug"] for s in steps] == [
        "constructive-rest",
        "belly-breathing",
        "pelvic-tilt",
        "single-knee-to-chest",
        "knee-rolls",
        "side-lying-rest",
    ]
    first, breathing, tilt, knee, _rolls, side = steps
    assert first == {
        "slug": "constructive-rest",
        "name": "Lower legs on a chair (rest position)",
        "dose": "60 seconds",
        "kind": "relief",
        "position": "lying",
        "mode": "hold",
        "hold": 60,
        "reps": None,
        "repSeconds": 5,
        "sides": 1,
        "rest": 15,
        "spoken": {
            "name": "Lower legs on a chair",
            "setup": first["spoken"]["setup"],
            "cues": first["spoken"]["cues"],
            "breathing": "Breathe in slowly, and let your tummy rise… and slowly out.",
            "switchSides": "",
        },
        "next": {"name": "Belly breathing", "setup": breathing["spoken"]["setup"], "position": "lying"},
        "easier": None,
        "phases": first["phases"],
    }
    # Every phase's length comes with the step, for both levels of guidance (exercises/pacing.py).
    assert set(first["phases"]) == {"more", "counts"} and first["phases"]["more"]["work"] == 60
    assert first["phases"]["more"]["ready"]["say"][0]["text"].startswith("Lower legs on a chair, 60 seconds.")
    assert breathing["spoken"]["setup"].startswith("Stay just as you are"), "the routine's own way in"
    assert (tilt["mode"], tilt["reps"], tilt["hold"], tilt["repSeconds"]) == ("reps", 4, None, 6)
    assert (knee["sides"], knee["hold"]) == (2, 15)
    assert knee["spoken"]["switchSides"].startswith("Lower your foot")
    assert knee["easier"] is None and knee["next"]["name"] == "Knee rolls"
    assert (side["rest"], side["next"]) == (0, None)


def test_a_step_with_an_easier_variant_carries_its_guidance_too(client, db):
    steps = player_json(client, "evening-wind-down")
    knees = next(s for s in steps if s["slug"] == "knees-to-chest")
    assert knees["easier"]["slug"] == "single-knee-to-chest"
    assert knees["easier"]["spoken"]["name"] == "Single knee to chest"
    assert knees["easier"]["sides"] == 2 and "rest" not in knees["easier"]
    assert knees["easier"]["phases"]["more"]["rest"] == knees["phases"]["more"]["rest"], "the step's own rest"


def test_player_json_queries_stay_the_same_as_a_routine_grows(client, db):
    make_routine("short-coached", make_exercises(3, "short"))
    make_routine("long-coached", make_exercises(60, "coached"))
    pass_safety_check(client)
    counts = []
    for slug in ("short-coached", "long-coached"):
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/routines/{slug}/play/")
        counts.append(len(captured))
    assert counts[0] == counts[1]
    steps = player_json(client, "long-coached")
    assert len(steps) == 60
    assert steps[0]["spoken"]["name"] == "Coached stretch 0", "a name without guidance yet is still said"


# ---- The voice, end to end: the page's JSON through coach.js ----

COACH_URL = (ROOT / "static/js/player/coach.js").as_uri()
SPEAK = (
    f'import {{ transcript }} from "{COACH_URL}";\n'
    """let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { steps, level, pace } = JSON.parse(input);
  process.stdout.write(JSON.stringify(transcript(steps, level, pace)));
});
"""
)


def spoken_transcript(steps: list[dict], level: str = "more") -> list[dict]:
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", SPEAK],
        input=json.dumps({"steps": steps, "level": level, "pace": pacing.speech_json()}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="node is needed to run static/js/player/coach.js")
@pytest.mark.parametrize("slug", ["spasm-relief", "hips-and-glutes", "gentle-core"])
def test_with_eyes_closed_every_step_is_explained_not_just_named(client, db, slug):
    steps = player_json(client, slug)
    lines = spoken_transcript(steps)
    said = " ".join(line["text"] for line in lines)

    for number, step in enumerate(steps, start=1):
        own = [line["text"] for line in lines if line["step"] == number]
        before = [line["text"] for line in lines if line["step"] == number - 1 and line["phase"] == "rest"]
        heard = " ".join(own + before)
        assert step["spoken"]["name"] in heard
        assert step["spoken"]["setup"] in heard, f"step {number}: how to get into position"
        assert any(cue in heard for cue in step["spoken"]["cues"]), f"step {number}: a cue while doing it"
        if step["mode"] == "hold":
            assert step["spoken"]["breathing"] in heard
        if step["sides"] == 2:
            assert step["spoken"]["switchSides"] in heard
    assert "(" not in said and "/" not in said
    assert lines[-1]["text"].startswith("That's the end of the routine. Well done.")
    times = [line["t"] for line in lines]
    assert times == sorted(times) and len(set(times)) == len(times)


@pytest.mark.skipif(NODE is None, reason="node is needed to run static/js/player/coach.js")
def test_just_the_counts_leaves_the_coaching_out(client, db):
    steps = player_json(client, "spasm-relief")
    said = [line["text"] for line in spoken_transcript(steps, "counts")]
    assert "Lower legs on a chair, 60 seconds." in said
    assert not any(step["spoken"]["setup"] in text for step in steps for text in said)
    assert "Two." in said and "Switch sides." in said


# ---- "More guidance" or "just the counts", remembered on the account ----


def test_a_person_chooses_just_the_counts_and_the_player_knows(client, owner):
    client.force_login(owner)
    settings_page = client.get(reverse("settings")).content.decode()
    assert 'value="more"' in settings_page and "Just the counts" in settings_page

    response = client.post(
        reverse("settings"),
        {
            "email": owner.email,
            "timezone": "Europe/London",
            "weekly_goal": "3",
            "cue_voice": "on",
            "cue_guidance": "counts",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.cue_guidance == "counts"
    assert owner.cue_prefs == {"sound": False, "voice": True, "vibrate": False, "guidance": "counts"}

    owner.safety_outcome, owner.safety_checked_at = "fine", owner.date_joined
    owner.save()
    html = client.get("/routines/spasm-relief/play/").content.decode()
    prefs = re.search(r'<script id="account-prefs" type="application/json">(.*?)</script>', html)
    assert prefs and json.loads(prefs.group(1))["guidance"] == "counts"


def test_an_unknown_guidance_level_is_refused_and_the_rest_kept(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("settings"),
        {"email": owner.email, "timezone": "Europe/Berlin", "weekly_goal": "5", "cue_guidance": "chatty"},
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert '<option value="5" selected>' in response.content.decode()
    owner.refresh_from_db()
    assert (owner.cue_guidance, owner.weekly_goal) == ("more", 3)
