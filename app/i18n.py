"""Language and time zone: who reads in which, and the template helpers that honour it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_timezone_location
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import format_datetime, format_time, get_locale, get_translations, refresh
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

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
    return _LANGUAGE_OF.get(_locale()) or _language_of(_locale())


def _locale():
    """The request's Locale as Flask-Babel keeps it on `g` (chosen on first use); templates ask for
    the language once per tag or row, and Flask-Babel's get_locale walks its contexts each time.
    force_locale and refresh replace that object, so a change is seen at once."""
    if not has_app_context():
        return None
    state = g._get_current_object().__dict__.get("_flask_babel")
    return getattr(state, "babel_locale", None) or get_locale()


_LANGUAGE_OF: dict = {}


def _language_of(locale) -> str:
    language = str(locale or "en")[:2]
    if locale is not None:
        _LANGUAGE_OF[locale] = language
    return language


def localised(english: str | None, japanese: str | None) -> str:
    """Pick the Japanese text for Japanese readers when there is one, else the English."""
    if current_language() == "ja" and japanese:
        return japanese
    return english or japanese or ""


# Explicit patterns written with English in mind, and the CLDR skeleton (date part, time part)
# that says the same in other languages: "EEE d MMM HH:mm" is "12月12日(土) 10:00" in Japanese.
SKELETONS = {
    "EEEE d MMMM yyyy": ("yMMMMEEEEd", None),
    "EEE d MMM HH:mm": ("MMMEd", "HH:mm"),
    "d MMM HH:mm": ("MMMd", "HH:mm"),
    "d MMM yyyy": ("yMMMd", None),
    "d MMM yyyy HH:mm": ("yMMMd", "HH:mm"),
    "EEE HH:mm": ("E", "HH:mm"),
}


def in_zone(value: dt.datetime, zone: str, fmt: str = "medium") -> str:
    """Format a UTC datetime in an explicit IANA zone, in the reader's language.

    `fmt` is a Babel format name ("short", "medium"…) or a pattern; the patterns in SKELETONS
    are rendered in the reader's own order and words when the reader is not English.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(ZoneInfo(zone))
    if fmt in SKELETONS and current_language() != "en":
        date_part, time_part = SKELETONS[fmt]
        text = format_skeleton(date_part, local, locale=get_locale())
        return f"{text} {format_datetime(local, time_part, rebase=False)}" if time_part else text
    return format_datetime(local, fmt, rebase=False)


def reader_zone() -> str | None:
    """The signed-in reader's IANA time zone, or None for anonymous readers."""
    if current_user and current_user.is_authenticated:
        return getattr(current_user, "timezone", None) or "UTC"
    return None


def zone_city(zone: str) -> str:
    """A zone's city in the reader's language ('Tokyo', '東京'), to label times."""
    return get_timezone_location(ZoneInfo(zone), locale=get_locale(), return_city=True)


def local_time(value: dt.datetime, event_zone: str | None = None, fmt: str = "medium") -> Markup:
    """A UTC time in the reader's zone, with the event's local time beside it where they differ.

    Templates use it for anything that happens somewhere: `{{ local_time(meeting.starts_at,
    event.timezone) }}` gives "17 Dec 2026, 09:00:00 London (18:00 Tokyo)" to a London reader
    of a Tokyo event, and just the Tokyo time to a Tokyo reader or an anonymous one.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    mine = reader_zone()
    iso = value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if event_zone is None or (mine is not None and mine != event_zone):
        zone = mine or "UTC"
        text = in_zone(value, zone, fmt)
        if event_zone is not None:
            there = value.astimezone(ZoneInfo(event_zone))
            here = value.astimezone(ZoneInfo(zone))
            other = (
                format_time(there, "short", rebase=False)
                if there.date() == here.date()
                else format_datetime(there, "short", rebase=False)
            )
            text = _(
                "%(time)s %(city)s (%(other)s %(other_city)s)",
                time=text, city=zone_city(zone), other=other, other_city=zone_city(event_zone),
            )
    else:
        text = in_zone(value, event_zone, fmt)
    return Markup('<time datetime="{}">{}</time>').format(iso, text)


_TRANSLATED: dict = {}


def translated(vocabularies: dict[str, dict]) -> dict[str, dict]:
    """`vocabularies` (a module-level dict: name -> {key: lazy label}) with every label translated
    into the reader's language, once per process and language (the catalogues do not change while
    it runs): pages show a label or two per row, and each lazy label looks its catalogue up anew.
    Like the lazy labels (whose __html__ is the translation), they go into pages unescaped: the
    catalogue is ours ("Joint R&D")."""
    key = (id(vocabularies), _locale())
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED[key] = {
            name: {k: Markup(str(label)) for k, label in vocabulary.items()}
            for name, vocabulary in vocabularies.items()
        }
    return found


def _translations():
    """The catalogue for the current language, looked up once per request and language: templates
    ask for a hundred strings or more, and Flask-Babel's own lookup walks its contexts each time.
    The language is the Locale Flask-Babel keeps on `g`; force_locale and refresh replace that
    object, so a change is seen at once."""
    ns = g._get_current_object()
    locale = _locale()
    cached = ns.__dict__.get("kk_translations")
    if cached is None or cached[0] is not locale:
        cached = ns.kk_translations = (locale, get_translations())
    return cached[1]


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """`_()` in templates: Jinja's new-style gettext (the translation is Markup where the template
    autoescapes, so the variables are escaped as they are put in) in one call instead of three."""
    rv = _translations().ugettext(string)
    if eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our selectors and expose the helpers to templates."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    # Flask-Babel caches the locale on `g`, which outlives a request when an app context is
    # already pushed (tests, CLI): choose afresh for every request.
    app.before_request(refresh)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = template_gettext
    app.jinja_env.globals.update(
        current_language=current_language,
        localised=localised,
        in_zone=in_zone,
        local_time=local_time,
        zone_city=zone_city,
        now_utc=lambda: dt.datetime.now(dt.UTC),
    )
