"""The red-flag check, the pain rules, the numbers to call and what each outcome still offers:
the one place they are defined, with every pain threshold the app goes by (the day's suggestion
and the "time to see a doctor" card read theirs from here too).

Every fact here comes from SOURCES.md beside this file (NHS back-pain guidance, the
physiotherapy pain-monitoring "traffic light", NICE NG59), where each has its source. The
player's JavaScript holds no copy: `player_rules()` hands it the thresholds already applied, as
lookup tables, through json_script.

Pain ratings are whole numbers on the 0–10 scale (0 none, 10 worst). Times are UTC.

Three yes/no questions, each about a short list of signs, lead to one of four outcomes. The
outcome is remembered in the browser (a signed cookie, so it works without JavaScript) and on the
account when logged in, together with when it was answered and the pain rating, if any, that led
to it. A high or rising rating asks the questions once per episode; it never blocks rest
positions and breathing, and never loops.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exercises.models import Exercise, Routine

COOKIE = "spasmcare_safety"
RELIEF_COOKIE = "spasmcare_relief_check"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
# Where the player keeps the last pain rating of someone without an account (localStorage).
LAST_PAIN_KEY = "spasmcare.last-pain"
# Where this phone keeps when its one-tap relief check was last answered "none of these"
# (localStorage, ms since the epoch): the cookie's twin, for a phone that answered offline.
RELIEF_KEY = "spasmcare.relief-checked"

EMERGENCY, URGENT, SOON, FINE = "emergency", "urgent", "soon", "fine"
OUTCOMES = (EMERGENCY, URGENT, SOON, FINE)

PAIN_SCALE = range(11)

# ---- When a rating asks the red-flag questions (SOURCES.md: "High pain on its own is not a red
# flag": a reason to ask the questions once for this episode, never a reason to withhold rest) ----
HIGH_PAIN = 7  # a rating this high asks the questions, and makes the day's suggestion gentle relief
PAIN_RISE = 3  # so does a rise this big since the last session's rating
# How long an answered check covers the same or a lower rating: one episode of a spasm, about
# a day's waking hours. A higher rating than the one answered for asks once more.
EPISODE = timedelta(hours=12)
# A rating this high is severe pain: on its own a reason to book a doctor (SOURCES.md: "Severe
# pain on its own belongs to 'see a doctor soon'"), so the see-soon question answers itself.
SEVERE_PAIN = 9
# The one-tap "Back spasm right now?" check asks about emergency signs only. It covers ratings
# below severe for the episode (7–8 is common in an acute spasm); a severe rating asks once
# more, about the urgent signs the short check leaves out.
RELIEF_CHECK_COVERS = SEVERE_PAIN - 1

# ---- The traffic light during exercise (SOURCES.md: "Pain during exercise") ----
# 0–3: carry on; the day's suggestion adds strengthening after three sessions in this zone, and a
# plan moves on only while the latest rating is in it (recovery/suggestions.py).
FINE_UP_TO = 3
LESS_UP_TO = 5  # 4–5: fine if it settles soon after; otherwise do less. 6+: stop that exercise
# Above this starting level (an acute spasm) the light follows change from the person's own start.
OWN_START_ABOVE = 3
RISE_DO_LESS = 2  # up by 2 from the start: do less
RISE_STOP = 3  # up by 3 or more: stop that exercise

CARRY_ON, DO_LESS, STOP_EXERCISE, STOP_ROUTINE = "carry-on", "do-less", "stop-exercise", "stop-routine"
LEVELS = (CARRY_ON, DO_LESS, STOP_EXERCISE, STOP_ROUTINE)
# Sharp or spreading pain stops that exercise whatever the number; new numbness, tingling or
# weakness stops the routine and shows the doctor guidance.
SHARP_OR_SPREADING = STOP_EXERCISE
NUMBNESS = STOP_ROUTINE

# With no starting rating (it is optional, and people in pain skip it), "This hurts" asks how
# the pain compares with the start; each answer stands for a change by this much.
CHANGES = {"same": 0, "more": RISE_DO_LESS, "much-more": RISE_STOP}

# What the "This hurts" dialog says at each level, and what the finish screen repeats. It offers
# only what the step has: the easier version is named only where there is one (EASIER).
ADVICE = {
    CARRY_ON: (
        gettext_lazy("Carry on"),
        gettext_lazy(
            "That's no more than when you started, or mild. Keep the movement slow and within comfort."
        ),
    ),
    DO_LESS: (
        gettext_lazy("Do a little less"),
        gettext_lazy(
            "That's fine if it settles soon afterwards and isn't worse tomorrow. Hold for less time, "
            "or move less far."
        ),
    ),
    STOP_EXERCISE: (
        gettext_lazy("Stop this exercise"),
        gettext_lazy(
            "This one isn't right for today. Skip to the next step, or end the routine and rest in a "
            "comfortable position."
        ),
    ),
    STOP_ROUTINE: (
        gettext_lazy("Stop the routine"),
        gettext_lazy("New numbness, tingling or weakness should be checked by a doctor."),
    ),
}
EASIER = {
    # Translators: {name} is the easier exercise's name; keep the braces as they are.
    DO_LESS: gettext_lazy("Or switch to the easier version, {name}."),
    # Translators: {name} is the easier exercise's name; keep the braces as they are.
    STOP_EXERCISE: gettext_lazy("Or try the easier version, {name}."),
}
# A rest position or slow breathing is not exercise (SOURCES.md: resting in a comfortable
# position stays available): the advice never tells a person to stop resting.
REST_ADVICE = {
    CARRY_ON: (
        gettext_lazy("Carry on resting"),
        gettext_lazy(
            "That's no more than when you started. Stay as you are, or shift a little until you are "
            "comfortable, and keep your breathing slow."
        ),
    ),
    DO_LESS: (
        gettext_lazy("Make yourself more comfortable"),
        gettext_lazy(
            "Resting can take a while to ease a spasm. Shift slowly until the position hurts less, "
            "and let each breath out slowly."
        ),
    ),
    STOP_EXERCISE: (
        gettext_lazy("Try another position"),
        gettext_lazy(
            "This position isn't easing it. Move slowly into whichever hurts least: on your back with "
            "your lower legs on a chair, or on your side with a pillow between your knees. Resting "
            "and slow breathing are safe to carry on with."
        ),
    ),
    STOP_ROUTINE: ADVICE[STOP_ROUTINE],
}


def traffic_light_lines() -> list[tuple[str, str, str]]:
    """The traffic light in words, from the thresholds above, in the active language:
    (colour, lead-in, advice)."""
    return [
        ("green", _("0–%(fine)s out of 10:") % {"fine": FINE_UP_TO}, _("that's fine, carry on.")),
        (
            "amber",
            _("%(low)s–%(high)s out of 10:") % {"low": FINE_UP_TO + 1, "high": LESS_UP_TO},
            _(
                "OK if it settles soon afterwards and isn't worse the next day. Otherwise do less: "
                "a shorter hold, a smaller movement or the easier version."
            ),
        ),
        (
            "red",
            _("%(stop)s or more, or sharp or spreading pain:") % {"stop": LESS_UP_TO + 1},
            _("stop that exercise. Try the easier version, or finish for today."),
        ),
        (
            "amber",
            _("Started above %(start)s, in a spasm?") % {"start": OWN_START_ABOVE},
            _(
                "Go by how it changes from where you started: the same or easing, carry on; up by "
                "%(less)s, do less; up by %(stop)s or more, stop that exercise."
            )
            % {"less": RISE_DO_LESS, "stop": RISE_STOP},
        ),
        ("red", _("New numbness, tingling or weakness:"), _("stop, and speak to a doctor.")),
    ]


@dataclass(frozen=True)
class Question:
    name: str
    outcome: str
    question: str
    signs: tuple[str, ...]


QUESTIONS = (
    Question(
        "emergency_signs",
        EMERGENCY,
        gettext_lazy("Along with your back pain, do you have any of these?"),
        (
            gettext_lazy("Numbness or tingling around your genitals or bottom"),
            gettext_lazy("New trouble passing urine, or you can't control your bladder or bowels"),
            gettext_lazy("Weakness, numbness or pain in both legs, or legs that suddenly feel unsteady"),
            gettext_lazy("Pain that began after a serious fall or accident"),
            gettext_lazy("Chest pain"),
            gettext_lazy("A fever along with the back spasms"),
        ),
    ),
    Question(
        "urgent_signs",
        URGENT,
        gettext_lazy("Do any of these apply to you?"),
        (
            gettext_lazy("A temperature of 38 °C or more, or you feel generally unwell with the pain"),
            gettext_lazy("You have lost weight without trying"),
            gettext_lazy("A lump, or a change in the shape of your back"),
            # Worded so a spasm that just makes lying or turning over uncomfortable is a "no":
            # the sign is pain that no position or rest eases, or that is worst at night.
            gettext_lazy(
                "Pain that doesn't ease in any position, even lying still, or that is at its worst "
                "at night (not just sore when you move or turn over)"
            ),
            gettext_lazy("Pain between your shoulder blades"),
            gettext_lazy(
                "New back pain when you have had cancer, have a weakened immune system, "
                "or take steroids long-term"
            ),
        ),
    ),
    Question(
        "see_soon_signs",
        SOON,
        gettext_lazy("And any of these?"),
        (
            gettext_lazy("The pain is severe, or you have weakness or numbness in one arm or leg"),
            gettext_lazy("The pain keeps you from sleeping"),
            gettext_lazy(
                "It has lasted longer than about two weeks, or isn't improving after a few weeks of home care"
            ),
            gettext_lazy("It stops you doing everyday things, or you are finding it hard to cope"),
        ),
    ),
)

RELIEF_QUESTIONS = (
    gettext_lazy(
        "Numbness or tingling around your genitals or bottom, or new trouble with your bladder or bowels"
    ),
    gettext_lazy("Weakness or numbness in both legs, or legs that suddenly feel unsteady"),
    gettext_lazy("A fever, chest pain, or pain that began after a serious fall or accident"),
)


def outcome_for(answers: dict[str, bool]) -> str:
    """The most serious outcome any 'yes' points to."""
    for question in QUESTIONS:
        if answers.get(question.name):
            return question.outcome
    return FINE


# ---- The pain rules ----


def traffic_light(
    start: int | None, now: int, sharp: bool = False, numbness: bool = False, change: str | None = None
) -> str:
    """What to do about pain during an exercise: CARRY_ON, DO_LESS, STOP_EXERCISE or STOP_ROUTINE.

    `start` is the rating given before the routine began (None if the person skipped it), `now`
    the rating in the "This hurts" dialog, both 0–10. Starting at 0–3, or with no start, the
    fixed light applies (0–3 carry on, 4–5 do less, 6+ stop that exercise); starting above 3,
    the light follows change from that start (same or easing: carry on, up 1: carry on, up 2: do
    less, up 3+: stop that exercise). A one-point change is within how much a rating wobbles from
    moment to moment, so it carries on. With no start, `change` (a key of CHANGES: how the pain
    compares with the start, in the person's words) stands in for it. Source: SOURCES.md,
    "Pain during exercise".
    """
    if numbness:
        return NUMBNESS
    if sharp:
        return SHARP_OR_SPREADING
    if start is None and change in CHANGES:
        start = max(0, now - CHANGES[change])
    if start is not None and start > OWN_START_ABOVE:
        rise = now - start
        if rise >= RISE_STOP:
            return STOP_EXERCISE
        if rise >= RISE_DO_LESS:
            return DO_LESS
        return CARRY_ON
    if now <= FINE_UP_TO:
        return CARRY_ON
    if now <= LESS_UP_TO:
        return DO_LESS
    return STOP_EXERCISE


def rating_asks_for_check(rating: int, last_pain: int | None, covered_up_to: int | None) -> bool:
    """Whether a rating before a routine asks the red-flag questions first.

    `rating` is 0–10; `last_pain` the latest rating of the person's previous session (None if
    there is none: a first rating has nothing to be higher than); `covered_up_to` the highest
    rating a check answered in this episode covers (None if none was answered). High (7+) or
    rising (3+ since the last session) pain asks, unless this episode's answer already covers
    the same or a higher rating. Answering covers the rating it was asked for, so no path loops.
    """
    high = rating >= HIGH_PAIN
    rising = last_pain is not None and rating - last_pain >= PAIN_RISE
    if not (high or rising):
        return False
    return covered_up_to is None or rating > covered_up_to


# ---- What the person has answered ----


@dataclass
class SafetyState:
    """The person's latest full check (outcome, when, at which pain rating) and whether this
    browser answered the one-tap relief check within the episode."""

    outcome: str = ""
    answered_at: datetime | None = None
    pain: int | None = None
    relief_checked: bool = False

    @property
    def checked(self) -> bool:
        return bool(self.outcome)

    def covered_up_to(self, now: datetime | None = None) -> int | None:
        """The highest pain rating this episode's answers cover (None: nothing answered lately).
        A full check answered without a rating (from the first-routine gate, say) covers any."""
        now = now or timezone.now()
        covered = []
        if self.outcome and self.answered_at and now - self.answered_at < EPISODE:
            covered.append(10 if self.pain is None else self.pain)
        if self.relief_checked:
            covered.append(RELIEF_CHECK_COVERS)
        return max(covered, default=None)

    def blocks(self, routine) -> str:
        """Why this routine should not start now ('' if it may): 'first' (nothing answered
        yet), 'stop' (emergency; or urgent, for anything but rest and breathing) or
        'relief-only' (see a doctor soon: gentle relief, rest and breathing only)."""
        if self.outcome == EMERGENCY:
            return "stop"
        if not self.checked:
            return "" if self.relief_checked and is_relief(routine) else "first"
        if allowed_after(routine, self.outcome):
            return ""
        return "stop" if self.outcome == URGENT else "relief-only"


def is_relief(routine) -> bool:
    """A routine the one-tap relief check is enough for: gentle relief, or rest and breathing."""
    return routine.rest_only or routine.gentle_relief


def allowed_after(routine, outcome: str) -> bool:
    """Whether `routine` may be played after a check with this outcome: anything when fine;
    gentle relief, rest and breathing when a doctor should be seen soon; rest and breathing only
    (not exercise) while waiting to see a doctor today; nothing in an emergency."""
    if outcome == FINE:
        return True
    if outcome == SOON:
        return routine.rest_only or routine.allowed_after_see_soon
    if outcome == URGENT:
        return routine.rest_only
    return False


def routines_offered(outcome: str):
    """The published routines an outcome still offers, as a QuerySet: rest positions and slow
    breathing while waiting to see a doctor today (URGENT), and gentle relief too when an
    appointment is to be booked (SOON), the gentle relief routines first; none in an emergency
    and none for FINE, which allows everything. The same rule as `allowed_after`."""
    published = Routine.objects.published()
    if outcome == URGENT:
        return published.rest_and_breathe().order_by("name")
    if outcome == SOON:
        return published.relief_or_rest().order_by("-gentle_relief", "name")
    return published.none()


# ---- Pain that doesn't ease: time to see a doctor (SOURCES.md: see a doctor soon when pain
# "lasts longer than about two weeks, or is not improving") ----
# Every rating above the traffic light's green zone, in every session, for this many days.
PERSISTENT_PAIN = FINE_UP_TO + 1
PERSISTENT_DAYS = 14


@dataclass
class PersistentPain:
    since: date
    latest: int
    first: int
    sessions: int
    at_least: int = PERSISTENT_PAIN


def persistent_pain(recent: list[dict]) -> PersistentPain | None:
    """Pain rated PERSISTENT_PAIN or more in every recent session for PERSISTENT_DAYS or longer,
    without getting better: worth a doctor's view. `recent` is the newest sessions with a rating,
    newest first, each {local_date, pain_before, pain_after, latest_pain} (ratings 0–10 or None;
    history.models.recent_pain reads them). None when the run is shorter or has eased."""
    run = []
    for row in recent:
        scores = [p for p in (row["pain_before"], row["pain_after"]) if p is not None]
        if min(scores) < PERSISTENT_PAIN:
            break
        run.append((row["local_date"], row["latest_pain"]))
    if len(run) < 2:
        return None
    (newest_day, latest), (oldest_day, first) = run[0], run[-1]
    if (newest_day - oldest_day).days < PERSISTENT_DAYS or latest < first:
        return None
    return PersistentPain(since=oldest_day, latest=latest, first=first, sessions=len(run))


def _parse_cookie(value: str) -> tuple[str, datetime | None, int | None]:
    # "outcome|pain|unix seconds"; a plain outcome is an answer from before times were kept.
    outcome, _, rest = value.partition("|")
    pain_text, _, at_text = rest.partition("|")
    if outcome not in OUTCOMES:
        return "", None, None
    try:
        at = datetime.fromtimestamp(int(at_text), UTC) if at_text else None
        pain = int(pain_text) if pain_text else None
    except (ValueError, OverflowError, OSError):
        return outcome, None, None
    return outcome, at, pain if pain in PAIN_SCALE else None


def has_relief_check(request) -> bool:
    return bool(request.get_signed_cookie(RELIEF_COOKIE, default="", max_age=EPISODE.total_seconds()))


def read_state(request) -> SafetyState:
    relief_checked = has_relief_check(request)
    if request.user.is_authenticated:
        user = request.user
        return SafetyState(user.safety_outcome, user.safety_checked_at, user.safety_pain, relief_checked)
    value = request.get_signed_cookie(COOKIE, default="", max_age=COOKIE_MAX_AGE)
    return SafetyState(*_parse_cookie(value), relief_checked=relief_checked)


def remember(request, response, outcome: str, pain: int | None = None) -> None:
    """Keep a full check's answer in this browser and, signed in, on the account."""
    now = timezone.now()
    value = f"{outcome}|{'' if pain is None else pain}|{int(now.timestamp())}"
    response.set_signed_cookie(
        COOKIE, value, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure()
    )
    if request.user.is_authenticated:
        user = request.user
        user.safety_outcome = outcome
        user.safety_checked_at = now
        user.safety_pain = pain
        user.save(update_fields=["safety_outcome", "safety_checked_at", "safety_pain"])


