"""gunicorn serves the app as configured for production (gunicorn.conf.py, the command of
`make serve`) on the test database: it becomes ready, answers the probes and the pages, writes
a JSON access line carrying each request's id, keeps every worker through a burst of
concurrent requests, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests

from app.extensions import db

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_lines(path: Path) -> list[dict]:
    """The JSON lines of gunicorn's output (the access and error logs, and the app's)."""
    lines = []
    for raw in path.read_text(errors="replace").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    return lines


@contextmanager
def gunicorn(database_url: str, log_path: Path,
             redis_url: str = "") -> Iterator[tuple[str, subprocess.Popen]]:
    """gunicorn with two workers on `database_url`; yields (base URL, the master process)."""
    port = _free_port()
    env = {**os.environ, "KAKEHASHI_DATABASE_URL": database_url, "KAKEHASHI_BIND": f"127.0.0.1:{port}",
           "KAKEHASHI_SECRET_KEY": "serving-test-secret", "KAKEHASHI_ENVIRONMENT": "production",
           "KAKEHASHI_REDIS_URL": redis_url, "REDIS_URL": redis_url, "WEB_CONCURRENCY": "2",
           "PYTHONFAULTHANDLER": "1", "KAKEHASHI_RATELIMIT_ENABLED": "false"}
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, "gunicorn exited while starting:\n" + log_path.read_text()
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer:\n" + log_path.read_text()
            time.sleep(0.2)
        yield base, server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def test_gunicorn_serves_probes_and_pages_logs_request_ids_and_stops_cleanly(
        app, make_org, database_url, tmp_path):
    ids = [make_org(name=f"Serving Org {i}", country="GB" if i % 2 else "JP").id for i in range(6)]
    db.session.remove()
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(database_url, log_path) as (base, server):
        assert requests.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
        ready = requests.get(f"{base}/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok"}

        page = requests.get(f"{base}/organisations/{ids[0]}", headers={"X-Request-ID": "serving-test-1"},
                            timeout=10)
        assert page.status_code == 200 and "Serving Org 0" in page.text
        assert page.headers["X-Request-ID"] == "serving-test-1"
        generated = requests.get(f"{base}/", timeout=10).headers["X-Request-ID"]
        assert generated and generated != "serving-test-1"
        missing = requests.get(f"{base}/organisations/{max(ids) + 1000}", timeout=10)
        assert missing.status_code == 404

        # a burst of concurrent requests over both workers: every one answered, no worker lost
        paths = ["/", "/healthz", "/readyz", "/login"] + [f"/organisations/{i}" for i in ids]
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(
                lambda n: requests.get(base + paths[n % len(paths)], timeout=30).status_code, range(200)))
        assert statuses == [200] * 200

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=45) == 0
        text = log_path.read_text(errors="replace")
        assert "was sent SIG" not in text and "Worker failed to boot" not in text, text
        lines = _log_lines(log_path)
        access = [line for line in lines if line.get("request_id") == "serving-test-1" and line.get("path")]
        assert access and access[0]["status"] == 200 and access[0]["method"] == "GET"
        assert access[0]["path"] == f"/organisations/{ids[0]}"
        assert sum(1 for line in lines if line.get("path") and line.get("status") == 200) >= 200


def test_gunicorn_with_redis_configured_checks_it_when_asked_if_ready(app, database_url, tmp_path,
                                                                      redis_url):
    with gunicorn(database_url, tmp_path / "gunicorn.log", redis_url) as (base, _server):
        ready = requests.get(f"{base}/readyz", timeout=10)
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
