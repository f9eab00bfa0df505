"""Load test: gunicorn on PostgreSQL with 10,000 organisations, 50 signed-in users for 60 s.

    .venv/bin/python benchmarks/load.py [--users 50] [--duration 60] [--ramp 10] [--json FILE]
        [--url postgresql://postgres@127.0.0.1:5432/kk_load] [--reuse]

Seeds a fresh database (benchmarks/seed_load.py; --reuse keeps the last one), starts gunicorn
with gunicorn.conf.py on a free port of 127.0.0.1 in the production environment, checks which
endpoints of the mix (benchmarks/load_mix.py ENDPOINTS) this build has, runs locust headless
(the users arrive over --ramp seconds, which are not measured; then --duration seconds are),
and prints per endpoint p50/p95/p99 latency, requests per second and errors, then the totals.
`--json FILE` writes {"endpoints": {NAME: {"p50_ms", "p95_ms", "p99_ms", "rps", "errors"}}}.
Target on a 2-core machine: p95 <= 150 ms everywhere, no errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import seed_load  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, log_path: Path) -> subprocess.Popen:
    """gunicorn with the production configuration, on `url`, logging to `log_path`."""
    env = {**os.environ, "KAKEHASHI_DATABASE_URL": url, "KAKEHASHI_BIND": f"127.0.0.1:{port}",
           "KAKEHASHI_SECRET_KEY": secrets.token_hex(16), "KAKEHASHI_ENVIRONMENT": "production",
           "KAKEHASHI_REDIS_URL": "", "REDIS_URL": "", "PYTHONFAULTHANDLER": "1",
           # The load comes from one address: per-client rate limits would only measure the limiter.
           "KAKEHASHI_RATELIMIT_ENABLED": "false"}
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def cpu_seconds(server_sid: int) -> dict[str, float]:
    """CPU seconds used so far by gunicorn's processes (its session) and by PostgreSQL's
    (every `postgres` process on this machine), from /proc; empty where /proc is absent."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used = {"gunicorn": 0.0, "postgres": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        # utime + stime, and cutime + cstime: the master keeps the time of workers that died
        seconds = sum(int(x) for x in fields[11:15]) / ticks
        if int(fields[3]) == server_sid:  # session id
            used["gunicorn"] += seconds
        elif name.startswith("postgres"):
            used["postgres"] += seconds
    return used


def wait_ready(base: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready")


def available_endpoints(base: str, url: str) -> tuple[list[str], dict[str, str]]:
    """Which endpoints of the mix this build serves to a signed-in participant, and why not."""
    os.environ.setdefault("KK_LOAD_PASSWORD", seed_load.LOAD_PASSWORD)
    import requests
    from load_mix import ENDPOINTS, sign_in

    headers = {"Cookie": sign_in(base, 1), "Authorization": f"Bearer {api_tokens(url, [1])[1]}"}
    ok, missing = [], {}
    for name, (_weight, build) in ENDPOINTS.items():
        for attempt in range(3):  # a worker that dies mid-request (see the crash count) is restarted
            try:
                response = requests.get(base + build(None), headers=headers, allow_redirects=False,
                                        timeout=60)
                break
            except requests.ConnectionError:
                if attempt == 2:
                    raise
                time.sleep(1)
        if response.status_code == 200:
            ok.append(name)
        else:
            missing[name] = f"{build(None).split('?')[0]} answers {response.status_code}"
    return ok, missing


def sign_in_users(base: str, url: str, users: int, participants: int, path: Path) -> None:
    """Sign `users` different participants in, one after another, and give each an API token."""
    from load_mix import sign_in

    step = max(1, participants // users)
    numbers = [1 + (i * step) % participants for i in range(users)]
    tokens = api_tokens(url, numbers)
    path.write_text(json.dumps([{"cookie": sign_in(base, n), "token": tokens[n]} for n in numbers]))


def api_tokens(url: str, numbers: list[int]) -> dict[int, str]:
    """A fresh read token for each participant (earlier load-test tokens are removed first)."""
    from sqlalchemy import delete

    from app import create_app
    from app.accounts.models import User
    from app.extensions import db
    from app.tokens.models import ApiToken
    from app.tokens.services import create_token

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "tokens", "LOG_JSON": False})
    with app.app_context():
        users = {n: db.session.get(User, n) for n in numbers}
        db.session.execute(delete(ApiToken).where(ApiToken.user_id.in_(numbers), ApiToken.name == "load"))
        secrets_by_user = {n: create_token(user, "load", "read")[1] for n, user in users.items()}
        db.session.commit()
        db.engine.dispose()
    return secrets_by_user


