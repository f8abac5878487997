"""Every phase's length is worked out once, in Python (exercises/pacing.py), and handed to the
player with the steps: the duration a routine shows is what the player takes, by construction.
The player's own plan (static/js/player/, run in Node over the page's JSON) is checked against
it to the second, and the lines Python gives a phase fit in it."""

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from exercises import pacing
from exercises.models import Routine, format_dose

PLAYER = Path(__file__).resolve().parent.parent / "static" / "js" / "player"
NODE = shutil.which("node")

# Steps in the shape of Routine.player_steps, before their phases are added.
CONSTRUCTIVE_REST = {
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
        "setup": "Lie on your back on the floor, close to the front of a chair. Rest your lower legs on the seat.",
        "cues": ["Let your back soften into the floor.", "Let your shoulders and jaw go soft."],
        "breathing": "Breathe in slowly… and slowly out.",
        "switchSides": "",
    },
    "next": {
        "name": "Pelvic tilt",
        "setup": "Put your feet flat on the floor, with your knees bent.",
        "position": "lying",
    },
    "easier": None,
}
PELVIC_TILT = {
    **CONSTRUCTIVE_REST,
    "slug": "pelvic-tilt",
    "name": "Pelvic tilt",
    "dose": "5 times",
    "kind": "strength",
    "mode": "reps",
    "hold": None,
    "reps": 5,
    "repSeconds": 6,
    "spoken": {
        "name": "Pelvic tilt",
        "setup": "Lie on your back with your knees bent. Each time, press the small of your back into the floor.",
        "cues": ["Keep the movement small."],
        "breathing": "Breathe out as you flatten your back, and in as you let go.",
        "switchSides": "",
    },
    "next": {
        "name": "Single knee to chest",
        "setup": "Hold behind one thigh, and ease that knee towards your chest.",
        "position": "lying",
    },
}
SINGLE_KNEE = {
    **CONSTRUCTIVE_REST,
    "slug": "single-knee-to-chest",
    "name": "Single knee to chest",
    "dose": "20 seconds on each side",
    "kind": "stretch",
    "hold": 20,
    "sides": 2,
    "rest": 0,
    "spoken": {
        "name": "Single knee to chest",
        "setup": "Hold behind one thigh, and ease that knee towards your chest.",
        "cues": ["Keep your other foot on the floor."],
        "breathing": "Breathe in slowly… and out.",
        "switchSides": "Lower your foot slowly. Now ease your other knee in.",
    },
    "next": None,
}


def routine(*steps: dict, language: str = "en") -> list[dict]:
    return pacing.with_phases([json.loads(json.dumps(step)) for step in steps], language)


def run_player(script: str, payload: dict) -> dict:
    """Run `script` (an ES module reading JSON on stdin) with the player's modules importable."""
    imports = (
        f"import {{ buildPlan }} from {json.dumps((PLAYER / 'plan.js').as_uri())};"
        f"import {{ coachedPhases }} from {json.dumps((PLAYER / 'voice.js').as_uri())};"
        f"import {{ speechSeconds }} from {json.dumps((PLAYER / 'coach.js').as_uri())};"
        "let input = ''; process.stdin.on('data', (c) => (input += c));"
    )
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", imports + script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


# The player's plan, as the page builds it from the steps it is handed (player/controller.js).
PLAN = """
process.stdin.on('end', () => {
  const { routines, level, pace } = JSON.parse(input);
  const out = {};
  for (const [slug, data] of Object.entries(routines)) {
    const steps = data.map((step, index) => ({ ...step, index }));
    const plan = buildPlan(steps, coachedPhases({ guidance: level }, new Set(), pace));
    const overflow = plan.phases.flatMap((p) =>
      p.kind === 'work' ? [] : p.say.filter((u) => u.at + u.seconds > p.seconds).map((u) => u.text));
    out[slug] = { seconds: plan.totalSeconds, overflow };
  }
  console.log(JSON.stringify(out));
});
"""


