"""How fast and how heavy each page is, served the production way (issue 6).

For each page, and for a bare Django view served by the same gunicorn through the same
middleware: wrk's requests per second and p50/p99 latency (several rounds per page, each
right after a bare-view run, medians reported, so the ratio holds on a machine whose speed
drifts; every request accepts compressed pages, as a browser's does); the queries one request
makes to render the page and to serve it from the cache; the bytes a first visit transfers
(compressed HTML and every same-origin resource it references, exercise illustrations counted
apart); and Lighthouse's mobile scores.

What counts towards a page's bytes: <link rel> stylesheet, manifest, icon and preload, <script
src>, <img src> (its first srcset candidate when it has no src), and whatever the stylesheets
@import or url(). Nothing inside <template> (the browser does not load it), not what the
manifest lists, not <picture> <source> alternatives. Any reference to another host is flagged.
"""

import json
import os
import re
import shutil
import sqlite3
import statistics
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from . import dataset
from .server import Browser, Gunicorn, collect_static, machine, run_in_group

BUDGETS = {
    "ratio": 0.5,
    "p99_ms": 100,
    "first_load_kb": 60,
    "player_with_illustrations_kb": 150,
    "lighthouse": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95},
}
LIGHTHOUSE_CACHE = Path.home() / ".cache" / "spasmcare-lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
MISS = "✗"
ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br, zstd"


def pages_for(data: dataset.Dataset) -> list[dict]:
    """name, path, and whether it is measured logged in as the bench user."""
    return [
        {"name": "home", "path": "/", "login": False},
        {"name": "library", "path": "/exercises/", "login": False},
        {"name": "exercise", "path": f"/exercises/{data.exercise_slug}/", "login": False},
        {"name": "routine", "path": f"/routines/{data.routine_slug}/", "login": False},
        {"name": "player", "path": f"/routines/{data.routine_slug}/play/", "login": True},
        {"name": "learn", "path": "/learn/", "login": False},
        {"name": "article", "path": f"/learn/{data.article_slug}/", "login": False},
        {"name": "history", "path": "/history/", "login": True},
    ]


