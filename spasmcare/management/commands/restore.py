import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with a backup made by `manage.py backup`. Stop the web "
        "server and reminder workers first; the current database is kept beside it as .before-restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Don't ask for confirmation.")

    def handle(self, *args, backup, yes=False, **options):
        if connection.vendor != "sqlite":
            raise CommandError("This command restores SQLite databases; for PostgreSQL use pg_restore.")
        backup = Path(backup)
        if not backup.is_file():
            raise CommandError(f"No backup at {backup}.")
        try:
            with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as src:
                healthy = src.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            healthy = False
        if not healthy:
            raise CommandError(f"{backup} is not a healthy SQLite database; not restoring it.")
        target = Path(connection.settings_dict["NAME"])
        if not yes and input(f"Replace {target} with {backup}? [y/N] ").strip().lower() != "y":
            raise CommandError("Nothing restored.")
        connection.close()
        if target.exists():
            with sqlite3.connect(target) as current, sqlite3.connect(f"{target}.before-restore") as keep:
                current.backup(keep)
        # Copy through SQLite too, so the WAL and shared memory files stay consistent.
        with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        self.stdout.write(
            f"Restored {target} from {backup}; the previous database is at {target}.before-restore."
        )
