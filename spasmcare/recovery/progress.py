"""What the history page and the doctor's summary show of a person's recovery: each activity's
line and the weekly pain line with an honest "better / about the same / worse" (rules.py), when
the next check-in is due, the newest flare-ups and their patterns, and the plan.

`for_history` reads a fixed number of queries however many check-ins and flare-ups there are
(five, seven with a running plan); `for_summary` the same for a range of days.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString

from spasmcare.history.charts import LEFT, RIGHT, WIDTH
from spasmcare.history.progress import format_day

from . import flareups, rules
from . import plan as plans
from .models import Activity, ActivityRating, CheckIn, FlareUp, Plan

HEIGHT, TOP, BOTTOM = 130, 10, 24


def _x(day: date, first: date, last: date) -> float:
    span = (last - first).days
    return LEFT + (WIDTH - LEFT - RIGHT) * ((day - first).days / span if span else 0.5)


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / 10)


def _n(value: float) -> SafeString:
    return SafeString(round(value, 1))


def line_chart(points: list[tuple[date, int]], first: date, last: date) -> dict:
    """A 0–10 line over time, days placed by date between `first` and `last` (shared by every
    line on the page, so they line up), with a table of the same numbers."""
    coords = [(_x(day, first, last), _y(value)) for day, value in points]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in coords),
        "dots": [(_n(x), _n(y)) for x, y in coords],
        "grid": [{"y": _n(_y(v)), "label": SafeString(v)} for v in (0, 5, 10)],
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid_label_x": LEFT - 4,
        "label_y": HEIGHT - 6,
        "first": format_day(first, "j M"),
        "last": format_day(last, "j M"),
        "rows": [(format_day(day, "j M Y"), value) for day, value in points],
    }


@dataclass
class Line:
    name: str
    points: list[tuple[date, int]]
    change: rules.Change | None = None
    chart: dict | None = None
    activity: Activity | None = None


@dataclass
class Recovery:
    today: date
    activities: list[Line] = field(default_factory=list)
    function: rules.Change | None = None  # the average of the activities, first to latest
    pain: Line | None = None
    last_check_in: date | None = None
    check_in_due: bool = False
    flare_ups: list[FlareUp] = field(default_factory=list)
    more_flare_ups: bool = False
    patterns: list[flareups.Pattern] = field(default_factory=list)
    plan: plans.PlanState | None = None
    sources: dict = field(default_factory=lambda: rules.SOURCES)
    recurrence: str = rules.RECURRENCE_IN_A_YEAR
    plan_weeks: int = plans.WEEKS_TO_LAST_STEP
    thresholds: dict = field(
        default_factory=lambda: {
            "pain_points": rules.PAIN_POINTS,
            "pain_percent": round(rules.PAIN_SHARE * 100),
            "activity_points": rules.FUNCTION_ACTIVITY_POINTS,
            "average_points": rules.FUNCTION_AVERAGE_POINTS,
        }
    )

    @property
    def started(self) -> bool:
        return bool(self.activities or self.pain or self.last_check_in)

    @property
    def next_check_in(self) -> date | None:
        return self.last_check_in + rules.CHECK_IN_EVERY if self.last_check_in else None

    @property
    def open_flare_up(self) -> FlareUp | None:
        return next((f for f in self.flare_ups if not f.settled), None)

    @property
    def offer_plan(self) -> bool:
        """A flare-up has settled and no plan is running: the moment to offer one."""
        return self.plan is None and bool(self.flare_ups) and self.flare_ups[0].settled


def _lines(activities, ratings, check_ins) -> tuple[list[Line], rules.Change | None, Line | None]:
    """Activity lines, their average's change and the pain line, from rows read oldest first."""
    by_activity: dict[int, list[tuple[date, int]]] = {}
    for activity_id, day, score in ratings:
        by_activity.setdefault(activity_id, []).append((day, score))
    pain_points = [(day, pain) for day, pain, skipped in check_ins if not skipped and pain is not None]
    days = [d for points in by_activity.values() for d, _ in points] + [d for d, _ in pain_points]
    if not days:
        return [Line(a.name, [], activity=a) for a in activities], None, None
    first, last = min(days), max(days)

    lines = []
    for activity in activities:
        points = by_activity.get(activity.pk, [])
        line = Line(activity.name, points, activity=activity)
        if points:
            line.chart = line_chart(points, first, last)
        if len(points) >= 2:
            line.change = rules.function_change(points[0][1], points[-1][1], single=True)
        lines.append(line)
    compared = [line.points for line in lines if len(line.points) >= 2]
    function = None
    if compared:
        function = rules.function_change(
            sum(p[0][1] for p in compared) / len(compared),
            sum(p[-1][1] for p in compared) / len(compared),
            single=len(compared) == 1,
        )
    pain = None
    if pain_points:
        pain = Line(
            "Average pain over the last 7 days", pain_points, chart=line_chart(pain_points, first, last)
        )
        if len(pain_points) >= 2:
            pain.change = rules.pain_change(pain_points[0][1], pain_points[-1][1])
    return lines, function, pain


