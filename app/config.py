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
    PASSWORD_RESET_MAX_AGE = 3600
    DIRECTORY_PAGE_SIZE = 20
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    SHARED_DATA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "shared")


def normalise_database_url(url: str) -> str:
    """Point postgres URLs at the psycopg 3 driver the project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
