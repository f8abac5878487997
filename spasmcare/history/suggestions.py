"""Today's suggested routine and the persistent-pain nudge: simple rules a person can see.

Both read the latest sessions only (one query each), whatever the length of the history. With a
recovery plan running, the plan says what kind of day it is (four queries more); and how the
last session felt moves the suggestion a rung along recovery.plan.LADDER (`adjust`).
"""

from dataclasses import dataclass
from datetime import date

from exercises.models import Routine
from spasmcare.learn import safety
from spasmcare.recovery import plan

from .models import CompletedSession

# Gentle, all-round routines for the time of day: (first local hour, slug), earliest first. A
# reminder at 23:30 or 02:00 suggests winding down, never "Morning mobility".
EVERYDAY_BY_HOUR = [
    (0, "evening-wind-down"),
    (5, "morning-mobility"),
    (11, "desk-break"),
    (17, "evening-wind-down"),
]
RELIEF = "spasm-relief"
STRENGTH = ("gentle-core", "hips-and-glutes")
PERSISTENT_PAIN = 4
PERSISTENT_DAYS = 14
PERSISTENT_SESSIONS = 60


@dataclass
class Suggestion:
    routine: Routine
    reason: str


def _pain(row: dict) -> int | None:
    return row["pain_after"] if row["pain_after"] is not None else row["pain_before"]


def everyday_routine(hour: int) -> str:
    """The gentle all-round routine that fits a local hour (0–23)."""
    return [slug for first, slug in EVERYDAY_BY_HOUR if hour >= first][-1]


def choose(recent: list[dict], hour: int) -> tuple[str, str]:
    """(routine slug, why) from the newest sessions first, at a local hour (0–23)."""
    if not recent:
        return everyday_routine(hour), "New here? This short, gentle routine is a good first one."
    pains = [p for p in (_pain(r) for r in recent) if p is not None]
    last = pains[0] if pains else None
    if last is not None and last >= 7:
        return RELIEF, f"Your last pain score was {last} out of 10, so today is for gentle relief only."
    if last is not None and last >= 4:
        return everyday_routine(
            hour
        ), f"Your pain was {last} out of 10 last time: gentle stretching today, nothing strenuous."
    if len(pains) >= 3 and all(p <= 3 for p in pains[:3]):
        slug = STRENGTH[len(recent) % len(STRENGTH)]
        return (
            slug,
            "Your last three pain scores were 3 or lower, so it's a good time to add gentle strengthening.",
        )
    return everyday_routine(hour), "Low pain lately: keep the habit going with gentle, all-round movement."


def todays_suggestion(user) -> Suggestion | None:
    recent = []
    hour = 9
    plan_state = None
    if user is not None and user.is_authenticated:
        recent = list(
            CompletedSession.objects.for_user(user).values(
                "pain_before", "pain_after", "feeling", "routine__goal"
            )[:5]
        )
        hour = user.local_now().hour
        plan_state = plan.current_state(user)
    slug, reason = adjust(choose(recent, hour), recent, hour, plan_state)
    routine = Routine.objects.published().filter(slug=slug).first() or Routine.objects.published().first()
    return Suggestion(routine, reason) if routine else None


@dataclass
class PersistentPain:
    since: date
    latest: int
    first: int
    sessions: int


def recent_pain(user) -> list[dict]:
    """The newest sessions with a pain score, newest first: as many as `persistent_pain` may
    need, and the history page's pain chart takes the newest of them too."""
    return list(
        CompletedSession.objects.for_user(user)
        .with_pain()
        .values("local_date", "pain_before", "pain_after")[:PERSISTENT_SESSIONS]
    )


def persistent_pain(user, recent: list[dict] | None = None) -> PersistentPain | None:
    """Pain logged at 4 or more in every recent session for 14 days or longer, without getting
    better, is worth a doctor's view. `recent` is `recent_pain(user)` if already read."""
    run = []
    for row in recent_pain(user) if recent is None else recent:
        scores = [p for p in (row["pain_before"], row["pain_after"]) if p is not None]
        if min(scores) < PERSISTENT_PAIN:
            break
        run.append((row["local_date"], _pain(row)))
    if len(run) < 2:
        return None
    (newest_day, latest), (oldest_day, first) = run[0], run[-1]
    if (newest_day - oldest_day).days < PERSISTENT_DAYS or latest < first:
        return None
    return PersistentPain(since=oldest_day, latest=latest, first=first, sessions=len(run))


# ---- The plan, and what the person said about their last session ----
# "Too hard" steps down a rung from the routine that felt too hard, whatever else applies: a
# gentler routine is always safe. "Too easy" steps up, and the plan sets the kind of day, only
# while pain is in the traffic light's green zone (safety.FINE_UP_TO); above it, choose()'s pain
# rules stand. Pacing: start from what was managed recently, then build up gradually (Guy's and
# St Thomas' physiotherapy leaflet, ../shared/reference/exercise-facts.md).

WALK = "light-walk"
RUNG_OF_GOAL = {Routine.Goal.RELIEF: 0, Routine.Goal.EVERYDAY: 1, Routine.Goal.STRENGTH: 2}
TOO_HARD, TOO_EASY = CompletedSession.Feeling.TOO_HARD, CompletedSession.Feeling.TOO_EASY


def routine_for(kind: str, hour: int, count: int) -> str:
    """The routine for a kind of day (recovery.plan). `count` takes turns between the
    strengthening routines; a mobility day is the gentle all-round routine choose() offers at
    this local hour."""
    if kind == plan.GENTLE:
        return RELIEF
    if kind == plan.STRENGTH:
        return STRENGTH[count % len(STRENGTH)]
    if kind == plan.WALK:
        return WALK
    return choose([], hour)[0]


def _rung_of_slug(slug: str) -> int:
    return 0 if slug == RELIEF else len(plan.LADDER) - 1 if slug in STRENGTH else 1


def adjust(chosen: tuple[str, str], recent: list[dict], hour: int, plan_state) -> tuple[str, str]:
    """choose()'s (slug, why), moved by the running plan (a recovery.plan.PlanState, or None)
    and by how the newest session (recent[0]: feeling, routine__goal) felt."""
    pains = [p for p in (_pain(r) for r in recent) if p is not None]
    calm = not pains or pains[0] <= safety.FINE_UP_TO
    last = recent[0] if recent else {}
    feeling = last.get("feeling")
    done = RUNG_OF_GOAL.get(last.get("routine__goal"), 1)  # the rung of the routine last done

    if plan_state is not None and calm:
        kind = plan_state.kind_today
        if feeling == TOO_HARD and plan.rung(kind) > max(0, done - 1):
            kind = plan.LADDER[max(0, done - 1)]
        return routine_for(kind, hour, len(recent)), plan_state.reason_for(kind)
    if feeling == TOO_HARD:
        if done == 0:
            return RELIEF, (
                "Your last session felt too hard. Today, the gentlest routine again, with fewer "
                "repetitions or shorter holds: start from what you managed and build up slowly."
            )
        if _rung_of_slug(chosen[0]) >= done:
            return routine_for(plan.LADDER[done - 1], hour, len(recent)), (
                "Your last session felt too hard, so today's is a step gentler. Build back up a little at a time."
            )
    if feeling == TOO_EASY and calm:
        if done == len(plan.LADDER) - 1:
            return routine_for(plan.STRENGTH, hour, len(recent)), (
                "Your last session felt too easy: add one or two repetitions of each exercise today."
            )
        return routine_for(plan.LADDER[done + 1], hour, len(recent)), (
            "Your last session felt too easy, so today's asks a little more of you."
        )
    return chosen
