"""The RQ side of background jobs: enqueue, execute in a worker, recover from dead workers.

One queue (JOBS_QUEUE). Each RQ job runs `execute`, which calls `run_job` inside an app
context made by create_app (the worker's own, from `flask --app wsgi worker`). Failures are
retried (JOBS_RETRIES times, after JOBS_RETRY_INTERVALS seconds). A worker that dies mid-job
leaves the job in RQ's started registry: RQ's own maintenance re-runs it once its heartbeat
expires, and `recover_abandoned` (run when a worker starts) re-runs at once the jobs of
workers known to be gone, and re-enqueues tracked jobs the queue lost altogether.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from flask import current_app, has_app_context
from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.executions import Execution
from rq.job import Callback
from rq.job import Job as RQJob
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.worker import Worker
from sqlalchemy import select

from ..extensions import db
from .models import ACTIVE_STATUSES, Job

log = logging.getLogger("kakehashi.jobs")
_worker_pid: int | None = None  # the `flask worker` process; its forked children differ


def connection(url: str | None = None) -> Redis:
    """A Redis connection to REDIS_URL."""
    return Redis.from_url(url or current_app.config["REDIS_URL"])


def get_queue(conn: Redis | None = None) -> Queue:
    """The one queue every job goes to."""
    return Queue(current_app.config["JOBS_QUEUE"], connection=conn or connection(),
                 serializer=JSONSerializer)


def enqueue(job_id: str, target: str, args: tuple | list, kwargs: dict) -> RQJob:
    """Put one job on the queue under `job_id`, with the timeout and retry policy."""
    config = current_app.config
    intervals = list(config["JOBS_RETRY_INTERVALS"]) or 0
    return get_queue().enqueue(
        execute, job_id, target, list(args), kwargs,
        job_id=job_id,
        job_timeout=config["JOBS_TIMEOUT"],
        retry=Retry(max=config["JOBS_RETRIES"], interval=intervals) if config["JOBS_RETRIES"] else None,
        on_failure=Callback(on_failure),
        failure_ttl=7 * 24 * 3600,
    )  # fmt: skip


def execute(job_id: str, target: str, args: list, kwargs: dict) -> dict | None:
    """What the RQ worker runs: `run_job` in an app context, re-raising so RQ can retry."""
    from .services import run_job

    if has_app_context():
        app = current_app._get_current_object()
        if _worker_pid is not None and os.getpid() != _worker_pid:
            with app.app_context():
                db.engine.dispose(close=False)  # a forked work horse: leave the parent's sockets
    else:
        from .. import create_app

        app = create_app()
    with app.app_context():
        result = run_job(job_id, target, args, kwargs, will_retry=_will_retry)
        return result if isinstance(result, dict) else None


def _will_retry() -> bool:
    from rq import get_current_job

    rq_job = get_current_job()
    return bool(rq_job and rq_job.retries_left and rq_job.retries_left > 0)


def on_failure(rq_job: RQJob, conn: Redis, exc_type, exc_value, traceback) -> None:
    """RQ failure callback; records a job abandoned by a dead worker (others record themselves)."""
    from rq.exceptions import AbandonedJobError

    if exc_type is not AbandonedJobError:
        return
    retrying = bool(rq_job.retries_left and rq_job.retries_left > 0)
    _with_app(_mark_abandoned, rq_job.id, retrying)


def _mark_abandoned(job_id: str, retrying: bool) -> None:
    job = db.session.get(Job, job_id)
    if job is None:
        return
    if retrying:
        job.status, job.message = "queued", "The worker stopped; running it again."
    else:
        job.status, job.message, job.active_key = "failed", "The worker stopped.", None
    db.session.commit()


def _with_app(func, *args) -> Any:
    if has_app_context():
        return func(*args)
    from .. import create_app

    with create_app().app_context():
        return func(*args)


def _worker_is_gone(conn: Redis, worker_name: str) -> bool:
    if not worker_name:
        return True
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + worker_name, connection=conn)
    if worker is None:
        return True
    if worker.hostname == socket.gethostname() and worker.pid:
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def recover_abandoned(queue: Queue) -> list[str]:
    """Re-run jobs whose worker is gone, and re-enqueue tracked jobs the queue no longer has.

    Returns the ids of the jobs recovered.
    """
    conn = queue.connection
    registry = StartedJobRegistry(queue.name, connection=conn, serializer=JSONSerializer)
    dead = []
    for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
        execution = Execution.fetch(execution_id, job_id, connection=conn)
        if _worker_is_gone(conn, execution.worker_name if execution else ""):
            conn.zadd(registry.key, {f"{job_id}:{execution_id}": 0}, xx=True)
            dead.append(job_id)
    if dead:
        log.warning("re-running %d job(s) abandoned by a dead worker: %s", len(dead), ", ".join(dead))
        registry.cleanup(timestamp=1)
    lost = []
    for job in db.session.scalars(select(Job).where(Job.status.in_(ACTIVE_STATUSES), Job.target != "")):
        try:
            RQJob.fetch(job.id, connection=conn, serializer=JSONSerializer)
        except NoSuchJobError:
            arguments = job.arguments or {}
            enqueue(job.id, job.target, arguments.get("args", []), arguments.get("kwargs", {}))
            job.status, job.message = "queued", "Queued again after the queue lost it."
            lost.append(job.id)
    if lost:
        db.session.commit()
        log.warning("re-enqueued %d job(s) the queue had lost: %s", len(lost), ", ".join(lost))
    return dead + lost


def make_worker(queue: Queue) -> Worker:
    """A worker on `queue` that runs jobs in forked children of this (app-holding) process."""
    global _worker_pid
    _worker_pid = os.getpid()
    config = current_app.config
    return Worker([queue], connection=queue.connection, serializer=JSONSerializer,
                  job_monitoring_interval=config["JOBS_HEARTBEAT"],
                  maintenance_interval=config["JOBS_MAINTENANCE_INTERVAL"])
