"""The realistic benchmark: many people at once, each request a different page, as in real use.

1,000 signed-in people with a year of sessions and a few hundred anonymous visitors (some with a
CSRF cookie from an earlier visit, some new). Each request is a random one of them: a signed-in
person opens home, the library (half the time with filters), an exercise, a routine, its player,
their history, the article list or an article, or saves a finished session (a POST, as the
player's finish screen sends it); a visitor browses the same public pages. 32 connections, wrk
-t2, against gunicorn serving the production way (DEBUG off, WhiteNoise, collected static files).

Reported, from the same run: the bare Django view (through the whole middleware stack) alone;
the mix, per page and who asked, as p50/p99 latency measured at the client; then each public
page alone, asked for by anonymous visitors with random slugs and filters, as requests/s and
its ratio to the bare view, once each worker's cache has been filled. The mix's latencies include the queueing behind other requests,
which is what a person waits for.
"""

import itertools
import json
import os
import random
import re
import secrets
import shutil
import statistics
from collections import defaultdict
from pathlib import Path

from . import dataset
from .server import Gunicorn, collect_static, machine, run_in_group

SCRIPT = Path(__file__).with_name("mix.lua")
SIGNED_IN_SHARE = 0.7
# "bare" is the bare view, asked for inside the mix too, so every page's CPU time can be set
# against it in the same run.
PEOPLE_MIX = {
    "home": 14,
    "library": 14,
    "exercise": 12,
    "routine": 9,
    "player": 10,
    "history": 14,
    "learn": 5,
    "article": 8,
    "save": 14,
    "bare": 3,
}
VISITOR_MIX = {
    "home": 20,
    "library": 24,
    "exercise": 20,
    "routine": 10,
    "player": 6,
    "learn": 8,
    "article": 12,
    "bare": 3,
}
PUBLIC_PAGES = ["library", "exercise", "routine", "learn", "article"]
BUDGET_P99_MS = 100
BUDGET_PUBLIC_RATIO = 0.5
CONNECTIONS = 32
RUNS = itertools.count(1)  # numbers each wrk run (BENCH_RUN), so each draws its own


