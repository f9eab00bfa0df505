"""Run work in the background when a queue is configured, in-process otherwise.

`submit()` is the one entry point. A job's target is named "module:function" so a worker in
another process can import it; its arguments must be plain data (JSON). Inside a running job,
`report_progress()` updates what the progress page shows. With REDIS_URL set, jobs go to one RQ
queue (see app/jobs/queue.py); otherwise they run here and now.

Tracked jobs are idempotent: submitting the same work (same kind, target and arguments, or the
same explicit `key`) while an earlier submission is queued or running returns that job.
"""

from __future__ import annotations

import contextvars
import hashlib
import importlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Job

log = logging.getLogger("kakehashi.jobs")
_current_job: contextvars.ContextVar[str | None] = contextvars.ContextVar("job", default=None)


def resolve(target: str) -> Callable[..., Any]:
    """The function a "module:function" target names."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def work_key(kind: str, target: str, args: tuple | list, kwargs: dict) -> str:
    """A stable digest naming one piece of work, for idempotent submission."""
    raw = json.dumps([kind, target, list(args), kwargs], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def submit(kind: str, target: str, *args: Any, track: bool = False, owner_id: int | None = None,
           key: str | None = None, **kwargs: Any) -> Job | None:
    """Run `target(*args, **kwargs)` as a job; with `track`, keep a Job row for its progress.

    A tracked submit commits the session first, so the job sees what the request wrote; if
    the same work is already queued or running, that job is returned and nothing is added.
    """
    job = None
    if track:
        job, created = _claim(kind, target, args, kwargs, owner_id, key)
        if not created:
            return job
    if current_app.config.get("REDIS_URL"):
        from .queue import enqueue

        try:
            enqueue(job.id if job else uuid.uuid4().hex, target, args, kwargs)
            return job
        except Exception:  # Redis unreachable: do the work here rather than lose it
            log.exception("could not enqueue %s (%s); running it in-process", kind, target)
    run_job(job.id if job else None, target, args, kwargs)
    return job


def _claim(kind, target, args, kwargs, owner_id, key) -> tuple[Job, bool]:
    digest = key or work_key(kind, target, args, kwargs)
    existing = active_job(digest)
    if existing is not None:
        return existing, False
    job = Job(id=uuid.uuid4().hex, kind=kind, owner_id=owner_id, target=target,
              arguments={"args": list(args), "kwargs": kwargs}, key=digest, active_key=digest)
    db.session.add(job)
    try:
        db.session.commit()
    except IntegrityError:  # another process claimed the same work a moment ago
        db.session.rollback()
        existing = active_job(digest)
        if existing is None:
            raise
        return existing, False
    return job, True


def active_job(key: str) -> Job | None:
    """The queued or running job doing the work named `key`, if any."""
    return db.session.scalar(select(Job).where(Job.active_key == key))


def run_job(job_id: str | None, target: str, args: tuple | list, kwargs: dict, *,
            will_retry: Callable[[], bool] | None = None) -> Any:
    """Execute one job here and now, recording its status when it is tracked.

    In-process, a failure is recorded and swallowed. Under a queue (`will_retry` given) the
    failure is recorded — as queued again when the queue will retry it — and re-raised.
    """
    token = _current_job.set(job_id)
    try:
        _start(job_id)
        result = resolve(target)(*args, **kwargs)
        _update(job_id, status="finished", progress=100, active_key=None,
                result=result if isinstance(result, dict) else None)
        return result
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, target)
        retrying = will_retry() if will_retry else False
        if retrying:
            _update(job_id, status="queued", message=f"Failed, will retry: {exc}"[:500])
        else:
            _update(job_id, status="failed", message=str(exc)[:500], active_key=None)
        if will_retry is not None:
            raise
        return None
    finally:
        _current_job.reset(token)


def current_job_id() -> str | None:
    """The tracked job being run in this context, if any."""
    return _current_job.get()


def report_progress(percent: float, message: str = "") -> None:
    """From inside a job: record how far it has got."""
    _update(_current_job.get(), progress=max(0, min(100, int(percent))), message=message)


def _start(job_id: str | None) -> None:
    job = db.session.get(Job, job_id) if job_id else None
    if job is not None:
        _update(job_id, status="running", progress=0, attempts=job.attempts + 1)


def _update(job_id: str | None, **values: Any) -> None:
    if job_id is None:
        return
    job = db.session.get(Job, job_id)
    if job is None:
        return
    for key, value in values.items():
        setattr(job, key, value)
    db.session.commit()
