"""`flask events …`: upkeep of events from the command line (cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db

events_cli = AppGroup("events", help="Events: upkeep commands.")


@events_cli.command("expire-requests")
def expire_requests_command() -> None:
    """Expire every meeting request left unanswered past its time and tell the senders."""
    from .services.requests import expire_requests

    count = expire_requests()
    db.session.commit()
    click.echo(f"{count} meeting request(s) expired.")