def run(args, workdir: Path) -> int:
    if not shutil.which("wrk"):
        print("The benchmark needs wrk (Debian: apt-get install wrk).")
        return 2
    from django.db import connection

    from spasmcare.history.models import CompletedSession

    load_before = machine()["load_average"]
    collect_static()
    data = dataset.build(users=args.users, weeks=4 if args.small else 52)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite (WAL)"
    print(
        f"Data set on {database}: {data.exercises} exercises, {data.routines} routines, {data.users:,} people, "
        f"{data.sessions:,} sessions (built in {data.seconds:.0f} s)"
    )
    data_file = write_mix_data(workdir, args.visitors)
    connection.close()

    with Gunicorn(workdir, args.workers, args.threads, args.worker_class) as server:
        env = {**os.environ, "BENCH_MIX_DATA": str(data_file)}
        print(f"Warming up for {args.warm_seconds} s (gunicorn {server.config}) ...")
        # As a site that has been up a while: each worker has the popular pages and the shared
        # parts of pages in its cache (200 exercises × 4 workers take a few thousand requests).
        wrk(server.url, args.warm_seconds, env, script=True)
        clear_logs(workdir)
        saved_before = CompletedSession.objects.count()
        connection.close()
        print(f"wrk: bare view, mix, bare view, {args.seconds} s each ...")
        bare = [wrk(server.url + "/bench/bare/", args.seconds, env)]
        mix = wrk(server.url, args.seconds, env, script=True)
        pages = read_logs(workdir)
        clear_logs(workdir)
        bare.append(wrk(server.url + "/bench/bare/", args.seconds, env))
        public = {}
        for page in PUBLIC_PAGES:
            print(
                f"wrk: {page} alone (anonymous visitors), {3 * args.page_seconds} s to fill the caches, "
                f"{args.page_seconds} s measured, then the bare view ..."
            )
            only = {**env, "BENCH_MIX_ONLY": f"{page}/anon"}
            # The first run fills every worker's cache (each keeps its own: 200 exercises take
            # 800 misses), as a site's popular pages are; the second is measured.
            wrk(server.url, 3 * args.page_seconds, only, script=True)
            alone = wrk(server.url, args.page_seconds, only, script=True)
            bare_after = wrk(server.url + "/bench/bare/", args.page_seconds, env)
            bare.append(bare_after)
            clear_logs(workdir)
            public[page] = {**alone, "ratio": alone["rps"] / bare_after["rps"] if bare_after["rps"] else 0}
        # The floor of every signed-in page: reading the session and the account, nothing else.
        print(f"wrk: the bare view for signed-in people alone, {args.page_seconds} s ...")
        bare_signed_in = wrk(
            server.url, args.page_seconds, {**env, "BENCH_MIX_ONLY": "bare/signed-in"}, script=True
        )
        clear_logs(workdir)
        gunicorn_config = server.config
    log_errors = [line for line in server.log_text().splitlines() if "Traceback" in line or "[ERROR]" in line]
    connection.connect()
    saved = CompletedSession.objects.count() - saved_before
    accepted = sum(
        n for (label, status), n in statuses(pages).items() if label.startswith("save/") and status == 201
    )

    result = {
        "database": database,
        "machine": {
            **machine(),
            "load_average_before": load_before,
            "gunicorn": gunicorn_config,
            "wrk": f"-t2 -c{CONNECTIONS} --timeout 10s, warm-up {args.warm_seconds} s, mix {args.seconds} s, public pages {args.page_seconds} s each",
        },
        "dataset": {k: getattr(data, k) for k in ("exercises", "routines", "users", "sessions")}
        | {"visitors": args.visitors},
        "bare": {key: statistics.median(run[key] for run in bare) for key in ("rps", "p50_ms", "p99_ms")},
        "bare_signed_in": bare_signed_in,
        "mix": {**mix, "pages": summarise(pages)},
        "public": public,
        "saves": {"accepted": accepted, "rows_added": saved},
        "gunicorn_log_errors": log_errors,
    }
    result["misses"] = misses(result)
    print()
    print(markdown_report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"Wrote {args.json}")
    if args.markdown:
        Path(args.markdown).write_text(markdown_report(result))
        print(f"Wrote {args.markdown}")
    return 1 if log_errors or any(p["errors"] for p in result["mix"]["pages"].values()) else 0


