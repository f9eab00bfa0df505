"""Run work in the background when a queue is configured, in-process otherwise.

`submit()` is the one entry point. A job's target is named "module:function" so a worker in
another process can import it; its arguments must be plain data. Inside a running job,
`report_progress()` updates what the progress page shows.
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from ..extensions import db
from .models import Job

log = logging.getLogger("kakehashi.jobs")
_current_job: contextvars.ContextVar[str | None] = contextvars.ContextVar("job", default=None)


def resolve(target: str) -> Callable[..., Any]:
    """The function a "module:function" target names."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def submit(kind: str, target: str, *args: Any, track: bool = False, owner_id: int | None = None,
           **kwargs: Any) -> Job | None:
    """Run `target(*args, **kwargs)` as a job; with `track`, keep a Job row for its progress.

    A tracked submit commits the session first, so the job sees what the request wrote.
    """
    job = None
    if track:
        job = Job(id=uuid.uuid4().hex, kind=kind, owner_id=owner_id)
        db.session.add(job)
        db.session.commit()
    run_job(job.id if job else None, target, args, kwargs)
    return job


def run_job(job_id: str | None, target: str, args: tuple, kwargs: dict) -> Any:
    """Execute one job here and now, recording its status when it is tracked."""
    token = _current_job.set(job_id)
    try:
        _update(job_id, status="running", progress=0)
        result = resolve(target)(*args, **kwargs)
        _update(job_id, status="finished", progress=100,
                result=result if isinstance(result, dict) else None)
        return result
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, target)
        _update(job_id, status="failed", message=str(exc)[:500])
        if job_id is None:
            return None
        return None
    finally:
        _current_job.reset(token)


def current_job_id() -> str | None:
    """The tracked job being run in this context, if any."""
    return _current_job.get()


def report_progress(percent: float, message: str = "") -> None:
    """From inside a job: record how far it has got."""
    _update(_current_job.get(), progress=max(0, min(100, int(percent))), message=message)


def _update(job_id: str | None, **values: Any) -> None:
    if job_id is None:
        return
    job = db.session.get(Job, job_id)
    if job is None:
        return
    for key, value in values.items():
        setattr(job, key, value)
    db.session.commit()