def run(args, workdir: Path) -> int:
    if not shutil.which("wrk"):
        print("The pages benchmark needs wrk (Debian: apt-get install wrk).")
        return 2
    load_before = machine()["load_average"]
    collect_static()
    data = dataset.build(users=args.users, weeks=4 if args.small else 52)
    print(f"Data set: {data.exercises} exercises, {data.routines} routines, {data.users:,} people, "
          f"{data.sessions:,} sessions (built in {data.seconds:.0f} s)")
    pages = pages_for(data)
    lighthouse, skip_reason = (None, "--no-lighthouse given") if args.no_lighthouse else lighthouse_binary()

    with Gunicorn(workdir, args.workers, args.threads, args.worker_class) as server:
        bench = Browser(server.port)
        bench.log_in(dataset.BENCH_EMAIL, dataset.PASSWORD)
        cookie = bench.cookie_header
        for page in pages:
            status, _, _ = (bench if page["login"] else Browser(server.port)).get(page["path"])
            if status != 200:
                raise RuntimeError(f"{page['name']} ({page['path']}) answered {status}, not 200.")
            # One second of wrk reaches every worker thread: templates compiled, connections open.
            wrk(server.url + page["path"], 1, cookie if page["login"] else "")

        bare_runs = []
        with CommitsElsewhere(args.writes) as writes:
            for page in pages:
                print(f"wrk: {page['name']} ({page['path']}), {args.rounds} × {args.seconds} s, each after the bare view")
                pairs = []
                for _ in range(args.rounds):
                    bare_run = wrk(server.url + "/bench/bare/", args.seconds)
                    page_run = wrk(server.url + page["path"], args.seconds, cookie if page["login"] else "")
                    pairs.append((bare_run, page_run))
                bare_runs.extend(bare_run for bare_run, _ in pairs)
                page["bare"] = median_run([bare_run for bare_run, _ in pairs])
                page["wrk"] = median_run([page_run for _, page_run in pairs])
                # Each round's page run is compared with the bare run just before it, so the ratio
                # holds on a machine whose speed drifts; the median round is the one reported.
                page["ratio"] = statistics.median(
                    page_run["rps"] / bare_run["rps"] if bare_run["rps"] else 0 for bare_run, page_run in pairs
                )
        for page in pages:
            page["queries"] = count_queries(page["path"], page["login"])
            page["weight"] = page_weight(server.port, page["path"], bench if page["login"] else Browser(server.port))
        worker = service_worker_weight(server.port)
        if lighthouse:
            for page in pages:
                print(f"Lighthouse: {page['name']}")
                page["lighthouse"] = run_lighthouse(lighthouse, server.url + page["path"], cookie if page["login"] else "", workdir)
        gunicorn_config = server.config
    log_errors = [line for line in server.log_text().splitlines() if "Traceback" in line or "[ERROR]" in line]

    bare = {key: statistics.median(run[key] for run in bare_runs) for key in ("rps", "p50_ms", "p99_ms")}
    bare["queries"] = count_queries("/bench/bare/", False).split(" / ")[0]
    for page in pages:
        page["misses"] = misses(page)
    result = {
        "machine": {
            **machine(), "load_average_before": load_before, "gunicorn": gunicorn_config,
            "wrk": f"-t2 -c32 -d{args.seconds}s --latency --timeout 10s -H '{ACCEPT_ENCODING}', {args.rounds} rounds per page",
            "commits_elsewhere": {"asked_per_second": args.writes, "made_per_second": writes.rate},
        },
        "budgets": BUDGETS,
        "dataset": {k: getattr(data, k) for k in ("exercises", "routines", "users", "sessions")},
        "lighthouse_skipped": skip_reason,
        "gunicorn_log_errors": log_errors,
        "service_worker_precache": worker,
        "bare": bare,
        "pages": pages,
    }
    print()
    print(text_report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"\nWrote {args.json}")
    if args.markdown:
        Path(args.markdown).write_text(markdown_report(result))
        print(f"Wrote {args.markdown}")
    return 0


# ---- wrk ----

class CommitsElsewhere:
    """While measuring, another connection commits `per_second` times a second (the last
    person's last_login moves on, as when they sign in; SQLite only), so every worker's
    remembered answers (spasmcare/unchanged.py) are dropped as often as a busy site's writes
    would drop them. An update that leaves the row as it was would not do: SQLite doesn't
    count it as a change, so the run checks that a third connection saw the commits."""

    def __init__(self, per_second: float):
        self.per_second, self.made, self.rate, self.failure = per_second, 0, 0.0, None

    def __enter__(self):
        if self.per_second > 0:
            from django.db import connection

            self.path = connection.settings_dict["NAME"]
            self.witness = sqlite3.connect(self.path)
            self.seen_before = self.data_version()
            self.stop = threading.Event()
            self.thread = threading.Thread(target=self.commit, daemon=True)
            self.started = time.monotonic()
            self.thread.start()
        return self

    def data_version(self) -> int:
        return self.witness.execute("PRAGMA data_version").fetchone()[0]

    def commit(self):
        from django.contrib.auth import get_user_model

        table = get_user_model()._meta.db_table
        db = sqlite3.connect(self.path, isolation_level=None, timeout=20)
        try:
            while not self.stop.wait(1 / self.per_second):
                db.execute(
                    f"UPDATE {table} SET last_login = ? WHERE id = (SELECT MAX(id) FROM {table})",
                    [datetime.now(UTC).isoformat(sep=" ")],
                )
                self.made += 1
        except Exception as error:
            self.failure = error
        finally:
            db.close()

    def __exit__(self, *exc):
        if self.per_second > 0:
            self.stop.set()
            self.thread.join()
            self.rate = self.made / (time.monotonic() - self.started)
            changed = self.data_version() != self.seen_before
            self.witness.close()
            if exc[0] is None and (self.failure or not changed):
                raise RuntimeError(f"--writes: the commits were not seen ({self.failure or 'data_version unchanged'}).")


