"""Where a web worker's CPU goes, per endpoint of the load-test mix (benchmarks/load_mix.py).

    .venv/bin/python benchmarks/profile_pages.py [--url postgresql://postgres@127.0.0.1:5432/kk_load]
        [--requests 200] [--endpoints directory_search,...] [--profile] [--top 25] [--user 1]
        [--save DIR]

Needs the database benchmarks/load.py seeds (run it once without --reuse). Builds the app as
gunicorn does (production environment, rate limits off), signs participant load{--user} in
through the real form with Flask's test client, then requests each endpoint of the mix
--requests times in this one process and prints the mean wall and CPU milliseconds per
request (no network, no queueing: the work one request costs a worker). With --profile, also
prints cProfile's top functions (CPU time) by cumulative and by own time for each endpoint (and with
--save DIR writes them to DIR/ENDPOINT.prof, for pstats or snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import seed_load  # noqa: E402


def build_app(url: str):
    os.environ.update({"KAKEHASHI_DATABASE_URL": url, "KAKEHASHI_SECRET_KEY": "profile-pages",
                       "KAKEHASHI_ENVIRONMENT": "production", "KAKEHASHI_REDIS_URL": "", "REDIS_URL": "",
                       "KAKEHASHI_RATELIMIT_ENABLED": "false", "KAKEHASHI_LOG_LEVEL": "WARNING"})
    from app import create_app

    return create_app()


def sign_in(client, number: int) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    data = {"email": f"load{number}@example.com", "password": seed_load.LOAD_PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    # Over HTTPS, Flask-WTF also checks that the Referer is this site.
    response = client.post("/login", data=data, headers={"Referer": "https://localhost/login"})
    if response.status_code != 302:
        raise SystemExit(f"sign-in of load{number} failed: {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("KK_LOAD_DATABASE_URL", seed_load.DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--endpoints", help="comma-separated names of the mix (default: all)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--user", type=int, default=1)
    parser.add_argument("--save", metavar="DIR", help="with --profile, also write DIR/ENDPOINT.prof")
    args = parser.parse_args()

    app = build_app(args.url)
    import load
    from load_mix import ENDPOINTS

    token = load.api_tokens(args.url, [args.user])[args.user]
    client = app.test_client()
    client.environ_base.update({"wsgi.url_scheme": "https", "HTTP_AUTHORIZATION": f"Bearer {token}"})
    sign_in(client, args.user)
    names = args.endpoints.split(",") if args.endpoints else list(ENDPOINTS)
    random.seed(1)
    print(f"{'endpoint':22} {'wall ms':>8} {'cpu ms':>8} {'bytes':>8}")
    for name in names:
        build = ENDPOINTS[name][1]
        for _ in range(10):  # warm: templates, caches, the matcher's index
            response = client.get(build(None))
            assert response.status_code == 200, (name, response.status_code)
        urls = [build(None) for _ in range(args.requests)]
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
        wall, cpu, size = time.perf_counter(), time.process_time(), 0
        if profiler:
            profiler.enable()
        for url in urls:
            response = client.get(url)
            size += len(response.data)
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        n = len(urls)
        print(f"{name:22} {wall * 1000 / n:8.2f} {cpu * 1000 / n:8.2f} {size // n:8}", flush=True)
        if profiler:
            if args.save:
                Path(args.save).mkdir(parents=True, exist_ok=True)
                profiler.dump_stats(Path(args.save) / f"{name}.prof")
            stats = pstats.Stats(profiler).strip_dirs()
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
