"""The plan to keep the next flare-up away: four steps from gentle daily movement to regular
strengthening two to three times a week, following the NHS dosing and progression in
spasmcare/safety/SOURCES.md ("Dosing and progression", "Flare-ups, recurrence and prevention").

Which step a plan is at is worked out, never stored: from the day it started, the step lengths
(rules.STEP_DAYS) and what happened since, replayed in order (`replay`):
- a session that felt too hard moves it back a step, one that felt too easy forward a step
  (pacing: start again from what was managed recently, then build up), and the step's clock
  starts again that day;
- a weekly check-in whose pain is worse than the one before (rules.pain_change) moves it back;
- a new flare-up starts it again from the first step.
So the plan reads the same on every page and in every reminder, and nothing has to run as the
weeks pass. Suggestions (suggestions.py) turn a step's kind of day into a routine.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spasmcare.history.models import CompletedSession

from . import rules
from .models import CheckIn, FlareUp, Plan

# Kinds of day, gentlest first; suggestions.py picks the routine for each.
GENTLE, MOBILITY, STRENGTH, WALK = "gentle", "mobility", "strength", "walk"
LADDER = (GENTLE, MOBILITY, STRENGTH)
KIND_WORDS = {
    GENTLE: gettext_lazy("gentle movements lying down"),
    MOBILITY: gettext_lazy("gentle mobility"),
    STRENGTH: gettext_lazy("a strengthening day"),
    WALK: gettext_lazy("a day for walking or anything active you enjoy"),
}


def rung(kind: str) -> int:
    """Where a kind of day stands on LADDER; a walking day is as easy as a mobility one."""
    return LADDER.index(MOBILITY if kind == WALK else kind)


def _strength_days() -> str:
    names = [calendar.day_name[d] for d in sorted(rules.STRENGTH_WEEKDAYS)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


STRENGTH_DAYS = _strength_days()


@dataclass(frozen=True)
class Step:
    title: str
    dose: str
    why: str
    source: str
    # The kind of day on strengthening days (rules.STRENGTH_WEEKDAYS) and on the others.
    strength_days: str
    other_days: str

    def kind_on(self, day: date) -> str:
        return self.strength_days if day.weekday() in rules.STRENGTH_WEEKDAYS else self.other_days


STEPS = (
    Step(
        gettext_lazy("Gentle movement every day"),
        "About 5 repetitions of each gentle movement, up to 3 times a day. Add 1 or 2 repetitions "
        "every few days while it stays comfortable, and take a short walk at an easy pace.",
        "Moving gently helps a back settle after a flare-up; staying in bed for long makes the "
        "pain likely to last longer.",
        "NHS inform, Exercises for back pain; NHS; Lancet low back pain series, 2018",
        GENTLE,
        GENTLE,
    ),
    Step(
        gettext_lazy("Moving more freely"),
        "8 to 10 repetitions of each movement, every day, with walking, swimming or yoga "
        "alongside if you enjoy them.",
        "Once you move more easily, a little more each day builds back what the flare-up took.",
        "NHS, Lower back pain exercises",
        MOBILITY,
        MOBILITY,
    ),
    Step(
        gettext_lazy("Adding strength"),
        f"A strengthening routine on {STRENGTH_DAYS}, and your mobility routine on the other days. "
        "Start each new exercise with a few repetitions.",
        "Exercise together with learning about your back cut the chance of another episode over "
        "the next year by almost half in the trials (risk ratio about 0.55).",
        rules.SOURCES["prevention"],
        STRENGTH,
        MOBILITY,
    ),
    Step(
        gettext_lazy("Keep it going"),
        f"Strengthening two or three times a week ({STRENGTH_DAYS} here), and stay active in any "
        "way you enjoy on the other days: a walk counts.",
        f"{rules.RECURRENCE_IN_A_YEAR.capitalize()} people have another episode within a year of "
        "getting better, and exercise only protects while it carries on: the effect fades after it stops.",
        f"{rules.SOURCES['recurrence']}; {rules.SOURCES['prevention']}; {rules.SOURCES['keep_active']}",
        STRENGTH,
        WALK,
    ),
)
assert len(STEPS) == len(rules.STEP_DAYS)
# From the first step to the last, open-ended one.
WEEKS_TO_LAST_STEP = sum(days for days in rules.STEP_DAYS if days) // 7

TOO_HARD, TOO_EASY, WORSE_PAIN, NEW_FLARE_UP = "too_hard", "too_easy", "worse_pain", "flare_up"

# Sent with the plan (plan=Plan) when one starts or stops. The reminders follow a plan that
# drives them (spasmcare/reminders/plans.py); they sit above this app, so they listen here
# instead of being called. A receiver of `stopped` answers True if it gave the reminders back.
started = Signal()
stopped = Signal()


@dataclass(frozen=True)
class Event:
    """Something that moves the plan: on the person's `day`, `kind` one of TOO_HARD, TOO_EASY,
    WORSE_PAIN, NEW_FLARE_UP."""

    day: date
    kind: str


@dataclass(frozen=True)
class Move:
    """A change of step the events caused: on `day`, from step index `before` to `after`."""

    day: date
    kind: str
    before: int
    after: int

    @property
    def explanation(self) -> str:
        words = {"day": date_format(self.day, "l j F")}
        if self.kind == NEW_FLARE_UP:
            return (
                _("You recorded a flare-up starting %(day)s, so the plan began again from the first step.")
                % words
            )
        if self.kind == TOO_EASY:
            return _("Your session on %(day)s felt too easy, so the plan moved on a step.") % words
        if self.kind == TOO_HARD:
            return (
                _("Your session on %(day)s felt too hard, so the plan stepped back to build up again.")
                % words
            )
        return _("Your check-in on %(day)s found your pain worse, so the plan stepped back.") % words


def _advance(index: int, since: date, day: date) -> tuple[int, date]:
    """Move through the steps whose time has run out by `day`."""
    while rules.STEP_DAYS[index] is not None:
        ends = since + timedelta(days=rules.STEP_DAYS[index])
        if ends > day:
            break
        index, since = index + 1, ends
    return index, since


def replay(started_on: date, events: list[Event], today: date) -> tuple[int, date, Move | None]:
    """(step index, the day that step began, the last move events caused) on `today`.

    Events on one day are taken together: a new flare-up starts again; otherwise too-easy
    sessions count +1 and too-hard sessions and worse pain −1, and the day moves at most
    rules.MAX_STEPS_PER_DAY in the direction of the sum."""
    by_day: dict[date, list[str]] = {}
    for event in events:
        if started_on <= event.day <= today:
            by_day.setdefault(event.day, []).append(event.kind)
    index, since, last = 0, started_on, None
    for day in sorted(by_day):
        index, since = _advance(index, since, day)
        kinds = by_day[day]
        if NEW_FLARE_UP in kinds:
            last = Move(day, NEW_FLARE_UP, index, 0)
            index, since = 0, day
            continue
        total = sum(+1 if k == TOO_EASY else -1 for k in kinds)
        step = max(-rules.MAX_STEPS_PER_DAY, min(rules.MAX_STEPS_PER_DAY, total))
        after = max(0, min(len(STEPS) - 1, index + step))
        if after != index:
            kind = TOO_EASY if step > 0 else (TOO_HARD if TOO_HARD in kinds else WORSE_PAIN)
            last = Move(day, kind, index, after)
            index, since = after, day
    index, since = _advance(index, since, today)
    return index, since, last


@dataclass
class PlanState:
    plan: Plan
    today: date
    index: int
    since: date
    last_move: Move | None

    @property
    def step(self) -> Step:
        return STEPS[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(STEPS)

    @property
    def day_of_step(self) -> int:
        return (self.today - self.since).days + 1

    @property
    def next_step_on(self) -> date | None:
        days = rules.STEP_DAYS[self.index]
        return None if days is None else self.since + timedelta(days=days)

    @property
    def kind_today(self) -> str:
        return self.step.kind_on(self.today)

    @property
    def recent_move(self) -> Move | None:
        """The move that put the plan on this step, if the step began with it."""
        return self.last_move if self.last_move and self.last_move.day == self.since else None

    def steps(self) -> list[tuple[int, Step, str]]:
        """Every step with its number and "done", "now" or "next"."""
        return [
            (i + 1, step, "done" if i < self.index else "now" if i == self.index else "next")
            for i, step in enumerate(STEPS)
        ]

    def reason_for(self, kind: str) -> str:
        """Why today's suggestion is what it is, in a sentence or two. `kind` is today's kind of
        day: the plan's own, or one rung gentler after a session that felt too hard."""
        words = {"number": self.number, "step": str(self.step.title).lower(), "today": KIND_WORDS[kind]}
        if kind != self.kind_today:
            text = (
                _(
                    "Step %(number)d of your plan, %(step)s: today is %(today)s, a step gentler than "
                    "planned because your last session felt too hard."
                )
                % words
            )
        else:
            text = _("Step %(number)d of your plan, %(step)s: today is %(today)s.") % words
        if self.recent_move:
            text += " " + self.recent_move.explanation
        return text

    @property
    def reason(self) -> str:
        return self.reason_for(self.kind_today)


