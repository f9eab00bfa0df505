"""`flask match rebuild`: recompute every organisation's suggested partners."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db

match_cli = AppGroup("match", help="The partner matcher.")


@match_cli.command("rebuild")
@click.option("--if-empty", is_flag=True, help="Only when no suggestions are stored yet.")
@click.option("-k", "--top", default=20, show_default=True, help="Suggestions per organisation.")
def rebuild(if_empty: bool, top: int) -> None:
    """Recompute all suggestions, replacing the old ones in one transaction."""
    from . import services
    from .models import Suggestion

    if if_empty and db.session.scalar(select(func.count()).select_from(Suggestion)):
        click.echo("Suggestions exist already; nothing to do.")
        return
    with click.progressbar(length=100, label="Matching organisations") as bar:
        done = {"n": 0}

        def progress(current: int, total: int) -> None:
            step = int(100 * current / max(total, 1))
            bar.update(step - done["n"])
            done["n"] = step

        count = services.rebuild_suggestions(k=top, progress=progress)
    db.session.commit()
    services.reset_cache()
    click.echo(f"Stored {count} suggestions.")
