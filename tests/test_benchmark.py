"""The load test in miniature: people browsing and saving at once on SQLite get no errors.

Runs `python -m tests.bench load` for real (gunicorn on loopback, a few seconds, four
people) so CI notices when concurrent saves start failing or the benchmark itself breaks.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_DID_NOT_START = 3


def test_people_saving_sessions_at_once_get_no_server_errors_and_no_lost_saves():
    command = [
        sys.executable, "-m", "tests.bench", "load",
        "--seconds", "3", "--clients", "4", "--users", "20", "--small",
    ]
    finished = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if finished.returncode == SERVER_DID_NOT_START:
        reason = "gunicorn could not start: " + finished.stderr.strip()[-500:]
        print(reason)
        pytest.skip(reason)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "5xx responses: 0\n" in finished.stdout
    assert '"database is locked": 0 in responses, 0 in' in finished.stdout
    assert "verdict          PASS" in finished.stdout
