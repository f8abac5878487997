"""The duration a routine shows is what the player really takes: Python's pacing rules and
the player's voice plan (static/js/player/coach.js, run in Node) agree to the second on every routine."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from exercises import pacing
from exercises.models import Routine

COACH = Path(__file__).resolve().parent.parent / "static" / "js" / "player" / "coach.js"
NODE = shutil.which("node")


def seconds_in_the_player(routines: dict, level: str) -> dict:
    script = (
        f"import {{ routineSeconds }} from {json.dumps(COACH.as_uri())};"
        "let input = ''; process.stdin.on('data', (c) => (input += c));"
        "process.stdin.on('end', () => { const { routines, level, timing } = JSON.parse(input);"
        "const out = {}; for (const [slug, steps] of Object.entries(routines)) out[slug] = routineSeconds(steps, level, timing);"
        "console.log(JSON.stringify(out)); });"
    )
    payload = json.dumps({"routines": routines, "level": level, "timing": pacing.timing()})
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", script], input=payload, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="needs Node")
@pytest.mark.django_db
@pytest.mark.parametrize("level", ["more", "counts"])
def test_every_routine_shows_the_time_the_player_takes(level):
    routines = {r.slug: r.player_steps() for r in Routine.objects.published().with_steps()}
    assert len(routines) >= 8
    python = {slug: pacing.routine_seconds(steps, level) for slug, steps in routines.items()}
    assert seconds_in_the_player(routines, level) == python


@pytest.mark.django_db
def test_a_new_position_gets_more_time_to_get_there():
    relief = Routine.objects.with_steps().get(slug="spasm-relief")
    steps = relief.player_steps()
    assert relief.total_seconds == pacing.routine_seconds(steps, "more")
    # The same routine with every step on the floor takes less than with a chair in the middle.
    moved = [dict(step) for step in steps]
    moved[1]["position"] = "sitting"
    moved[0]["next"] = {**moved[0]["next"], "position": "sitting"}
    assert pacing.routine_seconds(moved) > pacing.routine_seconds(steps)
