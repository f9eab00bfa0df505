"""Background jobs on RQ against the real Redis (DB 14): queueing, retries, dead workers."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from app.extensions import db
from app.jobs.queue import get_queue, recover_abandoned
from app.jobs.services import submit
from tests.conftest import base_config

ROOT = Path(__file__).resolve().parent.parent


def count_to(n: int) -> dict:
    from app.jobs.services import report_progress

    for i in range(n):
        report_progress(100 * (i + 1) / n, f"step {i + 1}")
    return {"counted": n}


def fail_first_time(marker: str) -> dict:
    path = Path(marker)
    if not path.exists():
        path.write_text("failed once")
        raise RuntimeError("the mail server was away")
    return {"second": True}


def always_fail() -> None:
    raise RuntimeError("never works")


def stall_first_time(marker: str) -> dict:
    """The first run records its pid and hangs (to be killed); a re-run finishes."""
    path = Path(marker)
    if path.exists():
        return {"rerun": True}
    path.write_text(str(os.getpid()))
    time.sleep(120)
    return {"rerun": False}


@pytest.fixture
def queue_url(redis_url) -> str:
    """The test Redis server, database 14 (this suite's own)."""
    return urlunsplit(urlsplit(redis_url)._replace(path="/14"))


@pytest.fixture
def app_config(database_url, tmp_path, queue_url):
    config = base_config(database_url, tmp_path)
    config.update(REDIS_URL=queue_url, JOBS_QUEUE=f"kk-test-{uuid.uuid4().hex[:12]}",
                  JOBS_RETRY_INTERVALS=(), JOBS_RETRIES=2)
    return config


@pytest.fixture
def queue(app):
    queue = get_queue()
    yield queue
    conn = queue.connection
    for key in list(conn.scan_iter(f"*{queue.name}*")):
        conn.delete(key)
    for key in list(conn.scan_iter("rq:job:*")):
        if conn.hget(key, "origin") == queue.name.encode():
            job_id = key.decode().rpartition(":")[2]
            conn.delete(key, f"rq:results:{job_id}", f"rq:executions:{job_id}")
    conn.srem("rq:queues", f"rq:queue:{queue.name}")


def work(queue) -> None:
    from rq.serializers import JSONSerializer
    from rq.worker import SimpleWorker

    SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)


def test_with_redis_a_job_is_queued_then_a_worker_runs_it(app, queue):
    job = submit("match_rebuild", "tests.test_jobs_queue:count_to", 3, track=True)
    assert job.status == "queued" and queue.count == 1
    work(queue)
    db.session.expire_all()
    assert (job.status, job.progress, job.result, job.attempts) == ("finished", 100, {"counted": 3}, 1)
    assert queue.count == 0


def test_resubmitting_queued_work_returns_the_same_job_and_queues_nothing(app, queue):
    first = submit("match_rebuild", "tests.test_jobs_queue:count_to", 5, track=True)
    again = submit("match_rebuild", "tests.test_jobs_queue:count_to", 5, track=True)
    other = submit("match_rebuild", "tests.test_jobs_queue:count_to", 6, track=True)
    assert again.id == first.id and other.id != first.id
    assert queue.count == 2


def test_a_failed_job_is_retried_and_then_finishes(app, queue, tmp_path):
    job = submit("email", "tests.test_jobs_queue:fail_first_time", str(tmp_path / "m"), track=True)
    work(queue)
    db.session.expire_all()
    assert (job.status, job.attempts, job.result) == ("finished", 2, {"second": True})


def test_a_job_failing_every_retry_ends_failed_and_frees_its_key(app, queue):
    job = submit("schedule", "tests.test_jobs_queue:always_fail", track=True)
    work(queue)
    db.session.expire_all()
    assert (job.status, job.attempts, job.active_key) == ("failed", 3, None)
    assert "never works" in job.message
    assert submit("schedule", "tests.test_jobs_queue:always_fail", track=True).id != job.id


def test_mail_goes_through_the_queue(app, queue, outbox):
    from app.mail import deliver

    submit("email", "app.mail:deliver", "kenji@example.jp", "Hello", "text", "<p>html</p>")
    assert outbox == [] and queue.count == 1
    work(queue)
    assert [m.to for m in outbox] == [["kenji@example.jp"]] and deliver


def test_a_job_the_queue_lost_is_queued_again(app, queue):
    job = submit("itinerary", "tests.test_jobs_queue:count_to", 2, track=True)
    queue.connection.delete(f"rq:job:{job.id}")
    queue.empty()
    assert recover_abandoned(queue) == [job.id]
    work(queue)
    db.session.expire_all()
    assert job.status == "finished"


@pytest.mark.slow
def test_a_job_whose_worker_dies_is_run_again_not_lost(app, queue, queue_url, database_url, tmp_path):
    marker = tmp_path / "stalled"
    job = submit("match_rebuild", "tests.test_jobs_queue:stall_first_time", str(marker), track=True)
    env = {**os.environ, "KAKEHASHI_DATABASE_URL": database_url, "KAKEHASHI_REDIS_URL": queue_url,
           "KAKEHASHI_JOBS_QUEUE": queue.name, "KAKEHASHI_SECRET_KEY": "test",
           "KAKEHASHI_JOBS_RETRY_INTERVALS": "[]", "KAKEHASHI_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.1)
        else:
            pytest.fail("the worker never started the job")
        db.session.expire_all()
        assert job.status == "running"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        if marker.exists() and marker.read_text().isdigit():
            try:
                os.kill(int(marker.read_text()), signal.SIGKILL)  # the work horse, in its own session
            except ProcessLookupError:
                pass
    assert recover_abandoned(queue) == [job.id]
    db.session.expire_all()
    assert job.status == "queued" and "again" in job.message
    work(queue)
    db.session.expire_all()
    assert (job.status, job.attempts, job.result) == ("finished", 2, {"rerun": True})
