import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Take a consistent copy of the SQLite database while the app keeps running (SQLite's "
        "online backup API), then check it. For PostgreSQL use pg_dump."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            nargs="?",
            help="File to write (default: data/backups/spasmcare-<UTC time>.sqlite3).",
        )

    def handle(self, *args, destination=None, **options):
        if connection.vendor != "sqlite":
            raise CommandError("This command copies SQLite databases; for PostgreSQL use pg_dump.")
        source = Path(connection.settings_dict["NAME"])
        if destination is None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            destination = Path(settings.DATA_DIR) / "backups" / f"spasmcare-{stamp}.sqlite3"
        destination = Path(destination)
        if destination.exists():
            raise CommandError(f"{destination} already exists; choose another name.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        # The backup API copies page by page and restarts if a writer changes a page it has
        # copied, so the result is one moment's consistent database even under load.
        with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(destination) as dst:
            src.backup(dst, pages=1024)
        with sqlite3.connect(destination) as dst:
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            destination.unlink()
            raise CommandError(f"The copy failed its integrity check: {result}")
        self.stdout.write(
            f"Backed up {source} to {destination} ({destination.stat().st_size:,} bytes, integrity ok)."
        )
