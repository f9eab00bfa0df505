"""Health probes, request ids and JSON-lines logs."""

import json
import logging
import os

import pytest

from app import create_app
from app.logs import JsonFormatter, RequestIdFilter


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_the_database_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_names_redis_when_it_does_not_answer(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["failed"] == ["redis"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error")


def test_readyz_checks_redis_when_configured(app, client, redis_url):
    app.config["REDIS_URL"] = redis_url
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_readyz_names_the_database_when_it_does_not_answer(database_url, tmp_path):
    broken = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:///" + str(tmp_path)})
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["database"]


def test_an_offered_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.parametrize("offered", [None, "", "has spaces", "x" * 200, "<script>"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(client, offered):
    headers = {"X-Request-ID": offered} if offered is not None else {}
    first = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert len(first) == 32 and first != second and first != offered


def test_every_log_line_of_a_request_carries_its_id(app, client):
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("kakehashi.ops")
    logger.addHandler(handler)
    disabled, logger.disabled = logger.disabled, False  # alembic's fileConfig may have disabled it
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        client.get("/readyz", headers={"X-Request-ID": "trace-1"})
    finally:
        logger.removeHandler(handler)
        logger.disabled = disabled
    entries = [json.loads(line) for line in lines]
    assert entries and all(e["request_id"] == "trace-1" for e in entries)
    assert entries[0]["logger"] == "kakehashi.ops" and "redis" in entries[0]["message"]


def test_outside_a_request_lines_are_json_with_a_dash_for_the_id():
    record = logging.LogRecord("kakehashi.x", logging.INFO, __file__, 1, "hello %s", ("世界",), None)
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "hello 世界" and entry["request_id"] == "-" and entry["level"] == "INFO"


def test_the_gunicorn_configuration_is_sized_and_production(monkeypatch):
    import runpy

    monkeypatch.setenv("KAKEHASHI_BIND", "127.0.0.1:9999")
    monkeypatch.delenv("KAKEHASHI_ENVIRONMENT", raising=False)
    conf = runpy.run_path(os.path.join(os.path.dirname(__file__), "..", "gunicorn.conf.py"))
    assert conf["bind"] == "127.0.0.1:9999"
    assert conf["workers"] >= 2 and conf["threads"] >= 1
    assert "KAKEHASHI_ENVIRONMENT=production" in conf["raw_env"]
