"""Today's suggested routine and the persistent-pain nudge: simple rules a person can see.

Both read the latest sessions only (one query each), whatever the length of the history.
"""

from dataclasses import dataclass
from datetime import date

from exercises.models import Routine

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
    if user is not None and user.is_authenticated:
        recent = list(CompletedSession.objects.for_user(user).values("pain_before", "pain_after")[:5])
        hour = user.local_now().hour
    slug, reason = choose(recent, hour)
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
