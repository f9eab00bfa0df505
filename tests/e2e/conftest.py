"""Browser tests: a real server on a free port (own SQLite database, CSRF on) and Debian's Chromium.

Every test here is marked `e2e`. They skip, saying why, when Chromium or Playwright is absent;
`.ci/run` installs Chromium (`apt-get install -y chromium`), `make test` installs axe-core.
Screenshots of the main pages go to test-artifacts/.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KAKEHASHI_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
PASSWORD = "e2e-password-2026"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app served by werkzeug in a thread, with demo data; yields its base URL."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (CI does) "
                    "to run the browser tests")
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[dev]')")
    from werkzeug.serving import make_server

    from app import create_app
    from app.demo.loader import seed_demo
    from app.extensions import db

    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
        "MAIL_BACKEND": "locmem",
        "REDIS_URL": "",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
    })
    app.instance_path = str(folder / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["E2E_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.config["E2E_BASE_URL"]


@pytest.fixture(scope="session")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, base_url):
    """Open pages in fresh browser contexts (no shared cookies) in a given language."""
    contexts = []

    def make(locale: str = "en-GB"):
        # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids
        context = browser.new_context(base_url=base_url, locale=locale, bypass_csp=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page, one line each."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run `npm install` (make test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"][0]) for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