def run_locust(base: str, users: int, duration: int, ramp: int, endpoints: list[str], workdir: Path,
               env_extra: dict) -> Path:
    """Start `users` over `ramp` seconds, then measure `duration` seconds at full load: locust's
    --reset-stats drops what was counted while users were still arriving."""
    prefix = workdir / "stats"
    cookies = workdir / "cookies.json"  # written by sign_in_users before
    env = {**os.environ, **env_extra, "KK_LOAD_ENDPOINTS": ",".join(endpoints),
           "KK_LOAD_COOKIES": str(cookies)}
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", f"{users / max(ramp, 1):.3f}", "-t", f"{duration + ramp}s",
                    "--reset-stats", "--host", base,
                    "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
                    "--stop-timeout", "5"], env=env, check=False, cwd=ROOT)
    return Path(f"{prefix}_stats.csv")


def read_stats(path: Path) -> tuple[dict, dict]:
    """Per-endpoint figures and the totals from locust's stats CSV."""
    endpoints, totals = {}, {}
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            figures = {"p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0),
                       "p99_ms": float(row["99%"] or 0), "rps": round(float(row["Requests/s"]), 1),
                       "errors": int(row["Failure Count"]), "requests": int(row["Request Count"])}
            if row["Name"] == "Aggregated":
                totals = figures
            else:
                endpoints[row["Name"]] = figures
    return endpoints, totals


def print_table(endpoints: dict, totals: dict, missing: dict) -> None:
    header = ("endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "rps", "errors")
    print("{:22} {:>8} {:>7} {:>7} {:>7} {:>6} {:>6}".format(*header))
    for name, f in sorted(endpoints.items()):
        print(f"{name:22} {f['requests']:8} {f['p50_ms']:7.0f} {f['p95_ms']:7.0f} {f['p99_ms']:7.0f} "
              f"{f['rps']:6.1f} {f['errors']:6}")
    f = totals
    print(f"{'TOTAL':22} {f['requests']:8} {f['p50_ms']:7.0f} {f['p95_ms']:7.0f} {f['p99_ms']:7.0f} "
          f"{f['rps']:6.1f} {f['errors']:6}")
    for name, why in missing.items():
        print(f"not in this build: {name} ({why})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("KK_LOAD_DATABASE_URL", seed_load.DEFAULT_URL))
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=1_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--ramp", type=int, default=10,
                        help="seconds over which the users arrive, not measured")
    parser.add_argument("--wait", default="0.5,1.5", help="think time between a user's requests, s")
    parser.add_argument("--reuse", action="store_true", help="keep the database from the last run")
    parser.add_argument("--endpoints", help="comma-separated names of the mix to run (default: all)")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()

    print(f"load average before the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores", flush=True)
    if not args.reuse:
        print("seeding:", seed_load.seed(args.url, args.organisations, args.participants), flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="kk-load-"))
    server = start_gunicorn(args.url, port, workdir / "gunicorn.log")
    try:
        wait_ready(base, server)
        endpoints, missing = available_endpoints(base, args.url)
        if args.endpoints:
            endpoints = [n for n in endpoints if n in args.endpoints.split(",")]
        print(f"gunicorn on {base}; endpoints: {', '.join(endpoints)}; {args.users} users arriving over "
              f"{args.ramp} s, then measured for {args.duration} s (think time {args.wait} s)", flush=True)
        sign_in_users(base, args.url, args.users, args.participants, workdir / "cookies.json")
        before = cpu_seconds(server.pid)
        stats = run_locust(base, args.users, args.duration, args.ramp, endpoints, workdir, {
            "KK_LOAD_PARTICIPANTS": str(args.participants), "KK_LOAD_ORGANISATIONS": str(args.organisations),
            "KK_LOAD_PASSWORD": seed_load.LOAD_PASSWORD, "KK_LOAD_WAIT": args.wait,
            "KK_LOAD_DATABASE_URL": args.url})
        after = cpu_seconds(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()
    figures, totals = read_stats(stats)
    print_table(figures, totals, missing)
    # The ramp's requests are counted at the measured rate.
    served = max(totals.get("requests", 0) + totals.get("rps", 0) * args.ramp, 1)
    cpu = {k: round((after[k] - before[k]) * 1000 / served, 1) for k in after}
    print(f"CPU per request (ramp included): gunicorn {cpu['gunicorn']} ms, PostgreSQL {cpu['postgres']} ms")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "endpoints": {n: {k: f[k] for k in ("p50_ms", "p95_ms", "p99_ms", "rps", "errors")}
                          for n, f in figures.items()},
            "totals": totals, "missing": missing, "load_average_end": load_after,
            "cpu_ms_per_request": cpu,
            "settings": {"users": args.users, "duration_s": args.duration, "ramp_s": args.ramp,
                         "think_time_s": args.wait,
                         "organisations": args.organisations, "participants": args.participants}},
            indent=2))
    crashes = sum("was sent SIG" in line and "SIGTERM" not in line
                  for line in (workdir / "gunicorn.log").read_text(errors="replace").splitlines())
    print(f"gunicorn workers that died during the run (restarted by the master): {crashes}")
    print(f"load average at the end (1/5/15 min): {' '.join(f'{x:.1f}' for x in load_after)}")
    print(f"gunicorn log: {workdir / 'gunicorn.log'}")


if __name__ == "__main__":
    main()
