"""Locust users for benchmarks/load.py: signed-in participants browsing the mix in load_mix.py."""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, between, task

sys.path.insert(0, os.path.dirname(__file__))
from load_mix import ENDPOINTS, SELECTED  # noqa: E402

# Cookie headers and API tokens of participants load.py signed in before the run (not measured).
COOKIES = json.loads(Path(os.environ["KK_LOAD_COOKIES"]).read_text())
_next_user = itertools.count()

WAIT = [float(x) for x in os.environ.get("KK_LOAD_WAIT", "0.5,1.5").split(",")]


class Participant(FastHttpUser):
    """A signed-in participant browsing the mix."""

    wait_time = between(*WAIT)

    def on_start(self) -> None:
        me = COOKIES[next(_next_user) % len(COOKIES)]
        self.headers = {"Cookie": me["cookie"], "Authorization": f"Bearer {me['token']}"}

    @task
    def browse(self) -> None:
        names = [n for n in SELECTED if n in ENDPOINTS]
        name = random.choices(names, weights=[ENDPOINTS[n][0] for n in names])[0]
        url = ENDPOINTS[name][1](self)
        with self.client.get(url, name=name, headers=self.headers, catch_response=True,
                             allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