def remember_relief_check(request, response) -> None:
    """'None of these' on the one-tap relief check, kept in this browser for the episode."""
    response.set_signed_cookie(
        RELIEF_COOKIE,
        "no-emergency-signs",
        max_age=int(EPISODE.total_seconds()),
        samesite="Lax",
        secure=request.is_secure(),
    )


def parse_pain(value: str) -> int | None:
    """A rating sent as text ("0"–"10", ASCII digits only), or None for anything else."""
    return int(value) if re.fullmatch(r"[0-9]{1,2}", value or "") and int(value) in PAIN_SCALE else None


# ---- Numbers to call ----


def call_numbers() -> dict[str, str]:
    """The emergency number and the urgent medical advice line (may be empty) from settings,
    each with the digits a tel: link dials."""
    emergency = settings.SPASMCARE_EMERGENCY_NUMBER
    advice = settings.SPASMCARE_ADVICE_NUMBER
    return {
        "emergency": emergency,
        "emergency_tel": tel(emergency),
        "advice": advice,
        "advice_tel": tel(advice),
    }


def tel(number: str) -> str:
    return "".join(c for c in number if c.isdigit() or c == "+")


# ---- What the player is handed ----


def player_rules(routine, state: SafetyState, last_pain: int | None) -> dict:
    """Everything the player needs to apply the rules, with the thresholds already applied.

    `askCheck` maps the last session's rating ("none" or "0"–"10") to eleven booleans, one per
    rating now: the player looks up the person's last rating (the account's, or the one kept on
    this phone) and never compares numbers itself; `askCheckAfterRelief` is the same for a phone
    that answered the one-tap check (RELIEF_KEY) where the server couldn't see it. A rating that
    asks shows the questions in the player: `severe[n]` says whether rating n answers the
    see-soon question itself, `questions` gives each question's outcome in order, and
    `allowedAfter[outcome]` whether this routine may start after it. `light` maps a starting
    rating ("none" or "0"–"10") to the traffic-light level of each rating now, and
    `lightByChange` a comparison with the start (CHANGES) when there is no start.
    """
    rest_only = routine.rest_only
    starts = {"none": None, **{str(n): n for n in PAIN_SCALE}}
    relieved = SafetyState(state.outcome, state.answered_at, state.pain, relief_checked=True)

    def asks(covered):
        # Rest positions and breathing are not exercise: a rating never asks for a check first.
        return {
            key: [not rest_only and rating_asks_for_check(n, last, covered) for n in PAIN_SCALE]
            for key, last in starts.items()
        }

    return {
        "lastPain": last_pain,
        "lastPainKey": LAST_PAIN_KEY,
        "reliefKey": RELIEF_KEY,
        "reliefChecked": state.relief_checked,
        "episodeMs": int(EPISODE.total_seconds() * 1000),
        "askCheck": asks(state.covered_up_to()),
        "askCheckAfterRelief": asks(relieved.covered_up_to()),
        "severe": [n >= SEVERE_PAIN for n in PAIN_SCALE],
        # The one-tap check asks the emergency signs; a severe rating is itself the see-soon sign.
        "questions": [
            {
                "name": q.name,
                "outcome": q.outcome,
                "coveredByRelief": q.outcome == EMERGENCY,
                "answeredBySevere": q.outcome == SOON,
            }
            for q in QUESTIONS
        ],
        "fineOutcome": FINE,
        "allowedAfter": {outcome: allowed_after(routine, outcome) for outcome in OUTCOMES},
        "light": {key: [traffic_light(start, n) for n in PAIN_SCALE] for key, start in starts.items()},
        "lightByChange": {c: [traffic_light(None, n, change=c) for n in PAIN_SCALE] for c in CHANGES},
        "sharpLevel": SHARP_OR_SPREADING,
        "numbnessLevel": NUMBNESS,
        "restKinds": [Exercise.Kind.RELIEF],
        "advice": {
            level: {"heading": h, "text": t, "easier": EASIER.get(level, "")}
            for level, (h, t) in ADVICE.items()
        },
        "restAdvice": {level: {"heading": h, "text": t} for level, (h, t) in REST_ADVICE.items()},
    }
