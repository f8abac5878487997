"""How long one sender pass takes to find and claim the due reminders among 100,000 people.

    make bench-reminders        (or: python -m tests.bench.reminders --people 100000)

Builds a throwaway SQLite database (WAL, same settings as production) with N people whose
reminders are spread over the day, so about 1 in 150 is due at the moment measured, and times:

- claim: SpasmCare's pass: one indexed UPDATE ... WHERE id IN (SELECT ... LIMIT) that finds and
  claims every due row at once (what sender.claim_due runs);
- baseline: the obvious per-person way in the same run, on the same data: read every enabled
  reminder, and for each due one run its own compare-and-swap UPDATE.

It prints the query plan, both timings (best of 5) and their ratio. Nothing is sent.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="spasmcare-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["SPASMCARE_DATA_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spasmcare.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from spasmcare.reminders.models import Reminder
    from spasmcare.reminders.sender import BATCH, claim_due

    call_command("migrate", verbosity=0)
    User = get_user_model()
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    started = time.perf_counter()
    with transaction.atomic():
        for offset in range(0, args.people, 10_000):
            users = User.objects.bulk_create(
                User(email=f"p{i}@bench.example", password="!")
                for i in range(offset, min(offset + 10_000, args.people))
            )
            # Due moments spread over the next 24 hours; the ones in the last 10 minutes are due.
            Reminder.objects.bulk_create(
                Reminder(
                    user=u,
                    enabled=(i % 10 != 0),
                    email_enabled=True,
                    calendar_token=f"t{offset + i}",
                    next_due=now
                    - timedelta(minutes=10)
                    + timedelta(seconds=(offset + i) * 86400 // args.people),
                    due_date=now.date(),
                )
                for i, u in enumerate(users)
            )
    due_count = Reminder.objects.due(now).count()
    print(
        f"{args.people:,} people, {due_count:,} due now; built in {time.perf_counter() - started:.1f} s ({workdir})"
    )

    with connection.cursor() as cursor:
        sql, params = (
            Reminder.objects.due(now).order_by("next_due").values("pk")[:BATCH].query.sql_with_params()
        )
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        print("Query plan for finding due reminders:", "; ".join(row[-1] for row in cursor.fetchall()))

    snapshot = list(Reminder.objects.filter(next_due__lte=now).values_list("pk", "next_due"))

    def reset():
        with transaction.atomic():
            for pk, due in snapshot:
                Reminder.objects.filter(pk=pk).update(next_due=due, claimed_by="")

    def ours():
        claimed = 0
        while True:
            n = claim_due(now, "bench")
            if not n:
                return claimed
            claimed += n

    def baseline():
        claimed = 0
        for pk, due in Reminder.objects.filter(enabled=True).values_list("pk", "next_due").iterator():
            if due is not None and due <= now:
                claimed += Reminder.objects.filter(pk=pk, next_due=due).update(
                    next_due=now + timedelta(minutes=10), claimed_by="b"
                )
        return claimed

    results = {}
    for name, fn in (("claim (one UPDATE per batch)", ours), ("baseline (per-person UPDATE)", baseline)):
        timings = []
        for _ in range(args.runs):
            reset()
            connection.queries_log.clear()
            t0 = time.perf_counter()
            with transaction.atomic():
                claimed = fn()
            timings.append(time.perf_counter() - t0)
        results[name] = (min(timings), statistics.median(timings), claimed)

    print(f"\n{'pass':32} {'best':>9} {'median':>9} {'claimed':>8}")
    for name, (best, median, claimed) in results.items():
        print(f"{name:32} {best * 1000:8.1f}ms {median * 1000:8.1f}ms {claimed:8,}")
    (ours_best, *_), (base_best, *_) = results.values()
    print(f"\nSpasmCare's pass is {base_best / ours_best:.1f}x faster than the per-person baseline.")
    if ours_best >= 1.0:
        print("WARNING: a pass took a second or more.", file=sys.stderr)
    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
