"""How long each phase of the player lasts: the one place a phase's length is worked out.

The player (static/js/player/) runs a step as phases: get ready, the work on each side with a
change of sides between, then a rest. A get-ready, a change of sides or a rest lasts as long as
what the voice says in it needs (the step's name and dose, how to get into position and, when the
position changes from floor to chair to standing, time to get there); the work lasts the step's
own hold or repetitions. `with_phases` works every one out for both levels of spoken guidance
("more" and "counts") and the page carries them with the steps (`Routine.player_steps`, key
"phases"): the player's clock runs these lengths, says these lines at these seconds, and its
voice (static/js/player/coach.js) places the cues and counts inside the work. `routine_seconds`,
the duration a routine shows, adds up the same numbers, so it is what the player takes.

A step's "phases", per level:
    {"ready": Phase, "readyFresh": Phase (only when it differs from "ready"), "work": seconds,
     "switch": Phase (two-sided steps only), "rest": Phase (only when the step has a rest)}
    Phase = {"seconds": int, "say": [{"at": seconds into the phase, "text": str}],
             "positionChanged": bool (get-ready only)}
"ready" is the get-ready when the routine flows on from the step before: with more guidance the
rest before has already said how to get into position, so it only names the step.
"readyFresh" is for a step reached another way (Back, Skip, carrying on, an easier version): it
says how, in full. An easier version (key "easier") has its own phases, always fresh, followed by
the step's own rest.

Speech is estimated from its words and pauses at the pace of the page's language (SPEECH_PACE;
English's where a language has none yet). All lengths are whole seconds.
"""

import math
import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from spasmcare.core.js_words import language_tag, voice_words

MORE, COUNTS = "more", "counts"  # the levels of spoken guidance (User.cue_guidance)
LEVELS = (MORE, COUNTS)

GET_READY_SECONDS = 3  # shortest get-ready
SWITCH_SIDES_SECONDS = 5  # shortest change of sides
MOVE_SECONDS = 4  # after being told how to get into position, time to do it
# Getting down to the floor, onto a chair or up again takes longer than shifting a leg.
POSITION_CHANGE_SECONDS = 12
COUNTDOWN = 3  # the 3-2-1 at the end of a get-ready
GAP = 1  # silence between one line's estimated end and the next


@dataclass(frozen=True)
class SpeechPace:
    """How fast the player's voice speaks a language, deliberately on the slow side: `rate` is
    the speech synthesis rate the player asks for (1 is the voice's normal speed) and the rest
    are seconds at that rate. The player places its cues with the same figures."""

    words_per_second: float
    pause_seconds: float  # at each punctuation mark inside the text
    lead_seconds: float  # before the first word
    rate: float


# Words a second differ by language because words do: a Spanish word has about two syllables
# against English's one and a half, and Spanish is spoken at more syllables a second (7.8
# against 6.2 in Pellegrino, Coupé and Marsico, "A cross-language perspective on speech
# information rate", Language 87(3), 2011): about 0.9 of English's words a second. Dutch, with
# its long compounds ("rugklachten", "ademhalingsoefening"), at German's syllable rate (6.0)
# and about 1.65 syllables a word, comes to about 0.85 of English's. The voices run at the same
# rate; the figures scale English's.
SPEECH_PACE = {
    "en": SpeechPace(words_per_second=2.2, pause_seconds=0.3, lead_seconds=0.2, rate=0.9),
    "nl": SpeechPace(words_per_second=1.9, pause_seconds=0.3, lead_seconds=0.2, rate=0.9),
    "es": SpeechPace(words_per_second=2.0, pause_seconds=0.3, lead_seconds=0.2, rate=0.9),
}

_TRAILING = re.compile(r"[.,;:!?…]+$")
_PAUSE = re.compile(r"[.,;:!?…]+")


def speech_pace(language: str | None = None) -> SpeechPace:
    """The pace for `language` (a code such as "en-gb"; the active language when None)."""
    base = (language or get_language() or "en").lower().replace("_", "-").split("-")[0]
    return SPEECH_PACE.get(base, SPEECH_PACE["en"])


def speech_json(language: str | None = None) -> dict:
    """What the player's voice places its cues and counts with, inside the phases handed to it:
    the pace of `language` (wordsPerSecond, pauseSeconds, leadSeconds, rate), the silence kept
    between two lines (gapSeconds), the count-down at the end of a get-ready or a hold
    (countdown, seconds), the language to speak (lang) and what the voice says within the work and at the end in the active
    language (words: spasmcare/core/js_words.py voice_words)."""
    pace = speech_pace(language)
    return {
        "lang": language_tag(language),
        "words": voice_words(),
        "wordsPerSecond": pace.words_per_second,
        "pauseSeconds": pace.pause_seconds,
        "leadSeconds": pace.lead_seconds,
        "rate": pace.rate,
        "gapSeconds": GAP,
        "countdown": COUNTDOWN,
    }


def speech_seconds(text: str, pace: SpeechPace | None = None) -> float:
    """Estimated seconds the voice takes to say `text` (the player's speechSeconds does the same
    sum with the same figures)."""
    pace = pace or SPEECH_PACE["en"]
    trimmed = str(text).strip()
    words = len(trimmed.split())
    pauses = len(_PAUSE.findall(_TRAILING.sub("", trimmed)))
    return words / pace.words_per_second + pauses * pace.pause_seconds + pace.lead_seconds


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _said(*lines: tuple[int, str]) -> list[dict]:
    return [{"at": at, "text": text} for at, text in lines]


