"""`flask notifications …`: the e-mails sent on a timetable (cron) rather than by a user's action."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from ..extensions import db
from .reminders import send_reminders
from .services import public_links_context

notifications_cli = AppGroup("notifications", help="Notifications sent on a timetable.")


@notifications_cli.command("send-reminders")
@click.option("--now", "now_text", default="", help="Act as if it were this UTC time (ISO 8601).")
def send_reminders_command(now_text: str) -> None:
    """E-mail each participant tomorrow's meetings; run daily, running twice sends nothing new."""
    now = None
    if now_text:
        now = dt.datetime.fromisoformat(now_text)
        now = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)
    with public_links_context():
        count = send_reminders(now)
        db.session.commit()
    click.echo(f"{count} reminder e-mail(s) sent.")
