"""Snapshot and restore the database: SQLite's online backup API, or pg_dump/pg_restore.

Both give a consistent snapshot while the app keeps serving: SQLite copies the pages under a
read transaction; pg_dump reads in one repeatable-read transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

from sqlalchemy.engine import URL, make_url

from ..errors import DomainError


def _libpq_url(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"{name} is not installed: install the PostgreSQL client tools.")
    return path


def backup_database(database_url: str, path: str) -> str:
    """Write a consistent snapshot of the database at `database_url` to `path`; returns its kind."""
    url = make_url(database_url)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--file={path}", _libpq_url(url)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return "postgresql"
    raise DomainError(f"Backups are not supported for {url.get_backend_name()} databases.")


def restore_database(database_url: str, path: str) -> None:
    """Replace the database's contents with the snapshot at `path` (made by backup_database)."""
    if not os.path.isfile(path):
        raise DomainError(f"No backup at {path}.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise DomainError(f"{path} is not a SQLite backup.")
        source = sqlite3.connect(path)
        target = sqlite3.connect(url.database)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return
    if url.get_backend_name() == "postgresql":
        subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--dbname={_libpq_url(url)}", path],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return
    raise DomainError(f"Restoring is not supported for {url.get_backend_name()} databases.")
