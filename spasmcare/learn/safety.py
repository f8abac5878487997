"""The red-flag check and the rules around it, from ../shared/reference/safety-rules.md.

Three plain yes/no questions, each about a short list of signs, lead to one of four outcomes.
The outcome is remembered in the browser (a signed cookie, so it works without JavaScript) and
on the account when logged in. High or rising pain asks for the check again.
"""

from dataclasses import dataclass

from django.utils import timezone

COOKIE = "spasmcare_safety"
RELIEF_COOKIE = "spasmcare_relief_check"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365

EMERGENCY, URGENT, SOON, FINE = "emergency", "urgent", "soon", "fine"
STOPS_ROUTINES = {EMERGENCY, URGENT}

HIGH_PAIN = 7
PAIN_RISE = 3


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
        "Along with your back pain, do you have any of these?",
        (
            "Numbness or tingling around your genitals or bottom",
            "New trouble passing urine, or you can't control your bladder or bowels",
            "Weakness, numbness or pain in both legs, or legs that suddenly feel unsteady",
            "Pain that began after a serious fall or accident",
            "Chest pain",
            "A fever along with the back spasms",
        ),
    ),
    Question(
        "urgent_signs",
        URGENT,
        "Do any of these apply to you?",
        (
            "You feel generally unwell with the pain",
            "You have lost weight without trying",
            "A lump, or a change in the shape of your back",
            "Pain that doesn't ease when you rest, or is worse at night",
            "Pain between your shoulder blades",
            "New back pain when you have had cancer, have a weakened immune system, "
            "or take steroids long-term",
        ),
    ),
    Question(
        "see_soon_signs",
        SOON,
        "And any of these?",
        (
            "The pain is severe, or you have weakness or numbness in one arm or leg",
            "The pain keeps you from sleeping",
            "It has lasted longer than about two weeks, or isn't improving after a few weeks "
            "of home care",
            "It stops you doing everyday things, or you are finding it hard to cope",
        ),
    ),
)

RELIEF_QUESTIONS = (
    "Numbness or tingling around your genitals or bottom, or new trouble with your bladder or bowels",
    "Weakness or numbness in both legs, or legs that suddenly feel unsteady",
    "A fever, chest pain, or pain that began after a serious fall or accident",
)


def outcome_for(answers: dict[str, bool]) -> str:
    """The most serious outcome any 'yes' points to."""
    for question in QUESTIONS:
        if answers.get(question.name):
            return question.outcome
    return FINE


@dataclass
class SafetyState:
    outcome: str = ""
    due: bool = False

    @property
    def checked(self) -> bool:
        return bool(self.outcome)

    def blocks(self, routine) -> str:
        """Why this routine should not start now ('' if it may): 'first', 'due', 'stop' or
        'relief-only'."""
        if not self.checked:
            return "first"
        if self.outcome in STOPS_ROUTINES:
            return "stop"
        if self.due:
            return "due"
        if self.outcome == SOON and not routine.allowed_after_see_soon:
            return "relief-only"
        return ""


def read_state(request) -> SafetyState:
    if request.user.is_authenticated:
        user = request.user
        return SafetyState(outcome=user.safety_outcome, due=user.safety_check_due)
    outcome = request.get_signed_cookie(COOKIE, default="", max_age=COOKIE_MAX_AGE)
    return SafetyState(outcome=outcome if outcome in (EMERGENCY, URGENT, SOON, FINE) else "")


def remember(request, response, outcome: str) -> None:
    response.set_signed_cookie(
        COOKIE, outcome, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure()
    )
    if request.user.is_authenticated:
        user = request.user
        user.safety_outcome = outcome
        user.safety_checked_at = timezone.now()
        user.safety_check_due = False
        user.save(update_fields=["safety_outcome", "safety_checked_at", "safety_check_due"])


def latest_pain(session) -> int | None:
    return session.pain_after if session.pain_after is not None else session.pain_before


def pain_asks_for_recheck(new_scores: list[int | None], previous: int | None) -> bool:
    scores = [s for s in new_scores if s is not None]
    if not scores:
        return False
    if max(scores) >= HIGH_PAIN:
        return True
    return previous is not None and max(scores) - previous >= PAIN_RISE

