"""Today's suggested routine: simple rules a person can see, on the home page, in each reminder
and on the plan page.

They read the latest sessions only (one query), whatever the length of the history. With a
recovery plan running, the plan says what kind of day it is (four queries more); and how the
last session felt moves the suggestion a rung along plan.LADDER (`adjust`). Routines are found
by their role (Routine.Role), never by slug; the pain thresholds are the safety rules'.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from exercises.models import Routine
from spasmcare.history.models import CompletedSession
from spasmcare.safety import rules as safety

from . import plan

Role = Routine.Role
# Gentle, all-round routines for the time of day: (first local hour, role), earliest first. A
# reminder at 23:30 or 02:00 suggests winding down, never "Morning mobility".
EVERYDAY_BY_HOUR = [
    (0, Role.EVENING),
    (5, Role.MORNING),
    (11, Role.DAYTIME),
    (17, Role.EVENING),
]
# Three sessions in a row in the traffic light's green zone: time to add strengthening.
CALM_SESSIONS = 3


@dataclass
class Suggestion:
    routine: Routine
    reason: str


def everyday_routine(hour: int) -> str:
    """The role of the gentle all-round routine that fits a local hour (0–23)."""
    return [role for first, role in EVERYDAY_BY_HOUR if hour >= first][-1]


def choose(recent: list[dict], hour: int) -> tuple[str, str]:
    """(routine role, why) from the newest sessions first (each with `latest_pain`, 0–10 or
    None), at a local hour (0–23). Where several routines share the role, the number of recent
    sessions takes turns between them (todays_suggestion)."""
    if not recent:
        return everyday_routine(hour), _("New here? This short, gentle routine is a good first one.")
    pains = [r["latest_pain"] for r in recent if r["latest_pain"] is not None]
    last = pains[0] if pains else None
    if last is not None and last >= safety.HIGH_PAIN:
        return Role.RELIEF, _(
            "Your last pain score was %(pain)s out of 10, so today is for gentle relief only."
        ) % {"pain": last}
    if last is not None and last > safety.FINE_UP_TO:
        return everyday_routine(hour), _(
            "Your pain was %(pain)s out of 10 last time: gentle stretching today, nothing strenuous."
        ) % {"pain": last}
    calm = pains[:CALM_SESSIONS]
    if len(calm) == CALM_SESSIONS and all(p <= safety.FINE_UP_TO for p in calm):
        return (
            Role.STRENGTH,
            _(
                "Your last three pain scores were %(pain)s or lower, so it's a good time to add "
                "gentle strengthening."
            )
            % {"pain": safety.FINE_UP_TO},
        )
    return everyday_routine(hour), _("Low pain lately: keep the habit going with gentle, all-round movement.")


def todays_suggestion(user) -> Suggestion | None:
    recent = []
    hour = 9
    plan_state = None
    if user is not None and user.is_authenticated:
        recent = list(
            CompletedSession.objects.for_user(user)
            .with_latest_pain()
            .values("latest_pain", "feeling", "routine__goal")[:5]
        )
        hour = user.local_now().hour
        plan_state = plan.current_state(user)
    role, reason = adjust(choose(recent, hour), recent, hour, plan_state)
    published = Routine.objects.published()
    routine = published.for_role(role, turn=len(recent)) or published.first()
    return Suggestion(routine, reason) if routine else None


# ---- The plan, and what the person said about their last session ----
# "Too hard" steps down a rung from the routine that felt too hard, whatever else applies: a
# gentler routine is always safe. "Too easy" steps up, and the plan sets the kind of day, only
# while pain is in the traffic light's green zone (safety.FINE_UP_TO); above it, choose()'s pain
# rules stand. Pacing: start from what was managed recently, then build up gradually (Guy's and
# St Thomas' physiotherapy leaflet, spasmcare/safety/SOURCES.md).

RUNG_OF_GOAL = {Routine.Goal.RELIEF: 0, Routine.Goal.EVERYDAY: 1, Routine.Goal.STRENGTH: 2}
TOO_HARD, TOO_EASY = CompletedSession.Feeling.TOO_HARD, CompletedSession.Feeling.TOO_EASY


def routine_for(kind: str, hour: int) -> str:
    """The routine role for a kind of day (recovery.plan); a mobility day is the gentle
    all-round routine choose() offers at this local hour."""
    if kind == plan.GENTLE:
        return Role.RELIEF
    if kind == plan.STRENGTH:
        return Role.STRENGTH
    if kind == plan.WALK:
        return Role.WALK
    return choose([], hour)[0]


def _rung_of_role(role: str) -> int:
    return 0 if role == Role.RELIEF else len(plan.LADDER) - 1 if role == Role.STRENGTH else 1


def adjust(chosen: tuple[str, str], recent: list[dict], hour: int, plan_state) -> tuple[str, str]:
    """choose()'s (role, why), moved by the running plan (a recovery.plan.PlanState, or None)
    and by how the newest session (recent[0]: feeling, routine__goal) felt."""
    pains = [r["latest_pain"] for r in recent if r["latest_pain"] is not None]
    calm = not pains or pains[0] <= safety.FINE_UP_TO
    last = recent[0] if recent else {}
    feeling = last.get("feeling")
    done = RUNG_OF_GOAL.get(last.get("routine__goal"), 1)  # the rung of the routine last done

    if plan_state is not None and calm:
        kind = plan_state.kind_today
        if feeling == TOO_HARD and plan.rung(kind) > max(0, done - 1):
            kind = plan.LADDER[max(0, done - 1)]
        return routine_for(kind, hour), plan_state.reason_for(kind)
    if feeling == TOO_HARD:
        if done == 0:
            return Role.RELIEF, _(
                "Your last session felt too hard. Today, the gentlest routine again, with fewer "
                "repetitions or shorter holds: start from what you managed and build up slowly."
            )
        if _rung_of_role(chosen[0]) >= done:
            return routine_for(plan.LADDER[done - 1], hour), _(
                "Your last session felt too hard, so today's is a step gentler. Build back up a little at a time."
            )
    if feeling == TOO_EASY and calm:
        if done == len(plan.LADDER) - 1:
            return routine_for(plan.STRENGTH, hour), _(
                "Your last session felt too easy: add one or two repetitions of each exercise today."
            )
        return routine_for(plan.LADDER[done + 1], hour), _(
            "Your last session felt too easy, so today's asks a little more of you."
        )
    return chosen
