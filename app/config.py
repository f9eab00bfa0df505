"""Configuration defaults; the factory layers instance/config.py and KAKEHASHI_* on top."""

from __future__ import annotations

import os

DEV_SECRET_KEY = "dev-only-secret-change-me"


class Defaults:
    """Settings a fresh checkout runs with: SQLite in instance/, mail to instance/outbox/."""

    ENVIRONMENT = "development"
    SECRET_KEY = DEV_SECRET_KEY
    DATABASE_URL = ""  # empty: SQLite file in the instance folder
    REDIS_URL = ""
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "ja")
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None
    MAIL_BACKEND = "app.mail.OutboxEmailBackend"
    MAIL_DEFAULT_SENDER = "Kakehashi <no-reply@kakehashi.example>"
    PUBLIC_URL = "http://127.0.0.1:5000"  # the site's address, for links in e-mails sent by commands
    PASSWORD_RESET_MAX_AGE = 3600
    SIGNUP_CONFIRM_MAX_AGE = 48 * 3600  # seconds a sign-up link stays valid
    DIRECTORY_PAGE_SIZE = 20
    # The directory counts matches up to this many; beyond it, it lists these first ones and asks
    # for a narrower search (counting thousands of LIKE matches costs more than the page).
    DIRECTORY_COUNT_CAP = 200
    # How stale another web worker's profile edits may be before this process's match index
    # catches up with them (a user's own edit is applied at once).
    MATCH_CATCH_UP_SECONDS = 5.0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    JOBS_QUEUE = "kakehashi"
    JOBS_TIMEOUT = 900  # seconds one job may run
    JOBS_RETRIES = 3
    JOBS_RETRY_INTERVALS = (10, 60, 300)  # seconds before each retry
    JOBS_HEARTBEAT = 30  # a dead worker's job is re-run about a minute after this
    JOBS_MAINTENANCE_INTERVAL = 60
    LOG_JSON = True  # JSON lines on stderr (tests keep pytest's logging)
    LOG_LEVEL = "INFO"
    # Rate limits (Flask-Limiter): Redis when REDIS_URL is set, memory otherwise.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "kakehashi"
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATE_LIMIT_SIGN_IN = "10 per minute;100 per hour"
    RATE_LIMIT_SIGN_IN_PER_ADDRESS = "20 per hour"
    RATE_LIMIT_SIGN_UP = "5 per minute;30 per hour"
    RATE_LIMIT_SIGN_UP_PER_ADDRESS = "5 per hour"  # each sign-up e-mails the address typed
    RATE_LIMIT_RESET = "5 per minute;30 per hour"
    RATE_LIMIT_RESET_PER_ADDRESS = "3 per hour"
    RATE_LIMIT_API = "300 per minute"
    SHARED_DATA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "shared")


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at the psycopg 3 driver the project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