@pytest.mark.skipif(NODE is None, reason="needs Node")
@pytest.mark.django_db
@pytest.mark.parametrize("level", ["more", "counts"])
@pytest.mark.parametrize("language", ["en", "nl", "es"])
def test_every_routine_shows_the_time_the_player_takes(level, language):
    """In each language: its words (a Dutch dose, Spanish lines) at its pace."""
    with translation.override(language):
        routines = {r.slug: r for r in Routine.objects.published().with_steps()}
        assert len(routines) >= 8
        steps = {slug: r.player_steps() for slug, r in routines.items()}
        pace = pacing.speech_json()
        played = run_player(PLAN, {"routines": steps, "level": level, "pace": pace})
        for slug, r in routines.items():
            assert played[slug]["seconds"] == pacing.routine_seconds(steps[slug], level), slug
            assert played[slug]["overflow"] == [], f"{slug}: said past the end of its phase"
            if level == "more":
                assert played[slug]["seconds"] == r.total_seconds
    assert pace["wordsPerSecond"] == pacing.SPEECH_PACE[language].words_per_second


@pytest.mark.skipif(NODE is None, reason="needs Node")
@pytest.mark.django_db
def test_the_player_estimates_speech_as_python_does():
    texts = [
        line["text"]
        for step in Routine.objects.with_steps().get(slug="spasm-relief").player_steps()
        for phases in step["phases"].values()
        for phase in phases.values()
        if isinstance(phase, dict)
        for line in phase["say"]
    ] + ["One.", "Halfway. 30 seconds to go."]
    script = (
        "process.stdin.on('end', () => { const { texts, pace } = JSON.parse(input);"
        "console.log(JSON.stringify(texts.map((t) => speechSeconds(t, pace)))); });"
    )
    for language in ("en", "nl", "es"):
        pace = pacing.speech_json(language)
        in_node = run_player(script, {"texts": texts, "pace": pace})
        assert in_node == pytest.approx(
            [pacing.speech_seconds(t, pacing.speech_pace(language)) for t in texts]
        )


@pytest.mark.django_db
def test_a_new_position_gets_more_time_to_get_there():
    relief = Routine.objects.with_steps().get(slug="spasm-relief")
    steps = relief.player_steps()
    assert relief.total_seconds == pacing.routine_seconds(steps, "more")
    # The same routine with every step on the floor takes less than with a chair in the middle.
    moved = [{k: v for k, v in step.items() if k != "phases"} for step in steps]
    moved[1]["position"] = "sitting"
    moved[0]["next"] = {**moved[0]["next"], "position": "sitting"}
    assert pacing.routine_seconds(pacing.with_phases(moved)) > pacing.routine_seconds(steps)


def test_a_new_position_adds_its_time_to_the_get_ready_or_the_rest_before():
    same = pacing.with_phases([dict(CONSTRUCTIVE_REST, next=None, rest=0), dict(PELVIC_TILT)])
    moved = pacing.with_phases(
        [dict(CONSTRUCTIVE_REST, next=None, rest=0), dict(PELVIC_TILT, position="sitting")]
    )
    ready = lambda steps: steps[1]["phases"]["more"]["ready"]  # noqa: E731
    assert ready(moved)["seconds"] - ready(same)["seconds"] == pacing.POSITION_CHANGE_SECONDS
    assert ready(moved)["positionChanged"] and not ready(same)["positionChanged"]
    # Told in the rest before: the rest holds the extra time, and the get-ready only names it.
    short = dict(CONSTRUCTIVE_REST, rest=1)
    to_chair = dict(short, next=dict(short["next"], position="sitting"))
    rest_same = routine(short, PELVIC_TILT)[0]["phases"]["more"]["rest"]
    rest_moved = routine(to_chair, dict(PELVIC_TILT, position="sitting"))[0]["phases"]["more"]["rest"]
    assert (
        rest_moved["seconds"] - rest_same["seconds"] == pacing.POSITION_CHANGE_SECONDS - pacing.MOVE_SECONDS
    )
    told_same, told_moved = (
        routine(short, PELVIC_TILT)[1],
        routine(to_chair, dict(PELVIC_TILT, position="sitting"))[1],
    )
    assert told_moved["phases"]["more"]["ready"]["seconds"] == told_same["phases"]["more"]["ready"]["seconds"]


