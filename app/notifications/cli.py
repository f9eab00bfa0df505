"""`flask notifications …`: the e-mails sent on a timetable (cron) rather than by a user's action."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .reminders import send_reminders

notifications_cli = AppGroup("notifications", help="Notifications sent on a timetable.")


@notifications_cli.command("send-reminders")
@click.option("--now", "now_text", default="", help="Act as if it were this UTC time (ISO 8601).")
def send_reminders_command(now_text: str) -> None:
    """E-mail each participant tomorrow's meetings; run daily, running twice sends nothing new."""
    now = None
    if now_text:
        now = dt.datetime.fromisoformat(now_text)
        now = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)
    # links in e-mails need the site's address, which a command has no request to learn from
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = send_reminders(now)
        db.session.commit()
    click.echo(f"{count} reminder e-mail(s) sent.")