def median_run(runs: list[dict]) -> dict:
    """Per figure, the median of several wrk runs (errors are added up, not averaged)."""
    summed = ("requests", "non_2xx_3xx", "socket_errors")
    return {
        key: sum(run[key] for run in runs) if key in summed else statistics.median(run[key] for run in runs)
        for key in runs[0]
    }


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def wrk(url: str, seconds: int, cookie: str = "") -> dict:
    # A 10 s timeout, not wrk's 2 s: slower requests would be left out of the latencies.
    # Asking as a phone's browser does: it always accepts compressed pages.
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "--timeout", "10s", "-H", ACCEPT_ENCODING, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = run_in_group(command, timeout=seconds + 60).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if not (rps and p50 and p99):
        raise RuntimeError(f"Could not read wrk's output:\n{out}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": float(rps[1]),
        "p50_ms": to_ms(p50[1]),
        "p99_ms": to_ms(p99[1]),
        "requests": int(total[1]) if total else 0,
        "non_2xx_3xx": int(bad[1]) if bad else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


# ---- Queries per request, in-process against the same database ----

def count_queries(path: str, login: bool) -> str:
    """Queries to render the page with nothing cached or remembered, then to serve it again from
    the page cache with nothing written since: "6 / 0"."""
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from spasmcare.unchanged import forget

    client = Client(HTTP_HOST="127.0.0.1")
    if login:
        client.force_login(get_user_model().objects.get(email=dataset.BENCH_EMAIL))
    client.get(path)  # per-process caches (content types, templates) and the CSRF cookie
    counts = []
    for cache_state in ("cleared", "filled"):
        if cache_state == "cleared":
            for cache in caches.all():
                cache.clear()
            forget()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process.")
        counts.append(len(queries))
    return " / ".join(map(str, counts))


# ---- Bytes of a first visit ----

class References(HTMLParser):
    """The same-page resources a browser fetches on a first visit (see the module docstring)."""

    LINK_RELS = frozenset({"stylesheet", "manifest", "icon", "preload", "modulepreload"})

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        attrs = dict(attrs)
        if tag == "link" and self.LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        elif tag == "script":
            self.urls.append(attrs.get("src") or "")
        elif tag == "img":
            srcset = (attrs.get("srcset") or "").strip()
            self.urls.append(attrs.get("src") or (srcset.split(",")[0].split()[0] if srcset else ""))

    def handle_endtag(self, tag):
        if tag == "template" and self.in_template:
            self.in_template -= 1


CSS_REFERENCE = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""")


def decoded(body: bytes, encoding: str) -> str:
    """The text of a response body sent with Content-Encoding `encoding`."""
    import gzip

    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli  # only if a server ever answers with it; WhiteNoise here serves gzip

        body = brotli.decompress(body)
    return body.decode()


def page_weight(port: int, path: str, browser: Browser) -> dict:
    from django.conf import settings

    origin = f"127.0.0.1:{port}"
    illustration_prefixes = (settings.STATIC_URL + "exercises/", settings.MEDIA_URL)
    compressed = {"Accept-Encoding": "gzip, br"}
    _, headers, html = browser.get(path, headers=compressed)
    html_encoding = headers.get("Content-Encoding", "none")
    page_url = f"http://{origin}{path}"
    parser = References()
    parser.feed(decoded(html, html_encoding))
    queue = [urllib.parse.urljoin(page_url, ref) for ref in parser.urls if ref]
    seen, resources, foreign = set(), [], []
    while queue:
        url = queue.pop(0)
        parts = urllib.parse.urlsplit(url)
        if parts.scheme == "data" or url in seen:
            continue
        seen.add(url)
        if parts.netloc != origin:
            foreign.append(url)
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        status, headers, body = browser.get(target, headers=compressed)
        resources.append({
            "url": target, "status": status, "bytes": len(body),
            "encoding": headers.get("Content-Encoding", "none"),
            "illustration": target.startswith(illustration_prefixes),
        })
        if "text/css" in (headers.get("Content-Type") or ""):
            _, _, css = browser.get(target)
            for imported, referenced in CSS_REFERENCE.findall(css.decode()):
                reference = imported or referenced
                if not reference.startswith("#"):
                    queue.append(urllib.parse.urljoin(url, reference))
    html_bytes = len(html)
    other = sum(r["bytes"] for r in resources if not r["illustration"])
    illustrations = sum(r["bytes"] for r in resources if r["illustration"])
    return {
        "html_bytes": html_bytes,
        "html_encoding": html_encoding,
        "bytes": html_bytes + other,
        "bytes_with_illustrations": html_bytes + other + illustrations,
        "illustrations": sum(1 for r in resources if r["illustration"]),
        "resources": resources,
        "foreign": foreign,
        "broken": [r["url"] for r in resources if r["status"] != 200],
    }


def service_worker_weight(port: int) -> dict | None:
    """What the service worker downloads after the load event (its precache lists), which the
    first-load bytes above leave out."""
    browser = Browser(port)
    status, _, script = browser.get("/sw.js")
    lists = [re.search(rf"{name}\s*=\s*(\[.*?\]);", script.decode(), re.DOTALL) for name in ("PRECACHE_STATIC", "PRECACHE_PAGES")]
    if status != 200 or not all(lists):
        return None
    urls = [url for found in lists for url in json.loads(found[1])]
    sizes = [len(browser.get(url, headers={"Accept-Encoding": "gzip, br"})[2]) for url in urls]
    return {"files": len(urls), "bytes": sum(sizes) + len(script)}


# ---- Lighthouse ----

def lighthouse_binary() -> tuple[Path | None, str]:
    """Lighthouse 12 installed once under ~/.cache (13 needs a newer Node than these machines)."""
    if not shutil.which("npm") or not shutil.which("node"):
        return None, "Lighthouse skipped: node and npm are needed"
    if not os.path.exists(CHROMIUM):
        return None, f"Lighthouse skipped: no Chromium at {CHROMIUM} (set CHROMIUM_PATH)"
    binary = LIGHTHOUSE_CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"Installing Lighthouse 12 into {LIGHTHOUSE_CACHE} (once)")
        LIGHTHOUSE_CACHE.mkdir(parents=True, exist_ok=True)
        installed = run_in_group(
            ["npm", "install", "--prefix", str(LIGHTHOUSE_CACHE), "--no-audit", "--no-fund", "lighthouse@12"], timeout=600
        )
        if installed.returncode != 0 or not binary.exists():
            return None, f"Lighthouse skipped: npm install failed: {installed.stderr.strip()[-300:]}"
    return binary, ""


def run_lighthouse(binary: Path, url: str, cookie: str, workdir: Path, tries: int = 2) -> dict:
    """Scores out of 100 and, per category, the audits that cost points. A run whose trace
    failed (it happens on a busy machine) is tried once more."""
    out = workdir / "lighthouse.json"
    command = [
        str(binary), url, "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
        "--form-factor=mobile", "--output=json", f"--output-path={out}", "--quiet",
    ]
    if cookie:
        headers = workdir / "lighthouse-headers.json"
        headers.write_text(json.dumps({"Cookie": cookie}))
        command.append(f"--extra-headers={headers}")
    for _ in range(tries):
        out.unlink(missing_ok=True)
        finished = run_in_group(command, timeout=180, env={**os.environ, "CHROME_PATH": CHROMIUM})
        try:
            report = json.loads(out.read_text())
        except (OSError, ValueError):
            result = {"error": (finished.stderr or "no report").strip()[-300:]}
            continue
        result = {}
        for key, category in report["categories"].items():
            result[key] = round(category["score"] * 100) if category["score"] is not None else None
            result[f"{key} losses"] = [
                ref["id"] for ref in category["auditRefs"]
                if ref["weight"] and (report["audits"][ref["id"]].get("score") or 0) < 1
                and report["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            ]
        if not report.get("runtimeError"):
            return result
        result["error"] = report["runtimeError"].get("message", "")
    return result


# ---- Budgets and reports ----

def misses(page: dict) -> list[str]:
    found = []
    if page["ratio"] < BUDGETS["ratio"]:
        found.append(f"ratio {page['ratio']:.2f} is under {BUDGETS['ratio']} "
                     f"({page['wrk']['rps']:.0f} req/s needs {BUDGETS['ratio'] * page['bare']['rps']:.0f})")
    if page["wrk"]["p99_ms"] >= BUDGETS["p99_ms"]:
        found.append(f"p99 {page['wrk']['p99_ms']:.0f} ms is {page['wrk']['p99_ms'] - BUDGETS['p99_ms']:.0f} ms "
                     f"over {BUDGETS['p99_ms']} ms")
    kb = page["weight"]["bytes"] / 1024
    if kb > BUDGETS["first_load_kb"]:
        found.append(f"first load {kb:.1f} KB is {kb - BUDGETS['first_load_kb']:.1f} KB over {BUDGETS['first_load_kb']} KB")
    if page["name"] == "player":
        kb = page["weight"]["bytes_with_illustrations"] / 1024
        if kb > BUDGETS["player_with_illustrations_kb"]:
            found.append(f"with illustrations {kb:.1f} KB is {kb - BUDGETS['player_with_illustrations_kb']:.1f} KB "
                         f"over {BUDGETS['player_with_illustrations_kb']} KB")
    if page.get("lighthouse", {}).get("error"):
        found.append(f"Lighthouse failed: {page['lighthouse']['error']}")
    for key, minimum in BUDGETS["lighthouse"].items():
        score = page.get("lighthouse", {}).get(key)
        if score is not None and score < minimum:
            losses = ", ".join(page["lighthouse"].get(f"{key} losses", []))
            found.append(f"Lighthouse {key} {score} is {minimum - score} under {minimum} (audits losing points: {losses})")
    if page["weight"]["foreign"]:
        found.append("loads from another host: " + ", ".join(page["weight"]["foreign"]))
    if page["weight"]["broken"]:
        found.append("references missing files: " + ", ".join(page["weight"]["broken"]))
    if page["wrk"]["non_2xx_3xx"] or page["wrk"]["socket_errors"]:
        found.append(f"wrk saw {page['wrk']['non_2xx_3xx']} error responses and {page['wrk']['socket_errors']} socket errors")
    return found


def mark(text: str, missed: bool) -> str:
    return f"{text} {MISS}" if missed else text


def rows(result: dict) -> list[list[str]]:
    table = []
    for page in result["pages"]:
        w, weight = page["wrk"], page["weight"]
        kb = mark(f"{weight['bytes'] / 1024:.1f}", weight["bytes"] / 1024 > BUDGETS["first_load_kb"])
        if page["name"] == "player":
            with_ill = weight["bytes_with_illustrations"] / 1024
            kb += f" ({mark(f'{with_ill:.1f}', with_ill > BUDGETS['player_with_illustrations_kb'])} with {weight['illustrations']} illustrations)"
        if "lighthouse" in page:
            scores = page["lighthouse"]
            lighthouse = "/".join(
                mark(str(scores.get(key, "?")), scores.get(key) is None or scores[key] < minimum)
                for key, minimum in BUDGETS["lighthouse"].items()
            )
        else:
            lighthouse = "skipped"
        table.append([
            page["name"], f"{w['rps']:.0f}", f"{w['p50_ms']:.1f} ms",
            mark(f"{w['p99_ms']:.1f} ms", w["p99_ms"] >= BUDGETS["p99_ms"]), f"{page['bare']['rps']:.0f}",
            mark(f"{page['ratio']:.2f}", page["ratio"] < BUDGETS["ratio"]), str(page["queries"]), kb, lighthouse,
        ])
    bare = result["bare"]
    table.append(["bare view", f"{bare['rps']:.0f}", f"{bare['p50_ms']:.1f} ms", f"{bare['p99_ms']:.1f} ms",
                  f"{bare['rps']:.0f}", "1.00", str(bare["queries"]), "", ""])
    return table


HEADER = [
    "page", "req/s", "p50", "p99", "bare req/s", "ratio", "queries rendered / cached", "KB compressed",
    "Lighthouse P/A/BP/SEO",
]


def budget_line() -> str:
    lh = BUDGETS["lighthouse"]
    return (f"Budgets ({MISS} = missed): ratio ≥ {BUDGETS['ratio']}, p99 < {BUDGETS['p99_ms']} ms, first load ≤ "
            f"{BUDGETS['first_load_kb']} KB, player with illustrations ≤ {BUDGETS['player_with_illustrations_kb']} KB, "
            f"Lighthouse P ≥ {lh['performance']}, A = {lh['accessibility']}, BP = {lh['best-practices']}, "
            f"SEO ≥ {lh['seo']}. KB = 1024 bytes as transferred (HTML and same-origin resources, compressed "
            f"where the server compresses; illustrations apart). Queries cached: with nothing written since, "
            f"when SQLite's change counter is read instead (spasmcare/unchanged.py).")


def machine_lines(result: dict) -> list[str]:
    m, d = result["machine"], result["dataset"]
    lines = [
        (f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Django {m['django']}, "
         f"gunicorn {m['gunicorn_version']} ({m['gunicorn']}), wrk {m['wrk']}"),
        (f"Data: {d['exercises']} exercises, {d['routines']} routines, {d['users']:,} people, "
         f"{d['sessions']:,} sessions; SQLite (WAL), DEBUG off, static files from WhiteNoise"),
    ]
    if m["commits_elsewhere"]["asked_per_second"]:
        lines.append(f"Meanwhile another connection committed {m['commits_elsewhere']['made_per_second']:.0f} times a second "
                     "(--writes), so the workers' remembered answers kept being dropped")
    lines.append(f"Load average (1, 5, 15 min) before: {m['load_average_before']}, after: {m['load_average']} "
                 "(anything else running on the machine skews the absolute figures)")
    if result["service_worker_precache"]:
        worker = result["service_worker_precache"]
        lines.append(f"After the load event the service worker precaches {worker['files']} files: "
                     f"{worker['bytes'] / 1024:.1f} KB more (not counted above)")
    uncompressed = [p["name"] for p in result["pages"] if p["weight"]["html_encoding"] == "none"]
    if uncompressed:
        lines.append("HTML sent uncompressed (no Content-Encoding) on: " + ", ".join(uncompressed))
    if result["gunicorn_log_errors"]:
        lines.append(f"gunicorn's log has {len(result['gunicorn_log_errors'])} error lines, the first: "
                     f"{result['gunicorn_log_errors'][0]}")
    if result["lighthouse_skipped"]:
        lines.append(result["lighthouse_skipped"])
    return lines


def text_report(result: dict) -> str:
    table = [HEADER] + rows(result)
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    lines += ["", budget_line(), *machine_lines(result)]
    missed = [(page["name"], miss) for page in result["pages"] for miss in page["misses"]]
    lines.append("Missed budgets:" if missed else "Every budget met.")
    lines += [f"  {name}: {miss}" for name, miss in missed]
    return "\n".join(lines)


def markdown_report(result: dict) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(cell or "–" for cell in row) + " |" for row in rows(result)]
    lines += ["", budget_line(), ""] + [line + "  " for line in machine_lines(result)]
    missed = [f"- {page['name']}: {miss}" for page in result["pages"] for miss in page["misses"]]
    if missed:
        lines += ["", "Missed budgets:", "", *missed]
    return "\n".join(lines) + "\n"
