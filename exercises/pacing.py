"""How long the player really takes over a routine, spoken guidance included.

The player's voice (static/js/player/coach.js) lengthens a get-ready, a change of sides or a rest to fit
what it has to say: how to get into position and, when the position changes (floor, chair,
standing), time to get there. The duration a routine shows is worked out here with the same
rules from the same step data (`Routine.player_steps`), so the screen never promises less time
than the routine takes; tests/test_pacing.py runs coach.js over every routine and checks both
agree to the second.

All times are whole seconds. The base times below are the only copy: the player gets them
through `timing()` in its rules JSON.
"""

import math
import re

GET_READY_SECONDS = 3  # shortest get-ready
SWITCH_SIDES_SECONDS = 5  # shortest change of sides
MOVE_SECONDS = 4  # after being told how to get into position, time to do it
# Getting down to the floor, onto a chair or up again takes longer than shifting a leg.
POSITION_CHANGE_SECONDS = 12

COUNTDOWN = 3  # the 3-2-1 at the end of a get-ready
GAP = 1  # silence between one utterance's estimated end and the next

_TRAILING = re.compile(r"[.,;:!?…]+$")
_PAUSE = re.compile(r"[.,;:!?…]+")


def timing() -> dict:
    """The base times as the player reads them (seconds)."""
    return {
        "getReadySeconds": GET_READY_SECONDS,
        "switchSidesSeconds": SWITCH_SIDES_SECONDS,
        "moveSeconds": MOVE_SECONDS,
        "positionChangeSeconds": POSITION_CHANGE_SECONDS,
    }


def speech_seconds(text: str) -> float:
    """Estimated seconds to say `text` at the player's pace (coach.js speechSeconds)."""
    trimmed = str(text).strip()
    words = len(trimmed.split())
    pauses = len(_PAUSE.findall(_TRAILING.sub("", trimmed)))
    return words / 2.2 + pauses * 0.3 + 0.2


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _work_seconds(step: dict) -> int:
    return step["reps"] * step["repSeconds"] if step["mode"] == "reps" else step["hold"]


def _ready_seconds(step: dict, level: str, introduced: bool, position_changed: bool) -> int:
    spoken = step.get("spoken") or {}
    name = spoken.get("name") or step["name"]
    setup = spoken.get("setup", "") if level == "more" and not introduced else ""
    rhythm = spoken.get("breathing", "") if level == "more" and step["mode"] == "reps" else ""
    said = speech_seconds(_joined(f"{name}, {step['dose']}.", setup, rhythm))
    moving = POSITION_CHANGE_SECONDS if position_changed and not introduced else 0
    return max(GET_READY_SECONDS, math.ceil(said + GAP) + moving + COUNTDOWN)


def _switch_seconds(step: dict, level: str) -> int:
    how = (step.get("spoken") or {}).get("switchSides", "") if level == "more" else ""
    return max(SWITCH_SIDES_SECONDS, math.ceil(speech_seconds(_joined("Switch sides.", how)) + GAP + 1))


def _rest(step: dict, level: str) -> tuple[int, bool]:
    """(seconds, whether the rest said how to get into the next step)."""
    following = step.get("next")
    if not following or level != "more":
        return step["rest"], False
    relax = speech_seconds("Relax.")
    at = math.ceil(relax + GAP)
    announce = speech_seconds(_joined(f"Next, {following['name']}.", following.get("setup", "")))
    changed = following.get("position") and following["position"] != step.get("position")
    needed = math.ceil(at + announce) + (POSITION_CHANGE_SECONDS if changed else MOVE_SECONDS)
    return max(step["rest"], needed), True


def routine_seconds(steps: list[dict], level: str = "more") -> int:
    """Seconds the player takes over `steps` (Routine.player_steps) when nothing is paused or
    skipped; `level` is the spoken guidance, "more" or "counts"."""
    total = 0
    introduced = False
    for index, step in enumerate(steps):
        changed = index == 0 or steps[index - 1].get("position") != step.get("position")
        total += _ready_seconds(step, level, introduced, changed)
        total += _work_seconds(step) * step["sides"] + _switch_seconds(step, level) * (step["sides"] - 1)
        introduced = False
        if step["rest"] > 0:
            rest, introduced = _rest(step, level)
            total += rest
    return total
