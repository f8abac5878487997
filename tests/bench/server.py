"""SpasmCare served the production way for a benchmark, and a small cookie-keeping HTTP client.

App: collected static files (WhiteNoise, hashed and compressed), DEBUG off, gunicorn on a free
loopback port in its own process group, so stopping it stops every worker. The settings module
is tests.bench.settings, which adds the bare view at /bench/bare/.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Self

# Four sync workers on the 2-core benchmark machine, as behind a buffering proxy (see README,
# "Deploying"): each response closes its connection, so a free worker takes the oldest waiting
# request. Keep-alive gthread workers kept each of wrk's connections on the worker that first
# accepted it; at the same throughput their p99 was 2-3 times higher. --workers, --threads and
# --worker-class try others.
WORKERS, THREADS, WORKER_CLASS = 4, 1, "sync"


class ServerDidNotStart(Exception):
    """gunicorn exited or did not answer in time; the message carries the end of its log."""


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Gunicorn:
    workdir: Path
    workers: int = WORKERS
    threads: int = THREADS
    worker_class: str = WORKER_CLASS

    @property
    def config(self) -> str:
        return f"--workers {self.workers} --threads {self.threads} --worker-class {self.worker_class}"

    def __enter__(self) -> Self:
        self.port = free_port()
        self.log_path = self.workdir / "gunicorn.log"
        self.log = open(self.log_path, "w")
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "spasmcare.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            *self.config.split(),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(
            command,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerDidNotStart(
                    f"gunicorn exited with code {self.process.returncode}:\n{self.log_text()[-2000:]}"
                )
            try:
                status, _, _ = Browser(self.port).get("/bench/bare/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise ServerDidNotStart(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_text()[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            terminate_group(self.process)
        self.log.close()

    def log_text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def terminate_group(process: subprocess.Popen, grace: float = 10) -> None:
    """Stop a process started with start_new_session=True, and everything it started."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # Children the leader left behind (a browser whose launcher died first) go too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_in_group(command: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run, but the command's own children are stopped too on a timeout or Ctrl+C."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        terminate_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


class Browser:
    """One keep-alive connection to the app with a cookie jar, like one phone."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, headers, body). Retries once if the server had closed an idle connection."""
        headers = {**(headers or {})}
        if self.cookies:
            headers["Cookie"] = self.cookie_header
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, response.msg, data

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers=headers)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def log_in(self, email: str, password: str) -> None:
        """Fill in the real login form, as a person would; keeps the session and CSRF cookies."""
        status, _, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"The login page answered {status} without a CSRF token.")
        form = urllib.parse.urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": token[1].decode()}
        ).encode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Logging in as {email} answered {status}, not a redirect with a session.")


def machine() -> dict:
    import platform

    import django
    import gunicorn

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn_version": gunicorn.__version__,
        "load_average": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }
