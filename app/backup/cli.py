"""`flask backup [PATH]` and `flask restore PATH`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db
from .services import backup_database, restore_database


def _default_path() -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if db.engine.url.get_backend_name() == "sqlite" else "pgdump"
    return os.path.join(current_app.instance_path, "backups", f"kakehashi-{stamp}.{suffix}")


def _fail(exc: Exception) -> None:
    detail = exc.stderr.strip() if isinstance(exc, subprocess.CalledProcessError) else str(exc)
    raise click.ClickException(detail or str(exc))


@click.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str | None) -> None:
    """Write a consistent snapshot of the database to PATH (default: instance/backups/)."""
    path = path or _default_path()
    try:
        kind = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except (DomainError, subprocess.CalledProcessError) as exc:
        _fail(exc)
    click.echo(f"Backed up the {kind} database to {path} ({os.path.getsize(path)} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: str, yes: bool) -> None:
    """Replace everything in the database with the snapshot at PATH."""
    if not yes:
        click.confirm("This replaces every row in the database with the backup. Continue?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore_database(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except (DomainError, subprocess.CalledProcessError) as exc:
        _fail(exc)
    click.echo(f"Restored the database from {path}.")
