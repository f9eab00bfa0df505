"""Probes for load balancers and orchestrators: is the process alive, can it serve?"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger("kakehashi.ops")


@bp.get("/healthz")
def healthz():
    """The process is up and answering; touches nothing else."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database and, when configured, Redis answer; 503 naming what failed otherwise."""
    checks = {"database": _check_database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check_redis(current_app.config["REDIS_URL"])
    failed = sorted(name for name, state in checks.items() if state != "ok")
    body = {"status": "unavailable" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
        log.warning("not ready: %s", ", ".join(failed))
    return jsonify(body), 503 if failed else 200


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # any driver error means "not ready", never a 500
        db.session.rollback()
        return f"error: {type(exc).__name__}"


def _check_redis(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
        return "ok"
    except redis.exceptions.RedisError as exc:
        return f"error: {type(exc).__name__}"
