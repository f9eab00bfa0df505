"""`flask --app wsgi worker`: run background jobs from the Redis queue."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .queue import get_queue, make_worker, recover_abandoned


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run queued jobs (match rebuilds, schedules, itineraries, e-mail) until stopped."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("Set REDIS_URL (or KAKEHASHI_REDIS_URL): the worker reads jobs from Redis.")
    queue = get_queue()
    recovered = recover_abandoned(queue)
    if recovered:
        click.echo(f"Recovered {len(recovered)} job(s) left behind: {', '.join(recovered)}", err=True)
    make_worker(queue).work(burst=burst, with_scheduler=True, logging_level="INFO")
