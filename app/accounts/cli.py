"""`flask accounts …`: upkeep of accounts from the command line (cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db

accounts_cli = AppGroup("accounts", help="Accounts: upkeep commands.")


@accounts_cli.command("purge-signups")
def purge_signups_command() -> None:
    """Delete sign-ups whose confirmation link expired unopened (the privacy notice promises it)."""
    from .services import purge_pending_signups

    count = purge_pending_signups()
    db.session.commit()
    click.echo(f"{count} unconfirmed sign-up(s) deleted.")
