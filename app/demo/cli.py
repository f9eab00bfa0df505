"""`flask seed-demo`: load the demo taxonomy, organisations and accounts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when organisations already exist.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the demo data; running it again changes nothing."""
    from sqlalchemy import func, select

    from ..organisations.models import Organisation
    from . import loader

    if if_empty and db.session.scalar(select(func.count()).select_from(Organisation)):
        click.echo("Demo data: the database already holds organisations; nothing to do.")
        return
    report = loader.seed_demo()
    db.session.commit()
    click.echo(
        f"Demo data: {report.tags} tags, {report.organisations} organisations, "
        f"{report.users} users ({report.created.get('organisations', 0)} organisations new, "
        f"{report.created.get('events', 0)} demo events new)."
    )
