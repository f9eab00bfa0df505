"""JSON-lines logging with a request id on every line written while a request is handled."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import uuid

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def current_request_id() -> str | None:
    """The id of the request being handled, or of the background job being run, if any."""
    if has_request_context():
        return getattr(g, "request_id", None)
    from .jobs.services import current_job_id

    job_id = current_job_id()
    return f"job-{job_id}" if job_id else None


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request id (or '-' outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or "-",
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in entry:
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    """Give every request an id (X-Request-ID honoured or generated) and log JSON lines.

    Tests keep the logging configuration pytest sets up: only the request id is added.
    """
    app.before_request(_assign_request_id)
    app.after_request(_echo_request_id)
    if app.config.get("TESTING") or not app.config.get("LOG_JSON", True):
        return
    configure_logging(app.config.get("LOG_LEVEL", "INFO"))


def configure_logging(level: str = "INFO") -> None:
    """Send the root logger's output to stderr as JSON lines (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kakehashi", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._kakehashi = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level)


def _assign_request_id() -> None:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _ACCEPTABLE_ID.match(offered) else uuid.uuid4().hex


def _echo_request_id(response):
    request_id = getattr(g, "request_id", None)
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response
