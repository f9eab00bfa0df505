"""Notifications: one call sends a user an e-mail of a given kind, if they want that kind."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..mail import send_email

KINDS = {
    "request_received": _l("A meeting request is sent to me"),
    "request_accepted": _l("My meeting request is accepted"),
    "request_declined": _l("My meeting request is declined"),
    "request_expired": _l("A meeting request expires unanswered"),
    "application_decided": _l("My application to an event is decided"),
    "schedule_published": _l("An event's schedule is published or changed"),
    "meeting_reminder": _l("A reminder the day before my meetings"),
}


def wants(user: User, kind: str) -> bool:
    """True unless the user turned this kind of notification off."""
    return bool((user.email_prefs or {}).get(kind, True))


def notify(user: User, kind: str, subject, link: str, **context) -> bool:
    """E-mail `user` about `kind` in their language, unless they opted out; True when sent.

    Uses templates notifications/email/<kind>.txt/.html where they exist, else the generic
    pair, which shows `headline` and `body` (lazy strings, rendered in the user's language)
    and the link.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not user.active or not wants(user, kind):
        return False
    send_email(
        user.email,
        subject,
        [f"notifications/email/{kind}", "notifications/email/generic"],
        user.locale,
        user=user,
        link=link,
        **context,
    )
    return True
