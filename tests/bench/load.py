"""Many people browsing and saving sessions at once on SQLite.

32 clients (threads, one keep-alive connection each), each logged in through the real login
form as a different person, for 30 seconds: page views (home, library, a routine, its player,
history) and, for about 1 request in 4, a finished session POSTed as the player does, with a
fresh key. Some saves are sent again with the same key: one in five straight after (a retry
that adds what the finish screen asks: pain after, feeling), one in ten twice at the same
moment on two connections (a double tap).

Afterwards the database must hold exactly one new row per key that was accepted (201), no key
may be accepted twice, and nothing may answer 5xx or say "database is locked" in a response or
in gunicorn's log. Exit status 1 when any of that fails.
"""

import json
import math
import random
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import dataset
from .server import Browser, Gunicorn, collect_static, machine

SAVE_SHARE = 0.25
RETRY_SHARE = 0.2
DOUBLE_TAP_SHARE = 0.1
LOCKED = b"database is locked"


class Person(threading.Thread):
    """One phone: logs in, waits for everyone, then browses and saves until the deadline."""

    def __init__(
        self,
        port: int,
        email: str,
        routine_slugs: list[str],
        start: threading.Barrier,
        clock: dict,
        seed: int,
    ):
        super().__init__(daemon=True)
        self.port, self.email, self.routine_slugs = port, email, routine_slugs
        self.start_together, self.clock = start, clock
        self.rng = random.Random(seed)
        self.browser = Browser(port)
        self.second_phone = None
        self.statuses: Counter = Counter()
        self.latencies: dict[str, list[float]] = {"page": [], "save": []}
        self.locked = 0
        self.accepted: set[str] = set()
        self.accepted_twice = 0
        self.saves = self.retries = self.double_taps = 0
        self.error = ""

    def run(self):
        try:
            self.browser.log_in(self.email, dataset.PASSWORD)
            slug = self.routine_slugs[0]
            for path in ["/", "/exercises/", f"/routines/{slug}/", f"/routines/{slug}/play/", "/history/"]:
                self.browser.get(path)  # warm: templates compiled, connections open
        except Exception as error:
            self.error = f"{self.email} could not log in: {error!r}"
            self.start_together.abort()
            return
        try:
            self.start_together.wait(timeout=300)
            while time.monotonic() < self.clock["deadline"]:
                if self.rng.random() < SAVE_SHARE:
                    self.finish_a_routine()
                else:
                    self.view_a_page()
        except threading.BrokenBarrierError:
            self.error = self.error or "another client failed to log in"
        except Exception as error:
            self.error = f"{self.email}: {error!r}"
        finally:
            self.browser.close()
            if self.second_phone:
                self.second_phone.close()

    def view_a_page(self):
        slug = self.rng.choice(self.routine_slugs)
        path = self.rng.choice(
            ["/", "/exercises/", f"/routines/{slug}/", f"/routines/{slug}/play/", "/history/"]
        )
        self.record("page", *self.timed(self.browser, "GET", path))

    def finish_a_routine(self):
        started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=self.rng.randint(8, 90))
        payload = {
            "key": str(uuid.uuid4()),
            "routine": self.rng.choice(self.routine_slugs),
            "started_at": started.isoformat(),
            "ended_at": (started + timedelta(minutes=6)).isoformat(),
            "active_seconds": 330,
            "steps_done": 6,
            "steps_total": 7,
            # Low pain, so no save asks for the safety check again and the player stays open.
            "pain_before": self.rng.randint(0, 2),
            "events": [{"type": "hurt", "step": 3, "pain": 2, "action": "carry-on"}],
        }
        self.saves += 1
        roll = self.rng.random()
        if roll < DOUBLE_TAP_SHARE:
            self.double_taps += 1
            self.second_phone = self.second_phone or Browser(self.port)
            self.second_phone.cookies = self.browser.cookies
            other = []
            tap = threading.Thread(target=lambda: other.append(self.post(self.second_phone, payload)))
            tap.start()
            mine = self.post(self.browser, payload)
            tap.join(timeout=60)
            for result in [mine, *other]:
                self.record_save(payload["key"], *result)
            return
        self.record_save(payload["key"], *self.post(self.browser, payload))
        if roll < DOUBLE_TAP_SHARE + RETRY_SHARE:
            self.retries += 1
            payload.update(pain_after=self.rng.randint(0, 2), feeling="about_right")
            self.record_save(payload["key"], *self.post(self.browser, payload))

    def post(self, browser: Browser, payload: dict):
        headers = {"Content-Type": "application/json", "X-CSRFToken": browser.cookies.get("csrftoken", "")}
        return self.timed(browser, "POST", "/history/sessions/", json.dumps(payload).encode(), headers)

    def timed(
        self, browser: Browser, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ):
        started = time.perf_counter()
        status, _, data = browser.request(method, path, body=body, headers=headers)
        return status, data, time.perf_counter() - started

    def record(self, kind: str, status: int, data: bytes, seconds: float):
        self.statuses[f"{status // 100}xx"] += 1
        self.statuses[status] += 1
        self.latencies[kind].append(seconds)
        if LOCKED in data:
            self.locked += 1

    def record_save(self, key: str, status: int, data: bytes, seconds: float):
        self.record("save", status, data, seconds)
        if status == 201:
            if key in self.accepted:
                self.accepted_twice += 1
            self.accepted.add(key)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run(args, workdir: Path) -> int:
    from django.utils import timezone

    from spasmcare.history.models import CompletedSession

    load_before = machine()["load_average"]
    if args.clients >= args.users:
        raise SystemExit(
            f"--users ({args.users}) must be more than --clients ({args.clients}): one person each."
        )
    collect_static()
    data = dataset.build(users=args.users, weeks=4 if args.small else 52)
    print(
        f"Data set: {data.exercises} exercises, {data.routines} routines, {data.users:,} people, "
        f"{data.sessions:,} sessions (built in {data.seconds:.0f} s)"
    )
    emails = data.user_emails[1 : args.clients + 1]

    with Gunicorn(workdir, args.workers, args.threads, args.worker_class) as server:
        clock = {}

        def everyone_logged_in():
            clock["began"] = time.monotonic()
            clock["deadline"] = clock["began"] + args.seconds

        start = threading.Barrier(args.clients, action=everyone_logged_in)
        people = [
            Person(server.port, email, data.routine_slugs, start, clock, seed=n)
            for n, email in enumerate(emails)
        ]
        run_started = timezone.now()
        print(
            f"{args.clients} people log in, then browse and save for {args.seconds} s "
            f"(gunicorn {server.config}) ..."
        )
        for person in people:
            person.start()
        for person in people:
            person.join(timeout=args.seconds + 300)
        elapsed = time.monotonic() - clock.get("began", time.monotonic())
        still_running = sum(person.is_alive() for person in people)
        gunicorn_config = server.config
    log = server.log_text()

    statuses = sum((person.statuses for person in people), Counter())
    page_latencies = [s for person in people for s in person.latencies["page"]]
    save_latencies = [s for person in people for s in person.latencies["save"]]
    everything = page_latencies + save_latencies
    requests = len(everything)
    accepted = {(person.email, key) for person in people for key in person.accepted}
    per_person = sorted(len(person.accepted) for person in people)
    accepted_twice = sum(person.accepted_twice for person in people)
    locked_responses = sum(person.locked for person in people)
    locked_log = sum(LOCKED.decode() in line for line in log.splitlines())
    rows = {
        (email, str(key))
        for email, key in CompletedSession.objects.filter(created__gte=run_started).values_list(
            "user__email", "key"
        )
    }
    errors = [person.error for person in people if person.error]

    m = machine()
    ms = 1000
    print()
    print(
        f"Load test: {args.clients} people for {args.seconds} s against gunicorn ({gunicorn_config}), "
        f"SQLite (WAL), DEBUG off"
    )
    print(
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Django {m['django']}, "
        f"gunicorn {m['gunicorn_version']}; data: {data.users:,} people, {data.sessions:,} sessions"
    )
    print(f"Load average (1, 5, 15 min) before: {load_before}, after: {m['load_average']}")
    print(
        f"requests         {requests:,} in {elapsed:.1f} s = {requests / elapsed if elapsed else 0:.0f} req/s"
    )
    print("status classes   " + ", ".join(f"{c} {statuses[c]:,}" for c in ("2xx", "3xx", "4xx", "5xx")))
    print(
        "statuses         "
        + ", ".join(
            f"{code}: {n:,}" for code, n in sorted(statuses.items(), key=str) if isinstance(code, int)
        )
    )
    print(f"5xx responses: {statuses['5xx']}")
    print(
        f"latency, all     p50 {percentile(everything, 50) * ms:.0f} ms, p99 {percentile(everything, 99) * ms:.0f} ms"
    )
    print(
        f"  page views     {len(page_latencies):,}: p50 {percentile(page_latencies, 50) * ms:.0f} ms, "
        f"p99 {percentile(page_latencies, 99) * ms:.0f} ms"
    )
    print(
        f"  session saves  {len(save_latencies):,}: p50 {percentile(save_latencies, 50) * ms:.0f} ms, "
        f"p99 {percentile(save_latencies, 99) * ms:.0f} ms"
    )
    served = sorted(len(p.latencies["page"]) + len(p.latencies["save"]) for p in people)
    print(f"per person       requests min {served[0]}, median {served[len(served) // 2]}, max {served[-1]}")
    print(
        f"saves            {sum(p.saves for p in people):,} new keys, {sum(p.retries for p in people):,} sent again "
        f"straight after, {sum(p.double_taps for p in people):,} double taps"
    )
    print(
        f"accepted (201)   {len(accepted):,} keys; per person min {per_person[0]}, "
        f"median {per_person[len(per_person) // 2]}, max {per_person[-1]}; keys accepted twice: {accepted_twice}"
    )
    print(f"rows created     {len(rows):,} (distinct accepted keys: {len(accepted):,})")
    print(f'"database is locked": {locked_responses} in responses, {locked_log} in gunicorn\'s log')
    for error in errors[:5]:
        print(f"client error     {error}")

    failures = []
    if statuses["5xx"]:
        failures.append(f"{statuses['5xx']} responses were 5xx")
    if locked_responses or locked_log:
        failures.append('"database is locked" appeared')
    if rows != accepted:
        failures.append(
            f"{len(rows - accepted)} rows with no accepted key, {len(accepted - rows)} accepted keys with no row"
        )
    if accepted_twice:
        failures.append(f"{accepted_twice} keys were accepted (201) more than once")
    if not accepted:
        failures.append("no session was saved, so saving was not tested")
    if errors or still_running:
        failures.append(f"{len(errors)} clients failed, {still_running} did not stop")
    print("verdict          " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
    if failures and log.strip():
        print("\nThe end of gunicorn's log:\n" + "\n".join(log.strip().splitlines()[-30:]))
    return 1 if failures else 0
