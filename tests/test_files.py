"""Files the app makes for itself on first start, made by many processes at once: a fresh clone's
CI starts the SQLite and PostgreSQL runs and their workers together, and one of them failed with
FileExistsError on data/secret_key (found in a fresh-clone `.ci/run`)."""

import os
import subprocess
import sys
import time

from spasmcare.core.files import create_once

# Each process imports the settings with the same empty data folder and prints its secret key.
RACE = """
import os, sys, time
os.environ["SPASMCARE_DATA_DIR"] = sys.argv[1]
os.environ.pop("DJANGO_SECRET_KEY", None)
while time.time() < float(sys.argv[2]):
    pass
from spasmcare import settings
print(settings.SECRET_KEY, end="")
"""


def test_processes_starting_at_once_on_a_fresh_clone_share_one_whole_secret_key(tmp_path):
    start = time.time() + 1.5  # all of them are running (and spinning) by then
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, str(tmp_path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(8)
    ]
    results = [run.communicate(timeout=60) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err[-300:] for _, err in results]
    path = tmp_path / "secret_key"
    assert {out for out, _ in results} == {path.read_text().strip()}
    assert len(path.read_text().strip()) >= 50
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_an_existing_file_is_kept(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("kept")
    create_once(path, b"new")
    assert path.read_text() == "kept"
