"""Language and time zone: who reads in which, and the template helpers that honour it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from .extensions import babel

COUNTRY_TIMEZONES = {"GB": "Europe/London", "JP": "Asia/Tokyo"}


def select_locale() -> str:
    """The user's saved choice, then the session's switcher, then Accept-Language, then English."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background jobs: the default language
        return languages[0]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str:
    """The signed-in user's time zone, else UTC."""
    return getattr(current_user, "timezone", None) or "UTC"


def current_language() -> str:
    """Two-letter code of the language this response is rendered in."""
    return str(get_locale() or "en")[:2]


def localised(english: str | None, japanese: str | None) -> str:
    """Pick the Japanese text for Japanese readers when there is one, else the English."""
    if current_language() == "ja" and japanese:
        return japanese
    return english or japanese or ""


def in_zone(value: dt.datetime, zone: str, fmt: str = "medium") -> str:
    """Format a UTC datetime in an explicit IANA zone, in the reader's language."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value.astimezone(ZoneInfo(zone)), fmt, rebase=False)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our selectors and expose the helpers to templates."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        current_language=current_language, localised=localised, in_zone=in_zone
    )
