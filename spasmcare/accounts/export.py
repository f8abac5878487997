"""A person's own data, to download: their account settings and every session they saved.
Times are ISO 8601 in the person's own time zone, with its UTC offset (so still exact)."""

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO

from django.core.serializers.json import DjangoJSONEncoder

from spasmcare.history.models import CompletedSession
from spasmcare.recovery import export as recovery_export

from .models import User

SESSION_FIELDS = [
    "routine_name",
    "started_at",
    "ended_at",
    "local_date",
    "active_seconds",
    "steps_done",
    "steps_total",
    "pain_before",
    "pain_after",
    "feeling",
    "note",
    "events",
]

# Spreadsheet apps run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filename(user: User, extension: str) -> str:
    return f"spasmcare-{user.local_today().isoformat()}.{extension}"


def account(user: User) -> dict:
    return {
        "email": user.email,
        "timezone": user.timezone,
        "weekly_goal": user.weekly_goal,
        "cue_sound": user.cue_sound,
        "cue_voice": user.cue_voice,
        "cue_vibrate": user.cue_vibrate,
        "cue_guidance": user.cue_guidance,
        "date_joined": user.date_joined.astimezone(user.tz),
    }


def sessions(user: User) -> Iterator[dict]:
    """Oldest first, one query however many there are; times in the person's zone."""
    rows = (
        CompletedSession.objects.for_user(user)
        .order_by("started_at", "id")
        .values(*SESSION_FIELDS)
        .iterator(chunk_size=500)
    )
    for row in rows:
        for name in ("started_at", "ended_at"):
            if row[name] is not None:
                row[name] = row[name].astimezone(user.tz)
        yield row


def own_routines(user: User) -> list[dict]:
    """The routines they made, each with its steps as they play (two queries)."""
    from exercises.models import Routine

    return [
        {
            "name": routine.name,
            "created": routine.created,
            "steps": [
                {"exercise": step.exercise.name, "dose": step.dose_label, "rest_seconds": step.rest_seconds}
                for step in routine.step_list
            ],
        }
        for routine in Routine.objects.for_user(user).with_steps().order_by("created")
    ]


def as_json(user: User) -> str:
    data = {
        "account": account(user),
        "routines": own_routines(user),
        "sessions": list(sessions(user)),
        "recovery": recovery_export.as_dict(user),
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def write_csv(user: User, out: IO[str]) -> None:
    writer = csv.writer(out)
    writer.writerow(SESSION_FIELDS)
    for row in sessions(user):
        row["events"] = json.dumps(row["events"], ensure_ascii=False)
        writer.writerow(spreadsheet_safe(row[field]) for field in SESSION_FIELDS)


def spreadsheet_safe(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
