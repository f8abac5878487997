"""A throwaway database the size of a busy year, shared by every benchmark command.

The shipped content (loaded by migrate) topped up to 200 published exercises and 50 published
routines, and 1,000 people who each did about three routines a week for a year (about 150,000
finished sessions). The first person is the "bench" user, who logs in with BENCH_EMAIL and
PASSWORD; everyone shares that password and has answered the safety check ("fine"), so every
one of them can open the player and save sessions.

configure() must run before django.setup(): it points the settings at the temporary folder.
"""

import os
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

BENCH_EMAIL = "bench@bench.example"
PASSWORD = "a quiet bench in the park 42"
TIMEZONES = ["Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"]


def configure(workdir: Path, database_url: str = "") -> None:
    """Settings for a production-like app on a throwaway SQLite database in workdir, or on the
    PostgreSQL database at database_url, which build() empties first."""
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SPASMCARE_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_STATIC_ROOT"] = str(workdir / "static")
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    os.environ["SPASMCARE_BENCH_BARE"] = "1"
    # Request warnings (404s, 403s) would drown the gunicorn log we scan for errors.
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")


@dataclass
class Dataset:
    exercises: int
    routines: int
    users: int
    sessions: int
    seconds: float
    user_emails: list[str] = field(repr=False)
    exercise_slug: str
    routine_slug: str
    routine_slugs: list[str] = field(repr=False)
    article_slug: str


def build(users: int = 1000, weeks: int = 52, exercises: int = 200, routines: int = 50) -> Dataset:
    import time as clock

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from exercises.models import Exercise, Routine, RoutineStep
    from spasmcare.history.models import CompletedSession
    from spasmcare.learn.models import Article
    from tests.factories import make_exercises

    started = clock.perf_counter()
    rng = random.Random(2026)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    User = get_user_model()

    with transaction.atomic():
        missing = exercises - Exercise.objects.published().count()
        if missing > 0:
            make_exercises(missing, prefix="bench")
        pool = list(Exercise.objects.published().values_list("pk", flat=True))
        missing = routines - Routine.objects.published().count()
        if missing > 0:
            new = Routine.objects.bulk_create(
                Routine(
                    slug=f"bench-routine-{i}",
                    name=f"Bench routine {i}",
                    is_published=True,
                    purpose="A made-up routine for the benchmark.",
                )
                for i in range(missing)
            )
            RoutineStep.objects.bulk_create(
                RoutineStep(routine=routine, exercise_id=pk, order=n, rest_seconds=10)
                for routine in new
                for n, pk in enumerate(rng.sample(pool, 7))
            )

        # One password hash for everyone: Argon2 takes a tenth of a second per hash.
        password = make_password(PASSWORD)
        now = timezone.now()
        emails = [BENCH_EMAIL] + [f"person{i}@bench.example" for i in range(1, users)]
        people = User.objects.bulk_create(
            User(
                email=email,
                password=password,
                timezone=TIMEZONES[i % len(TIMEZONES)],
                safety_outcome="fine",
                safety_checked_at=now,
            )
            for i, email in enumerate(emails)
        )

        done = [
            (r.pk, r.name, len(r.step_list), r.total_seconds)
            for r in Routine.objects.published().with_steps()
        ]
        sessions = 0
        chunk = []
        for person in people:
            tz = person.tz
            today = now.astimezone(tz).date()
            pain = rng.randint(3, 5)
            for week in range(weeks, 0, -1):
                monday = today - timedelta(days=today.weekday() + 7 * week)
                for weekday in sorted(rng.sample(range(7), rng.choice((2, 3, 3, 4)))):
                    day = monday + timedelta(days=weekday)
                    routine_pk, name, steps, seconds = rng.choice(done)
                    start = datetime.combine(
                        day, time(rng.choice((7, 8, 12, 18, 20)), rng.randrange(60)), tzinfo=tz
                    )
                    pain = max(1, min(5, pain + rng.choice((-1, 0, 0, 1))))
                    chunk.append(
                        CompletedSession(
                            user_id=person.pk,
                            routine_id=routine_pk,
                            routine_name=name,
                            started_at=start,
                            ended_at=start + timedelta(seconds=seconds + 40),
                            local_date=day,
                            active_seconds=seconds,
                            steps_done=steps,
                            steps_total=steps,
                            pain_before=pain,
                            pain_after=max(0, pain - rng.choice((0, 1, 2))),
                            feeling=rng.choice(("about_right", "about_right", "too_easy", "too_hard")),
                            note=rng.choice(("", "", "", "", "Stiff first thing, easier after.")),
                        )
                    )
            if len(chunk) >= 20_000:
                CompletedSession.objects.bulk_create(chunk)
                sessions += len(chunk)
                chunk = []
        CompletedSession.objects.bulk_create(chunk)
        sessions += len(chunk)

    routine_slugs = list(Routine.objects.published().values_list("slug", flat=True))
    # Real shipped content for the single pages: the routine the home screen offers first, and
    # the first exercise in it.
    routine_slug = "spasm-relief" if "spasm-relief" in routine_slugs else routine_slugs[0]
    return Dataset(
        exercises=Exercise.objects.published().count(),
        routines=len(routine_slugs),
        users=len(people),
        sessions=sessions,
        seconds=clock.perf_counter() - started,
        user_emails=emails,
        exercise_slug=RoutineStep.objects.filter(routine__slug=routine_slug).first().exercise.slug,
        routine_slug=routine_slug,
        routine_slugs=routine_slugs,
        article_slug=Article.objects.published().order_by("pk").values_list("slug", flat=True).first(),
    )