def events_for(plan: Plan, check_ins: list[tuple[date, int]] | None = None) -> list[Event]:
    """What moved the plan since it started: three small queries, whatever the history's length.
    `check_ins` is the person's answered pain check-ins, oldest first, if already read."""
    user = plan.user_id
    feel = CompletedSession.Feeling
    events = [
        Event(day, TOO_HARD if feeling == feel.TOO_HARD else TOO_EASY)
        for day, feeling in CompletedSession.objects.filter(
            user_id=user, started_at__gte=plan.started_at, feeling__in=[feel.TOO_HARD, feel.TOO_EASY]
        )
        .order_by()
        .values_list("local_date", "feeling")
    ]
    if check_ins is None:
        check_ins = list(
            CheckIn.objects.filter(user_id=user, pain__isnull=False)
            .answered()
            .order_by("local_date")
            .values_list("local_date", "pain")
        )
    for (_earlier, before), (day, pain) in zip(check_ins, check_ins[1:], strict=False):
        if day >= plan.started_on and rules.pain_change(before, pain).kind == rules.WORSE:
            events.append(Event(day, WORSE_PAIN))
    newest = (
        FlareUp.objects.filter(user_id=user, created__gt=plan.started_at, started_on__gte=plan.started_on)
        .exclude(pk=plan.flare_up_id)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    if newest:
        events.append(Event(newest, NEW_FLARE_UP))
    return events


def state_of(plan: Plan, today: date, check_ins: list[tuple[date, int]] | None = None) -> PlanState:
    index, since, last = replay(plan.started_on, events_for(plan, check_ins), today)
    return PlanState(plan, today, index, since, last)


def running_plan(user) -> Plan | None:
    return Plan.objects.for_user(user).running().first()


def current_state(user, check_ins: list[tuple[date, int]] | None = None) -> PlanState | None:
    """Where the person's running plan is today (None without one): one query without a plan,
    four with one."""
    plan = running_plan(user)
    return state_of(plan, user.local_today(), check_ins) if plan else None


# ---- Starting and stopping, and the reminders ----


@transaction.atomic
def start(user, *, remind: bool, flare_up: FlareUp | None = None) -> Plan:
    """Start a plan today. With `remind`, the reminder comes every day at its usual time (a new
    reminder at the default time if there was none) and suggests the plan's routine; its own
    days and on/off are kept on the plan and given back by `stop` (both by the reminders app,
    through `started` and `stopped`). Raises IntegrityError if a plan is already running."""
    plan = Plan(user=user, started_on=user.local_today(), flare_up=flare_up, drives_reminders=remind)
    plan.save()
    started.send(sender=Plan, plan=plan)
    return plan


@transaction.atomic
def stop(plan: Plan) -> bool:
    """Stop the plan now. Its reminders go back to the days and on/off they had before, unless
    the person has changed them since (then theirs stay). Returns whether they were given back."""
    plan.stopped_at = timezone.now()
    plan.save(update_fields=["stopped_at"])
    return any(gave_back for _, gave_back in stopped.send(sender=Plan, plan=plan))