def _ready(step: dict, level: str, introduced: bool, position_changed: bool, pace: SpeechPace) -> dict:
    spoken = step.get("spoken") or {}
    name = spoken.get("name") or step["name"]
    setup = spoken.get("setup", "") if level == MORE and not introduced else ""
    # For repetitions the breathing is the rhythm of the movement: said just before starting.
    rhythm = spoken.get("breathing", "") if level == MORE and step["mode"] == "reps" else ""
    text = _joined(gettext("%(name)s, %(dose)s.") % {"name": name, "dose": step["dose"]}, setup, rhythm)
    # Not told in the rest before: time to move into a new position after hearing how.
    moving = POSITION_CHANGE_SECONDS if position_changed and not introduced else 0
    seconds = max(GET_READY_SECONDS, math.ceil(speech_seconds(text, pace) + GAP) + moving + COUNTDOWN)
    return {"seconds": seconds, "say": _said((0, text)), "positionChanged": bool(moving)}


def _switch(step: dict, level: str, pace: SpeechPace) -> dict:
    how = (step.get("spoken") or {}).get("switchSides", "") if level == MORE else ""
    text = _joined(gettext("Switch sides."), how)
    seconds = max(SWITCH_SIDES_SECONDS, math.ceil(speech_seconds(text, pace) + GAP + 1))
    return {"seconds": seconds, "say": _said((0, text))}


def _rest(step: dict, level: str, pace: SpeechPace) -> dict:
    following = step.get("next")
    if not following:
        return {"seconds": step["rest"], "say": _said((0, gettext("Rest.")))}
    if level != MORE:
        text = gettext("Rest. Next, %(name)s.") % {"name": following["name"]}
        return {"seconds": step["rest"], "say": _said((0, text))}
    relax = gettext("Relax.")
    at = math.ceil(speech_seconds(relax, pace) + GAP)
    announce = _joined(gettext("Next, %(name)s.") % {"name": following["name"]}, following.get("setup", ""))
    # The rest is for moving into the next position, so it lasts at least as long as it takes
    # to say how, plus a moment to do it; the next get-ready then only names the step.
    changed = following.get("position") and following["position"] != step.get("position")
    needed = math.ceil(at + speech_seconds(announce, pace)) + (
        POSITION_CHANGE_SECONDS if changed else MOVE_SECONDS
    )
    return {"seconds": max(step["rest"], needed), "say": _said((0, relax), (at, announce))}


def work_seconds(step: dict) -> int:
    """One side's work: the hold, or the repetitions at the exercise's pace."""
    return step["reps"] * step["repSeconds"] if step["mode"] == "reps" else step["hold"]


def step_phases(
    step: dict, level: str, *, introduced: bool, position_changed: bool, pace: SpeechPace, fresh: bool = True
) -> dict:
    """One step's phases at one level (see the module docstring). `introduced`: the rest before
    said how to get into position. `position_changed`: the step is in a new position. `fresh`:
    with "readyFresh" too, for reaching the step another way (only the page needs it)."""
    phases = {
        "ready": _ready(step, level, introduced, position_changed, pace),
        "work": work_seconds(step),
    }
    if introduced and fresh:
        phases["readyFresh"] = _ready(step, level, False, position_changed, pace)
    if step["sides"] > 1:
        phases["switch"] = _switch(step, level, pace)
    if step["rest"] > 0:
        phases["rest"] = _rest(step, level, pace)
    return phases


def _in_flow(steps: list[dict], level: str, pace: SpeechPace, fresh: bool = True):
    """Each step, whether its position is new, and its phases at `level` as the routine flows
    from one step to the next."""
    for index, step in enumerate(steps):
        before = steps[index - 1] if index else None
        changed = before is None or before.get("position") != step.get("position")
        # With more guidance, a rest says how to get into the step after it.
        told = level == MORE and bool(before and before["rest"] > 0 and before.get("next"))
        yield (
            step,
            changed,
            step_phases(step, level, introduced=told, position_changed=changed, pace=pace, fresh=fresh),
        )


def with_phases(steps: list[dict], language: str | None = None) -> list[dict]:
    """`steps` (Routine.player_steps without "phases") with each step's "phases" added, and its
    easier version's, for every level; changed in place and returned."""
    pace = speech_pace(language)
    for step in steps:
        step["phases"] = {}
    for level in LEVELS:
        for step, changed, phases in _in_flow(steps, level, pace):
            step["phases"][level] = phases
            if step.get("easier"):
                # Swapped in part way through a step: said in full, then the step's own rest.
                easier = {**step["easier"], "rest": step["rest"], "next": step.get("next")}
                step["easier"].setdefault("phases", {})[level] = step_phases(
                    easier, level, introduced=False, position_changed=changed, pace=pace
                )
    return steps


def phase_seconds(phases: dict, sides: int) -> int:
    """Seconds one step takes in the routine's flow: get ready, each side, the changes between
    and the rest."""
    total = phases["ready"]["seconds"] + phases["work"] * sides
    if sides > 1:
        total += phases["switch"]["seconds"] * (sides - 1)
    if "rest" in phases:
        total += phases["rest"]["seconds"]
    return total


def routine_seconds(steps: list[dict], level: str = MORE, language: str | None = None) -> int:
    """Seconds the player takes over `steps` (Routine.player_steps) when nothing is paused,
    skipped or ended early; `level` is "more" or "counts". The sum of the phases the steps carry,
    or, for steps without them, of the same phases worked out here for `level`."""
    if all("phases" in step for step in steps):
        return sum(phase_seconds(step["phases"][level], step["sides"]) for step in steps)
    pace = speech_pace(language)
    flow = _in_flow(steps, level, pace, fresh=False)
    return sum(phase_seconds(phases, step["sides"]) for step, _, phases in flow)
