"""Security headers, cookie flags, the absence of inline script, and a fresh session at sign-in."""

import re
from pathlib import Path

from app import create_app
from tests.conftest import base_config

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers


def test_error_pages_and_json_carry_the_headers_too(client):
    assert "Content-Security-Policy" in client.get("/no-such-page").headers
    assert client.get("/tags/search").headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_contains_inline_script_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "email" in path.parts:
            continue  # e-mails are read in mail clients, not served under the CSP
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offenders.append(f"{path.name}: inline {tag}")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: inline event handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path.name}: style attribute")
        if re.search(r"(src|href)=\"https?://", text):
            offenders.append(f"{path.name}: asset from another site")
    assert offenders == []


def test_rendered_pages_load_scripts_only_from_this_site(client):
    html = client.get("/login").get_data(as_text=True)
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the page loads its scripts"
    assert all(re.search(r'src="/', attrs) for attrs in scripts)


def test_production_sends_hsts_and_secure_cookies(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("KAKEHASHI_ENVIRONMENT", "production")
    monkeypatch.setenv("KAKEHASHI_SECRET_KEY", "a real secret for production")
    config = base_config(database_url, tmp_path)
    del config["SECRET_KEY"]
    app = create_app(config)
    client = app.test_client()
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_session_cookie_is_httponly_and_samesite_lax(client, auth, make_user):
    make_user(email="kenji@example.com")
    response = auth.login("kenji@example.com")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development over plain HTTP


def test_sign_in_starts_a_fresh_session_but_keeps_the_language(client, auth, make_user):
    make_user(email="kenji@example.com")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before sign-in"
        session["lang"] = "ja"
    auth.login("kenji@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "ja"
        assert session["_user_id"]