def test_the_get_ready_lasts_until_the_set_up_is_said_then_counts_down():
    first = routine(CONSTRUCTIVE_REST, PELVIC_TILT, SINGLE_KNEE)[0]["phases"]["more"]
    [line] = first["ready"]["say"]
    assert line["text"].startswith("Lower legs on a chair, 60 seconds. Lie on your back")
    assert first["ready"]["seconds"] >= math.ceil(pacing.speech_seconds(line["text"])) + pacing.COUNTDOWN
    assert first["work"] == 60
    # Repetitions: the breathing is the rhythm of the movement, said before the first.
    reps = routine(PELVIC_TILT)[0]["phases"]["more"]
    assert "Pelvic tilt, 5 times. Lie on your back" in reps["ready"]["say"][0]["text"]
    assert reps["ready"]["say"][0]["text"].endswith(
        "Breathe out as you flatten your back, and in as you let go."
    )
    assert reps["work"] == 30


def test_a_step_told_in_the_rest_before_only_names_itself_unless_reached_another_way():
    steps = routine(CONSTRUCTIVE_REST, PELVIC_TILT, SINGLE_KNEE)
    second = steps[1]["phases"]["more"]
    assert PELVIC_TILT["spoken"]["setup"] not in second["ready"]["say"][0]["text"]
    assert PELVIC_TILT["spoken"]["setup"] in second["readyFresh"]["say"][0]["text"]
    assert second["readyFresh"]["seconds"] > second["ready"]["seconds"]
    assert "readyFresh" not in steps[0]["phases"]["more"], "the first step is always said in full"
    assert (
        steps[2]["phases"]["more"]["ready"]["say"][0]["text"]
        == "Single knee to chest, 20 seconds on each side."
    )


def test_the_rest_says_whats_next_and_how_and_lasts_long_enough_to_say_it():
    rest = routine(CONSTRUCTIVE_REST, PELVIC_TILT)[0]["phases"]["more"]["rest"]
    said = [line["text"] for line in rest["say"]]
    assert said == ["Relax.", "Next, Pelvic tilt. Put your feet flat on the floor, with your knees bent."]
    assert rest["seconds"] >= 15
    last = rest["say"][-1]
    assert last["at"] >= math.ceil(pacing.speech_seconds("Relax.")) + pacing.GAP
    assert last["at"] + pacing.speech_seconds(last["text"]) + pacing.MOVE_SECONDS <= rest["seconds"]
    long_setup = "Slide your legs off the chair one at a time, and put your feet flat on the floor with your knees bent."
    stretched = routine(
        dict(CONSTRUCTIVE_REST, rest=5, next=dict(CONSTRUCTIVE_REST["next"], setup=long_setup))
    )
    assert stretched[0]["phases"]["more"]["rest"]["seconds"] > 5, "a short rest grows to fit the instructions"


def test_a_change_of_sides_says_how_and_lasts_as_long_as_that_takes():
    switch = routine(SINGLE_KNEE)[0]["phases"]["more"]["switch"]
    assert switch["say"][0]["text"] == "Switch sides. Lower your foot slowly. Now ease your other knee in."
    assert switch["seconds"] >= pacing.SWITCH_SIDES_SECONDS
    assert switch["seconds"] >= math.ceil(pacing.speech_seconds(switch["say"][0]["text"]))
    assert "rest" not in routine(SINGLE_KNEE)[0]["phases"]["more"], "the last step has no rest"


