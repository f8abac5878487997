"""Progress arithmetic: weeks, active days, the gentle weekly streak and the charts.

Every "day" is the person's own calendar day (CompletedSession.local_date, fixed when the session
is saved, in their time zone then). Weeks start on Monday. `overview` is one query however many
sessions a person has: it reads them newest first, and only as far back as the calendar and the
streak need.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils import dateformat
from django.utils.safestring import SafeString

from .models import CompletedSession

CALENDAR_WEEKS = 12
PAIN_POINTS = 30


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=2048)
def format_day(day: date, format: str) -> SafeString:
    """What `{{ day|date:format }}` shows, marked safe (it is made of numbers and month and day
    names). The history page labels more than a hundred days, the same ones for everybody, and
    Django formats a date far more slowly than it renders a table cell. (The app speaks one
    language; were it to speak several, the language would belong in the cache key.)"""
    return SafeString(dateformat.format(day, format))


@dataclass
class WeekAtAGlance:
    active_days: int
    goal: int
    minutes: int
    sessions: int

    @property
    def goal_met(self) -> bool:
        return self.active_days >= self.goal


@dataclass
class CalendarDay:
    day: date
    active: bool
    future: bool
    today: bool
    # The calendar has 84 cells: their class and words are put together once here rather than
    # with {% if %}s and a date filter in each cell of the template.
    css_class: str = field(init=False)
    label: str = field(init=False)

    def __post_init__(self):
        classes = [name for name in ("active", "future", "today") if getattr(self, name)]
        self.css_class = SafeString(" ".join(classes))
        state = "still to come" if self.future else "active" if self.active else "rest day"
        self.label = SafeString(f"{format_day(self.day, 'l j F')}: {state}")

    @property
    def short_label(self) -> str:
        return format_day(self.day, "j M")


class WeeklyStreak:
    """Consecutive weeks that met the weekly goal, counting back from this week, fed the active
    days newest first. This week counts once its goal is met, and not having met it yet never
    breaks the streak. `ended` says when older days can no longer change the count."""

    def __init__(self, today: date, goal: int):
        self.goal = goal
        self.this_week = self.week = week_start(today)
        self.days_in_week = set()
        self.weeks = 0
        self.ended = False

    def add(self, day: date) -> None:
        while not self.ended and week_start(day) < self.week:
            self._end_week()
        if not self.ended:
            self.days_in_week.add(day)

    def _end_week(self) -> None:
        if len(self.days_in_week) >= self.goal:
            self.weeks += 1
        elif self.week != self.this_week:
            self.ended = True
            return
        self.week -= timedelta(weeks=1)
        self.days_in_week = set()

    @property
    def count(self) -> int:
        if self.ended:
            return self.weeks
        return self.weeks + (len(self.days_in_week) >= self.goal)


@dataclass
class Overview:
    week: WeekAtAGlance
    calendar: list[list[CalendarDay]]
    minutes_per_week: list[tuple[date, int]]
    streak: int


def overview(user, today: date, weeks: int = CALENDAR_WEEKS) -> Overview:
    """This week, the last `weeks` weeks day by day (oldest first, Monday to Sunday; rest days
    are just days) with their minutes, and the weekly streak."""
    monday = week_start(today)
    first = monday - timedelta(weeks=weeks - 1)
    sessions = (
        CompletedSession.objects.for_user(user)
        .filter(local_date__lte=monday + timedelta(days=6))
        .order_by("-local_date")
        .values_list("local_date", "active_seconds")
    )
    recent = []  # (day, active seconds) of each session from `first` to this Sunday
    streak = WeeklyStreak(today, user.weekly_goal)
    for day, seconds in sessions.iterator(chunk_size=50):
        if day >= first:
            recent.append((day, seconds))
        elif streak.ended:  # older than the calendar, and the streak is counted: done
            break
        if day <= today:
            streak.add(day)

    this_week = [(day, seconds) for day, seconds in recent if day >= monday]
    seconds_per_week = Counter()
    for day, seconds in recent:
        if day <= today:
            seconds_per_week[week_start(day)] += seconds
    active = {day for day, _ in recent if day <= today}
    mondays = [first + timedelta(weeks=w) for w in range(weeks)]
    return Overview(
        week=WeekAtAGlance(
            active_days=len({day for day, _ in this_week}),
            goal=user.weekly_goal,
            minutes=round(sum(seconds for _, seconds in this_week) / 60),
            sessions=len(this_week),
        ),
        calendar=[
            [
                CalendarDay(day=day, active=day in active, future=day > today, today=day == today)
                for day in (week + timedelta(days=i) for i in range(7))
            ]
            for week in mondays
        ],
        minutes_per_week=[(week, round(seconds_per_week[week] / 60)) for week in mondays],
        streak=streak.count,
    )


def this_week(user, today: date) -> WeekAtAGlance:
    return overview(user, today, weeks=1).week


def calendar(user, today: date, weeks: int = CALENDAR_WEEKS) -> list[list[CalendarDay]]:
    return overview(user, today, weeks).calendar


def weekly_streak(user, today: date) -> int:
    return overview(user, today, weeks=1).streak


def minutes_per_week(user, today: date, weeks: int = CALENDAR_WEEKS) -> list[tuple[date, int]]:
    return overview(user, today, weeks).minutes_per_week


def pain_points(user, first_day: date | None = None, last_day: date | None = None, limit: int = PAIN_POINTS):
    """The most recent sessions with a pain score, oldest first, for the trend chart."""
    qs = CompletedSession.objects.for_user(user).with_pain()
    if first_day and last_day:
        qs = qs.between(first_day, last_day)
    rows = list(qs.order_by("-started_at", "-id").values("local_date", "pain_before", "pain_after")[:limit])
    rows.reverse()
    return rows
