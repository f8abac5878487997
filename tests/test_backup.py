"""A consistent SQLite backup taken while the app writes, and a restore that brings it back."""

import sqlite3
import threading
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from spasmcare.history.models import CompletedSession

from .test_history import add_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="backup/restore copy SQLite files"),
]


def test_backup_while_writing_is_consistent_and_restore_brings_it_back(owner, tmp_path):
    for i in range(50):
        add_session(owner, date(2026, 1, 1).replace(day=1 + i % 28), note=f"before {i}")

    stop = threading.Event()
    written = []

    def keep_writing():
        db = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        while not stop.is_set():
            with db:
                db.execute(
                    "UPDATE history_completedsession SET note = note || '.' WHERE id = (SELECT MIN(id) FROM history_completedsession)"
                )
            written.append(1)
        db.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        call_command("backup", str(tmp_path / "copy.sqlite3"))
    finally:
        stop.set()
        writer.join()
    assert written, "the app kept writing during the backup"

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT COUNT(*) FROM history_completedsession").fetchone()[0] == 50
    copy.close()

    CompletedSession.objects.all().delete()
    add_session(owner, date(2026, 2, 1), note="after the backup")
    call_command("restore", str(tmp_path / "copy.sqlite3"), yes=True)
    assert CompletedSession.objects.count() == 50
    assert not CompletedSession.objects.filter(note="after the backup").exists()


def test_restore_refuses_a_damaged_file(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(CommandError):
        call_command("restore", str(broken), yes=True)


def test_backup_will_not_overwrite_a_file(tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(target))
    assert target.read_text() == "keep me"