def for_history(user, today: date) -> Recovery:
    activities = list(Activity.objects.for_user(user).followed())
    ratings = list(
        ActivityRating.objects.filter(check_in__user=user, activity__stopped_on__isnull=True)
        .order_by("check_in__local_date")
        .values_list("activity_id", "check_in__local_date", "score")
    )
    check_ins = list(
        CheckIn.objects.for_user(user).order_by("local_date").values_list("local_date", "pain", "skipped")
    )
    recent = list(FlareUp.objects.for_user(user)[: rules.PATTERN_FLARE_UPS + 1])

    recovery = Recovery(today=today)
    recovery.activities, recovery.function, recovery.pain = _lines(activities, ratings, check_ins)
    if check_ins:
        recovery.last_check_in = check_ins[-1][0]
    if recovery.activities or check_ins:
        last = recovery.last_check_in
        recovery.check_in_due = last is None or (today - last) >= rules.CHECK_IN_EVERY
    recovery.flare_ups = recent[: rules.PATTERN_FLARE_UPS]
    recovery.more_flare_ups = len(recent) > rules.PATTERN_FLARE_UPS
    recovery.patterns = flareups.patterns(recovery.flare_ups)
    running = Plan.objects.for_user(user).running().first()
    if running:
        pains = [(day, pain) for day, pain, skipped in check_ins if not skipped and pain is not None]
        recovery.plan = plans.state_of(running, today, pains)
    return recovery


@dataclass
class Summary:
    activities: list[Line]
    function: rules.Change | None
    pain: Line | None
    flare_ups: list[FlareUp]
    plan: plans.PlanState | None
    sources: dict
    thresholds: dict


def for_summary(user, start: date, end: date, today: date) -> Summary:
    """The same measures within `start`–`end` (the person's days): first and latest in the
    range, and the flare-ups that started in it, oldest first."""
    activities = list(Activity.objects.for_user(user))
    ratings = list(
        ActivityRating.objects.filter(
            check_in__user=user, check_in__local_date__gte=start, check_in__local_date__lte=end
        )
        .order_by("check_in__local_date")
        .values_list("activity_id", "check_in__local_date", "score")
    )
    check_ins = list(
        CheckIn.objects.for_user(user)
        .filter(local_date__gte=start, local_date__lte=end)
        .order_by("local_date")
        .values_list("local_date", "pain", "skipped")
    )
    rated = {activity_id for activity_id, _, _ in ratings}
    lines, function, pain = _lines([a for a in activities if a.pk in rated], ratings, check_ins)
    flare_ups = list(
        FlareUp.objects.for_user(user)
        .filter(started_on__gte=start, started_on__lte=end)
        .order_by("started_on", "id")
    )
    running = Plan.objects.for_user(user).running().first()
    defaults = Recovery(today=today)
    return Summary(
        activities=lines,
        function=function,
        pain=pain,
        flare_ups=flare_ups,
        plan=plans.state_of(running, today) if running else None,
        sources=defaults.sources,
        thresholds=defaults.thresholds,
    )