def test_just_the_counts_names_and_counts_and_leaves_the_coaching_out():
    steps = routine(CONSTRUCTIVE_REST, PELVIC_TILT, SINGLE_KNEE)
    lines = [
        line["text"]
        for step in steps
        for phase in step["phases"]["counts"].values()
        if isinstance(phase, dict)
        for line in phase["say"]
    ]
    coaching = [
        text
        for s in (CONSTRUCTIVE_REST, PELVIC_TILT, SINGLE_KNEE)
        for text in (s["spoken"]["setup"], s["spoken"]["breathing"], s["spoken"]["switchSides"])
        if text
    ]
    assert not [line for line in lines if any(words in line for words in coaching)]
    assert lines[0] == "Lower legs on a chair, 60 seconds."
    assert "Rest. Next, Pelvic tilt." in lines and "Switch sides." in lines
    assert steps[0]["phases"]["counts"]["rest"]["seconds"] == 15, (
        "a rest with nothing to explain is the step's own"
    )


def test_an_easier_version_is_said_in_full_and_keeps_the_steps_rest():
    easier = {k: v for k, v in PELVIC_TILT.items() if k not in ("rest", "next")}
    step = routine(CONSTRUCTIVE_REST, dict(PELVIC_TILT, easier=easier), SINGLE_KNEE)[1]
    phases = step["easier"]["phases"]["more"]
    assert PELVIC_TILT["spoken"]["setup"] in phases["ready"]["say"][0]["text"]
    assert phases["rest"]["say"][1]["text"].startswith("Next, Single knee to chest.")


def test_speech_estimates_are_in_the_range_a_calm_voice_takes():
    assert pacing.speech_seconds("One.") < 1
    sentence = "Lie on your back on the floor, close to the front of a chair or sofa."
    assert 5 < pacing.speech_seconds(sentence) < 9


def test_dutch_and_spanish_have_their_own_pace_and_words():
    """Their words are longer than English's: fewer words a second, so the get-ready waits for
    them; and what is said is in the language (the dose too)."""
    for language in ("nl", "es"):
        assert pacing.speech_pace(language).words_per_second < pacing.speech_pace("en").words_per_second
    with translation.override("nl"):
        nl = routine(SINGLE_KNEE, language="nl")
    with translation.override("es"):
        es = routine(SINGLE_KNEE, language="es")
    assert nl[0]["phases"]["counts"]["switch"]["say"][0]["text"] == "Wissel van kant."
    assert es[0]["phases"]["counts"]["switch"]["say"][0]["text"] == "Cambia de lado."
    with translation.override("es"):
        assert format_dose(True, 20, None, True) == "20 segundos en cada lado"
        assert format_dose(False, None, 1, False) == "una vez"
    with translation.override("nl"):
        assert format_dose(False, None, 8, True) == "8 keer aan elke kant"


def test_phase_lengths_follow_the_pace_of_the_pages_language(monkeypatch):
    english = pacing.speech_pace("en-gb")
    assert pacing.speech_pace("xx") == english, "a language without its own pace speaks at English's"
    slower = pacing.SpeechPace(words_per_second=1.5, pause_seconds=0.4, lead_seconds=0.2, rate=0.9)
    monkeypatch.setitem(pacing.SPEECH_PACE, "nl", slower)
    en, nl = (
        routine(CONSTRUCTIVE_REST, PELVIC_TILT),
        routine(CONSTRUCTIVE_REST, PELVIC_TILT, language="nl-NL"),
    )
    assert nl[0]["phases"]["more"]["ready"]["seconds"] > en[0]["phases"]["more"]["ready"]["seconds"]
    assert pacing.routine_seconds(nl) > pacing.routine_seconds(en)
    assert pacing.speech_json("nl")["wordsPerSecond"] == 1.5, "the player places its cues at the same pace"
