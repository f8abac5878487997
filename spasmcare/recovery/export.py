"""The recovery records in the person's download: the JSON's "recovery" part, and two CSV files
(check-ins, one row per answer; flare-ups, one row each). Dates are the person's own days;
times ISO 8601 in their time zone. A fixed number of queries, however much there is."""

from .models import Activity, ActivityRating, CheckIn, FlareUp, Plan

PAIN_MEASURE = "Average pain over the last 7 days"
CHECK_IN_COLUMNS = ["date", "measure", "score", "scale"]
FLARE_UP_COLUMNS = ["started_on", "settled_on", "days", "triggers", "helped", "note"]


def as_dict(user) -> dict:
    """Five queries: activities, ratings, check-ins, flare-ups and plans."""
    activities = list(Activity.objects.for_user(user).order_by("created", "id"))
    names = {a.pk: a.name for a in activities}
    ratings: dict[int, dict[str, int]] = {}
    for check_in_id, activity_id, score in ActivityRating.objects.filter(check_in__user=user).values_list(
        "check_in_id", "activity_id", "score"
    ):
        ratings.setdefault(check_in_id, {})[names[activity_id]] = score
    return {
        "activities": [
            {"name": a.name, "created": a.created.astimezone(user.tz), "stopped_on": a.stopped_on}
            for a in activities
        ],
        "check_ins": [
            {
                "date": c.local_date,
                "skipped": c.skipped,
                "average_pain_last_7_days": c.pain,
                "activities": ratings.get(c.pk, {}),
            }
            for c in CheckIn.objects.for_user(user).order_by("local_date")
        ],
        "flare_ups": [
            {
                "started_on": f.started_on,
                "settled_on": f.settled_on,
                "triggers": f.triggers,
                "helped": f.helped,
                "note": f.note,
            }
            for f in FlareUp.objects.for_user(user).order_by("started_on", "id")
        ],
        "plans": [
            {
                "started_on": p.started_on,
                "stopped_at": p.stopped_at.astimezone(user.tz) if p.stopped_at else None,
                "drives_reminders": p.drives_reminders,
            }
            for p in Plan.objects.for_user(user).order_by("started_at", "id")
        ],
    }


def check_in_rows(user) -> list[list]:
    """[date, measure, score 0–10, what the scale means] per answer, oldest day first, the
    week's pain before the activities (two queries)."""
    answered = CheckIn.objects.for_user(user).answered().filter(pain__isnull=False)
    rows = [
        (day, 0, PAIN_MEASURE, pain, "0 none, 10 worst")
        for day, pain in answered.values_list("local_date", "pain")
    ]
    rows += [
        (day, 1, name, score, "0 can't do it, 10 as before")
        for day, name, score in ActivityRating.objects.filter(check_in__user=user)
        .order_by("activity__created", "activity_id")
        .values_list("check_in__local_date", "activity__name", "score")
    ]
    rows.sort(key=lambda row: (row[0], row[1]))  # stable: activities stay in the order they were named
    return [[day, measure, score, scale] for day, _, measure, score, scale in rows]


def flare_up_rows(user) -> list[list]:
    return [
        [
            f.started_on,
            f.settled_on,
            f.days,
            "; ".join(map(str, f.trigger_labels())),
            "; ".join(map(str, f.help_labels())),
            f.note,
        ]
        for f in FlareUp.objects.for_user(user).order_by("started_on", "id")
    ]
