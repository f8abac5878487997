"""Progress arithmetic: weeks, active days, the gentle weekly streak and the charts.

Every "day" is the person's own calendar day (CompletedSession.local_date, fixed when the session
is saved, in their time zone then). Weeks start on Monday. Each function is one query however
many sessions a person has.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek

from .models import CompletedSession

CALENDAR_WEEKS = 12
PAIN_POINTS = 30


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class WeekAtAGlance:
    active_days: int
    goal: int
    minutes: int
    sessions: int

    @property
    def goal_met(self) -> bool:
        return self.active_days >= self.goal


def this_week(user, today: date) -> WeekAtAGlance:
    start = week_start(today)
    totals = (
        CompletedSession.objects.for_user(user)
        .between(start, start + timedelta(days=6))
        .aggregate(
            sessions=Count("id"),
            seconds=Sum("active_seconds"),
            days=Count("local_date", distinct=True),
        )
    )
    return WeekAtAGlance(
        active_days=totals["days"],
        goal=user.weekly_goal,
        minutes=round((totals["seconds"] or 0) / 60),
        sessions=totals["sessions"],
    )


@dataclass
class CalendarDay:
    day: date
    active: bool
    future: bool
    today: bool


def calendar(user, today: date, weeks: int = CALENDAR_WEEKS) -> list[list[CalendarDay]]:
    """The last `weeks` weeks, oldest first, Monday to Sunday; rest days are just days."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    active = set(
        CompletedSession.objects.for_user(user)
        .between(first, today)
        .values_list("local_date", flat=True)
        .distinct()
    )
    return [
        [
            CalendarDay(day=d, active=d in active, future=d > today, today=d == today)
            for d in (first + timedelta(weeks=w, days=i) for i in range(7))
        ]
        for w in range(weeks)
    ]


def weekly_streak(user, today: date) -> int:
    """Consecutive weeks that met the weekly goal, counting back from this week. This week
    counts once its goal is met, and not having met it yet never breaks the streak."""
    weeks_met = {
        _as_date(row["week"])
        for row in CompletedSession.objects.for_user(user)
        .filter(local_date__lte=today)
        .annotate(week=TruncWeek("local_date"))
        .values("week")
        .annotate(days=Count("local_date", distinct=True))
        if row["days"] >= user.weekly_goal
    }
    week = week_start(today)
    streak = 1 if week in weeks_met else 0
    week -= timedelta(weeks=1)
    while week in weeks_met:
        streak += 1
        week -= timedelta(weeks=1)
    return streak


def minutes_per_week(user, today: date, weeks: int = CALENDAR_WEEKS) -> list[tuple[date, int]]:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    rows = (
        CompletedSession.objects.for_user(user)
        .between(first, today)
        .annotate(week=TruncWeek("local_date"))
        .values("week")
        .annotate(seconds=Sum("active_seconds"))
    )
    seconds = {_as_date(r["week"]): r["seconds"] or 0 for r in rows}
    return [
        (first + timedelta(weeks=w), round(seconds.get(first + timedelta(weeks=w), 0) / 60))
        for w in range(weeks)
    ]


def pain_points(user, first_day: date | None = None, last_day: date | None = None, limit: int = PAIN_POINTS):
    """The most recent sessions with a pain score, oldest first, for the trend chart."""
    qs = CompletedSession.objects.for_user(user).exclude(pain_before=None, pain_after=None)
    if first_day and last_day:
        qs = qs.between(first_day, last_day)
    rows = list(qs.order_by("-started_at", "-id").values("local_date", "pain_before", "pain_after")[:limit])
    rows.reverse()
    return rows


def _as_date(value) -> date:
    # TruncWeek gives a date on SQLite and may give a datetime on other databases.
    return value.date() if hasattr(value, "hour") else value
