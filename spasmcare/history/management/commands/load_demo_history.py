import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from exercises.models import Routine
from spasmcare.history.models import CompletedSession

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "spasmcare-demo-account"


class Command(BaseCommand):
    help = (
        f"Create (or refresh) a demo account, {DEMO_EMAIL} / {DEMO_PASSWORD}, with ten weeks of "
        "sessions whose pain slowly eases. For local demos only."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(email=DEMO_EMAIL, defaults={"timezone": "Europe/London"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if user.completed_sessions.exists():
            self.stdout.write(f"Demo account {DEMO_EMAIL} already has its history.")
            return
        rng = random.Random(7)
        routines = list(Routine.objects.published().with_steps())
        today = user.local_today()
        rows = []
        for days_ago in range(70, 0, -1):
            if rng.random() > 0.45:
                continue
            routine = rng.choice(routines)
            day = today - timedelta(days=days_ago)
            started = datetime.combine(
                day, time(rng.choice([7, 8, 12, 18, 20]), rng.randrange(60)), tzinfo=user.tz
            )
            seconds = routine.total_seconds
            before = max(1, min(9, round(7 - (70 - days_ago) / 14 + rng.uniform(-1, 1))))
            rows.append(
                CompletedSession(
                    user=user,
                    routine=routine,
                    routine_name=routine.name,
                    started_at=started,
                    ended_at=started + timedelta(seconds=seconds + 40),
                    local_date=day,
                    active_seconds=seconds,
                    steps_done=len(routine.step_list),
                    steps_total=len(routine.step_list),
                    pain_before=before,
                    pain_after=max(0, before - rng.choice([1, 2, 2, 3])),
                    feeling=rng.choice(["about_right", "about_right", "too_easy", "too_hard"]),
                    note=rng.choice(
                        ["", "", "", "Stiff first thing, easier after.", "Did it after gardening."]
                    ),
                )
            )
        CompletedSession.objects.bulk_create(rows)
        self.stdout.write(f"Demo account {DEMO_EMAIL} / {DEMO_PASSWORD} with {len(rows)} sessions.")
