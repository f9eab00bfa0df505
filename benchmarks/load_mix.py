"""The request mix of benchmarks/load.py: which endpoints, how often, and how users sign in.

ENDPOINTS maps a report name to (weight, function building the URL from the user). To add an
endpoint, add a line; load.py drops (and reports) any whose URL answers 404 on this build.
Settings come from the environment load.py sets: KK_LOAD_PARTICIPANTS, KK_LOAD_ORGANISATIONS,
KK_LOAD_PASSWORD, KK_LOAD_ENDPOINTS (comma-separated names to run), KK_LOAD_WAIT ("min,max" s),
KK_LOAD_EVENT_ID.
"""

from __future__ import annotations

import os
import random
import re

import requests

PARTICIPANTS = int(os.environ.get("KK_LOAD_PARTICIPANTS", "1000"))
ORGANISATIONS = int(os.environ.get("KK_LOAD_ORGANISATIONS", "10000"))
PASSWORD = os.environ.get("KK_LOAD_PASSWORD", "load-test-password")
EVENT_ID = os.environ.get("KK_LOAD_EVENT_ID", "1")
TERMS = ["photonics", "GaN", "semiconductor", "packaging", "quantum", "6G", "optical", "AI",
         "cyber", "battery", "光", "半導体", "量子", "通信", "共同開発", "materials", "Open RAN"]
COUNTRIES = ["", "", "GB", "JP"]


def directory_search(user) -> str:
    term = random.choice(TERMS)
    country = random.choice(COUNTRIES)
    return f"/organisations?q={requests.utils.quote(term)}" + (f"&country={country}" if country else "")


ENDPOINTS = {
    # name: (weight, URL builder)
    "directory_search": (3, directory_search),
    "organisation_page": (3, lambda user: f"/organisations/{random.randint(1, ORGANISATIONS)}"),
    "suggested_partners": (2, lambda user: "/matches"),
    "my_itinerary": (1, lambda user: f"/events/{EVENT_ID}/itinerary"),
    "api_list": (1, lambda user: f"/api/v1/organisations?country={random.choice(['GB', 'JP'])}"),
}
SELECTED = [n for n in os.environ.get("KK_LOAD_ENDPOINTS", ",".join(ENDPOINTS)).split(",") if n]


def sign_in(base_url: str, number: int) -> str:
    """Sign participant `number` in through the real form; returns the Cookie header to send.

    Production cookies are Secure and this benchmark speaks plain HTTP to 127.0.0.1, so the
    cookies are carried by hand.
    """
    page = requests.get(f"{base_url}/login")
    cookies = dict(page.cookies)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    data = {"email": f"load{number}@example.com", "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    response = requests.post(f"{base_url}/login", data=data, allow_redirects=False,
                             headers={"Cookie": _header(cookies)})
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of load{number} failed: {response.status_code}")
    cookies.update(response.cookies)
    return _header(cookies)


def _header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