def write_mix_data(workdir: Path, visitors: int) -> Path:
    """Signs every person in (a session row each, as logging in makes) and writes what mix.lua
    picks from: their cookies, the visitors' cookies, slugs and library filters."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.module_loading import import_string

    from exercises.models import BodyArea, Exercise, Routine
    from spasmcare.learn.models import Article

    rng = random.Random(14)
    SessionStore = import_string(settings.SESSION_ENGINE + ".SessionStore")
    backend = settings.AUTHENTICATION_BACKENDS[0]
    people = []
    for user in get_user_model().objects.order_by("pk"):
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        session.create()
        people.append((session.session_key, secrets.token_hex(16)))
    areas = list(BodyArea.objects.values_list("slug", flat=True))
    filters = (
        [""] * 6
        + [f"?area={a}" for a in areas]
        + [
            f"?{name}={value}"
            for name, field in (
                ("position", Exercise.Position),
                ("difficulty", Exercise.Difficulty),
                ("kind", Exercise.Kind),
            )
            for value in field.values
        ]
        + [f"?area={rng.choice(areas)}&difficulty={rng.choice(Exercise.Difficulty.values)}" for _ in range(6)]
        + ["?q=stretch", "?q=knee", "?q=bridge"]
    )

    def lua_list(items) -> str:
        return "{" + ", ".join(lua(i) for i in items) + "}"

    def lua(value) -> str:
        if isinstance(value, (list, tuple)):
            return lua_list(value)
        return json.dumps(value)  # a JSON string is a valid Lua string here (ASCII only)

    def lua_mix(mix: dict) -> str:
        return (
            "{" + ", ".join(f"{{{lua(k)}, {v}}}" for k, v in mix.items()) + f", total = {sum(mix.values())}}}"
        )

    visitor_cookies = ["" if n % 2 else secrets.token_hex(16) for n in range(visitors)]
    path = workdir / "mix-data.lua"
    path.write_text(
        "return {\n"
        f"  logdir = {lua(str(workdir))},\n"
        f"  signed_in_share = {SIGNED_IN_SHARE},\n"
        f"  people = {lua_list(people)},\n"
        f"  visitors = {lua_list(visitor_cookies)},\n"
        f"  routines = {lua_list(Routine.objects.published().values_list('slug', flat=True))},\n"
        f"  exercises = {lua_list(Exercise.objects.published().values_list('slug', flat=True))},\n"
        f"  articles = {lua_list(Article.objects.published().values_list('slug', flat=True))},\n"
        f"  filters = {lua_list(filters)},\n"
        f"  people_mix = {lua_mix(PEOPLE_MIX)},\n"
        f"  visitor_mix = {lua_mix(VISITOR_MIX)},\n"
        "}\n"
    )
    return path


def clear_logs(workdir: Path) -> None:
    for log in workdir.glob("mix-*.log"):
        log.unlink()


def read_logs(workdir: Path) -> list[tuple[str, int, float, float]]:
    """(page label, status, milliseconds waited, milliseconds of the worker's CPU) for every
    response mix.lua logged."""
    rows = []
    for log in workdir.glob("mix-*.log"):
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 4:
                rows.append((parts[0], int(parts[1]), int(parts[2]) / 1000, int(parts[3]) / 1000))
    return rows


def statuses(rows) -> dict:
    counts = defaultdict(int)
    for label, status, *_ in rows:
        counts[(label, status)] += 1
    return counts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)] if ordered else 0.0


def summarise(rows) -> dict:
    by_label, cpu = defaultdict(list), defaultdict(list)
    errors = defaultdict(int)
    for label, status, ms, cpu_ms in rows:
        by_label[label].append(ms)
        cpu[label].append(cpu_ms)
        if status >= 500 or (status >= 400 and status != 404):
            errors[label] += 1
    order = list(PEOPLE_MIX) + [p for p in VISITOR_MIX if p not in PEOPLE_MIX]
    labels = sorted(by_label, key=lambda label: (label.endswith("/anon"), order.index(label.split("/")[0])))
    return {
        label: {
            "requests": len(by_label[label]),
            "p50_ms": percentile(by_label[label], 50),
            "p99_ms": percentile(by_label[label], 99),
            "errors": errors[label],
            "cpu_p50_ms": percentile(cpu[label], 50),
            "cpu_mean_ms": statistics.fmean(cpu[label]),
        }
        for label in labels
    }


def misses(result: dict) -> list[str]:
    found = [
        f"{label} p99 {page['p99_ms']:.0f} ms"
        for label, page in result["mix"]["pages"].items()
        if page["p99_ms"] >= BUDGET_P99_MS
    ]
    found += [
        f"{page} alone {row['ratio']:.2f} of the bare view"
        for page, row in result["public"].items()
        if row["ratio"] < BUDGET_PUBLIC_RATIO
    ]
    return found


def wrk(url: str, seconds: int, env: dict, script: bool = False) -> dict:
    # A 10 s timeout, not wrk's 2 s: slower requests would be left out of the latencies.
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(SCRIPT)]
    else:
        command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    # Each run draws its own people, pages and session keys: a run replaying the warm-up's
    # draws would only re-send saves already made, which answer 200 without writing.
    env = {**env, "BENCH_RUN": str(next(RUNS))}
    result = run_in_group(command + [url], timeout=seconds + 60, env=env)
    return parse_wrk(result.stdout + result.stderr)


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def parse_wrk(out: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if not (rps and p50 and p99):
        raise RuntimeError(f"Could not read wrk's output:\n{out}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps[1]),
        "p50_ms": to_ms(p50[1]),
        "p99_ms": to_ms(p99[1]),
        "non_2xx_3xx": int(bad[1]) if bad else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def markdown_report(result: dict) -> str:
    m, d, bare = result["machine"], result["dataset"], result["bare"]
    # A machine busy enough can leave the bare view unanswered in its run: say so, don't divide.
    share = (
        f"{result['mix']['rps'] / bare['rps']:.2f} of"
        if bare["rps"]
        else "the bare view answered nothing, against"
    )
    lines = [
        f"**{result['database']}** — {m['cpus']} cores ({m['cpu_model']}), Python {m['python']}, Django {m['django']}, "
        f"gunicorn {m['gunicorn_version']} ({m['gunicorn']}), wrk {m['wrk']}; load average before "
        f"{m['load_average_before']}, after {m['load_average']}. Data: {d['users']:,} people, {d['sessions']:,} "
        f"sessions, {d['exercises']} exercises, {d['routines']} routines, {d['visitors']} visitors.",
        "",
        f"Bare view: {bare['rps']:.0f} req/s, p50 {bare['p50_ms']:.1f} ms, p99 {bare['p99_ms']:.1f} ms. "
        f"Mix: {result['mix']['rps']:.0f} req/s ({share} the bare view), "
        f"{result['saves']['accepted']} sessions saved ({result['saves']['rows_added']} rows added). "
        f"Bare view for signed-in people alone (the session and account read, nothing else): "
        f"{result['bare_signed_in']['rps']:.0f} req/s, p50 {result['bare_signed_in']['p50_ms']:.1f} ms, "
        f"p99 {result['bare_signed_in']['p99_ms']:.1f} ms.",
        "",
        "| page (who) | requests | p50 ms | p99 ms | CPU ms p50 | CPU ms mean | CPU ÷ bare | alone: req/s | alone ÷ bare after it |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    # "CPU ÷ bare": against the bare view asked for by visitors (no session to read) in the mix.
    bare_cpu = result["mix"]["pages"].get("bare/anon", {}).get("cpu_mean_ms", 0)
    for label, page in result["mix"]["pages"].items():
        name, who = label.split("/")
        alone = result["public"].get(name) if who == "anon" else None
        lines.append(
            f"| {name} ({who.replace('-', ' ')}) | {page['requests']:,} | {page['p50_ms']:.1f} | {page['p99_ms']:.1f} | "
            f"{page['cpu_p50_ms']:.1f} | {page['cpu_mean_ms']:.1f} | "
            + (f"{page['cpu_mean_ms'] / bare_cpu:.1f} | " if bare_cpu else " | ")
            + (f"{alone['rps']:.0f} | {alone['ratio']:.2f} |" if alone else " | |")
            + (f" {page['errors']} errors" if page["errors"] else "")
        )
    rps = result["mix"]["rps"]
    lines += [
        "",
        # Little's law: with every connection asking again as soon as it is answered, the mean
        # wait is the connections divided by the throughput, whatever the pages cost.
        f"{CONNECTIONS} connections asking back to back at {rps:.0f} req/s wait "
        f"{1000 * CONNECTIONS / rps:.0f} ms on average (connections ÷ requests per second)."
        if rps
        else "",
        "",
        "Budget (p99 < 100 ms every page; public pages ≥ 0.5 of the bare view): "
        + ("met" if not result["misses"] else "missed: " + "; ".join(result["misses"])),
    ]
    if result["gunicorn_log_errors"]:
        lines.append(f"gunicorn logged {len(result['gunicorn_log_errors'])} errors")
    return "\n".join(lines) + "\n"
