"""python -m tests.bench pages|load: see pages.py and load.py."""

import argparse
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from . import dataset
from .server import THREADS, WORKER_CLASS, WORKERS, ServerDidNotStart


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description="Serve SpasmCare the production way on a throwaway year-sized database and measure it.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    pages = commands.add_parser(
        "pages", help="a mix of people and pages at once: p50/p99 per page against a bare view"
    )
    pages.add_argument(
        "--seconds", type=int, default=20, help="wrk duration of the mix and the bare view (default 20)"
    )
    pages.add_argument(
        "--page-seconds", type=int, default=5, help="wrk duration per public page alone (default 5)"
    )
    pages.add_argument(
        "--warm-seconds",
        type=int,
        default=60,
        help="the mix, unmeasured, before measuring, so every worker's cache holds what a site up "
        "for a while would (default 60)",
    )
    pages.add_argument("--visitors", type=int, default=300, help="anonymous visitors (default 300)")
    pages.add_argument(
        "--database-url",
        default="",
        help="measure on this PostgreSQL database, emptied first (default: a throwaway SQLite file)",
    )
    pages.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    pages.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    load = commands.add_parser("load", help="32 logged-in people browsing and saving sessions at once")
    load.add_argument("--seconds", type=int, default=30, help="how long the clients run (default 30)")
    load.add_argument(
        "--clients", type=int, default=32, help="concurrent clients, each a different person (default 32)"
    )
    for command in (pages, load):
        command.add_argument("--users", type=int, default=1000, help="people in the data set (default 1000)")
        command.add_argument(
            "--small", action="store_true", help="four weeks of sessions per person, not a year"
        )
        command.add_argument(
            "--workers", type=int, default=WORKERS, help=f"gunicorn workers (default {WORKERS})"
        )
        command.add_argument(
            "--threads", type=int, default=THREADS, help=f"threads per worker (default {THREADS})"
        )
        command.add_argument(
            "--worker-class", default=WORKER_CLASS, help=f"gunicorn worker class (default {WORKER_CLASS})"
        )
    return parser.parse_args(argv)


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    workdir = Path(tempfile.mkdtemp(prefix="spasmcare-bench-"))
    try:
        dataset.configure(workdir, getattr(args, "database_url", ""))
        import django

        django.setup()
        from . import load, pages

        return {"pages": pages.run, "load": load.run}[args.command](args, workdir)
    except ServerDidNotStart as error:
        print(f"Could not start gunicorn: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("Interrupted; stopped everything started.", file=sys.stderr)
        return 130
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
