"""Every number the recovery features go by, with its source: the one place each is written.

Scores are whole numbers on the 0–10 scale. The facts come from ../shared/reference/outcomes.md
and exercise-facts.md; the pages that show a label name the source next to it (SOURCES).

- Pain is the person's own average over the last 7 days (0 none, 10 worst), asked once a week:
  the comparable weekly figure, not a before-and-after of one session. A change of about 2
  points, or about 30 %, is the usual threshold for a change that matters to the person
  (Ostelo et al., Spine 2008; Farrar et al., Pain 2001).
- Function is the Patient-Specific Functional Scale (Stratford et al., Physiotherapy Canada 1995,
  free to use): 3–5 activities the person names, each rated 0 (can't do it) to 10 (as before).
  Its minimal detectable change is about 2 points for the average of the activities and about 3
  for a single activity; less is within what a rating wobbles from week to week.
"""

from dataclasses import dataclass
from datetime import timedelta

SCALE = range(11)

# ---- What counts as a real change ----
PAIN_POINTS = 2  # Ostelo 2008, Farrar 2001
PAIN_SHARE = 0.30  # "or about 30 %" of where it started: the same sources
FUNCTION_AVERAGE_POINTS = 2  # PSFS, average of the activities (Stratford 1995)
FUNCTION_ACTIVITY_POINTS = 3  # PSFS, one activity on its own

# ---- Function goals and the weekly check-in ----
# The PSFS asks for three to five activities; one or two are still worth following, so fewer
# than three is allowed and the page asks for three.
MAX_ACTIVITIES = 5
SUGGESTED_ACTIVITIES = 3
CHECK_IN_EVERY = timedelta(days=7)
# Limits no person reaches and nobody can push past: activities ever followed (stopping one and
# adding another makes a new row) and flare-ups kept (one a week for twenty years).
MAX_ACTIVITIES_EVER = 100
MAX_FLARE_UPS = 1000  # asked at most weekly, on the history page only; skippable

# ---- Flare-up patterns ----
# Read from the newest few flare-ups; a trigger (or a help) named in at least two of them is a
# pattern worth saying. One flare-up is never a pattern.
PATTERN_FLARE_UPS = 5
PATTERN_AT_LEAST = 2

# ---- The plan ----
# Days at each step before the next, the last open-ended. Early on, add a repetition or two
# "every few days while it stays comfortable" (NHS inform); a week of each gentle step, then two
# weeks to bring strengthening in, reaches "regular strengthening two to three times a week"
# within a month. The lengths are this app's reading of "every few days" and "over a few weeks",
# not numbers from a trial.
STEP_DAYS = (7, 7, 14, None)
# Strengthening two to three times a week (outcomes.md, from NHS dosing): Monday, Wednesday and
# Friday, with a day between for the muscles to recover.
STRENGTH_WEEKDAYS = frozenset({0, 2, 4})
# A plan asks for some movement every day (NICE NG59: keep active), so its reminders come daily.
PLAN_REMINDER_WEEKDAYS = "0123456"
# A single rough day moves the plan one step, however many sessions that day said so.
MAX_STEPS_PER_DAY = 1

# How often back pain comes back, in words (da Silva et al. 2019: about 69 % within 12 months).
RECURRENCE_IN_A_YEAR = "about 7 in 10"

SOURCES = {
    "pain": "Ostelo et al., Spine 2008; Farrar et al., Pain 2001",
    "function": "Patient-Specific Functional Scale, Stratford et al., Physiotherapy Canada 1995",
    "recurrence": "da Silva et al., 2019 (PubMed 31208917)",
    "prevention": "Steffens et al., JAMA Internal Medicine 2016",
    "triggers": "Suri et al., Clinical Journal of Pain 2012",
    "keep_active": "NICE guideline NG59",
    "dosing": "NHS inform, Exercises for back pain; NHS, Lower back pain exercises",
}


# ---- Change ----

BETTER, SAME, WORSE = "better", "same", "worse"
LABELS = {BETTER: "Better", SAME: "About the same", WORSE: "Worse"}


@dataclass(frozen=True)
class Change:
    """A first and a latest score (0–10) and what the difference means. `kind` is BETTER, SAME
    or WORSE from the person's side: less pain is better, more function is better."""

    first: float
    latest: float
    kind: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def difference(self) -> float:
        return round(self.latest - self.first, 1)


def pain_change(first: float, latest: float) -> Change:
    """Weekly pain (0–10): a real change is at least PAIN_POINTS, or at least PAIN_SHARE of the
    first score (Ostelo 2008; Farrar 2001)."""
    drop = first - latest
    real = abs(drop) >= PAIN_POINTS or (first > 0 and abs(drop) >= PAIN_SHARE * first)
    kind = SAME if not real or drop == 0 else BETTER if drop > 0 else WORSE
    return Change(first, latest, kind)


def function_change(first: float, latest: float, *, single: bool) -> Change:
    """PSFS (0–10, higher is better): a real change is at least FUNCTION_ACTIVITY_POINTS for one
    activity, FUNCTION_AVERAGE_POINTS for the average of several (Stratford 1995)."""
    points = FUNCTION_ACTIVITY_POINTS if single else FUNCTION_AVERAGE_POINTS
    gain = latest - first
    # A small tolerance: an average of thirds (5.67 − 3.67) is 2 on paper, not 1.9999.
    kind = SAME if abs(gain) < points - 1e-9 else BETTER if gain > 0 else WORSE
    return Change(first, latest, kind)
