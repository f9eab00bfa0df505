"""Outgoing e-mail: one helper that renders text and HTML, and the development outbox."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend

log = logging.getLogger("kakehashi.mail")


class OutboxEmailBackend(BaseEmailBackend):
    """Development backend: each message goes to the log and to instance/outbox/ as .eml."""

    def send_messages(self, email_messages) -> int:
        outbox = os.path.join(current_app.instance_path, "outbox")
        os.makedirs(outbox, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            path = os.path.join(outbox, f"{stamp}-{secrets.token_hex(4)}.eml")
            with open(path, "wb") as fh:
                fh.write(message.message().as_bytes())
            log.info("mail to %s: %s\n%s", ", ".join(message.to), message.subject, message.body)
            sent += 1
        return sent


def send_email(
    to: str, subject, template: str | list[str], locale: str | None = None, **context
) -> None:
    """Render the first existing `template`.txt/.html in the recipient's language and send it.

    Rendering happens here, in the request; delivery is a background job when a queue is
    configured, so only plain strings travel to the worker.
    """
    from .jobs.services import submit

    names = [template] if isinstance(template, str) else list(template)
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = render_template([f"{n}.txt" for n in names], **context)
        html = render_template([f"{n}.html" for n in names], **context)
        subject = str(subject)
    submit("email", "app.mail:deliver", to, subject, text, html)


def deliver(to: str, subject: str, text: str, html: str) -> None:
    """Send one already-rendered message through the configured mail backend."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
