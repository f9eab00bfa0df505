"""Background jobs in-process (no REDIS_URL): tracked progress, failures, idempotent submits."""

from pathlib import Path

from app.extensions import db
from app.jobs.models import Job
from app.jobs.services import report_progress, submit


def count_to(n: int) -> dict:
    for i in range(n):
        report_progress(100 * (i + 1) / n, f"step {i + 1} of {n}")
    return {"counted": n}


def explode() -> None:
    raise RuntimeError("the matcher fell over")


def resubmit_myself() -> dict:
    again = submit("demo", "tests.test_jobs:resubmit_myself", track=True)
    return {"again": again.id}


def record(path: str, text: str) -> None:
    Path(path).write_text(text)


def test_a_tracked_job_runs_here_and_records_progress_and_result(app, make_user, client, auth):
    user = make_user("owner@example.com")
    job = submit("demo", "tests.test_jobs:count_to", 4, track=True, owner_id=user.id)
    db.session.expire_all()
    assert (job.status, job.progress, job.result, job.attempts) == ("finished", 100, {"counted": 4}, 1)
    assert job.active_key is None and job.message == "step 4 of 4"
    auth.login("owner@example.com")
    assert client.get(f"/jobs/{job.id}").get_json()["status"] == "finished"


def test_a_failing_job_is_recorded_failed_and_the_request_goes_on(app):
    job = submit("demo", "tests.test_jobs:explode", track=True)
    db.session.expire_all()
    assert job.status == "failed" and "fell over" in job.message and job.active_key is None


def test_the_same_work_submitted_while_it_runs_returns_the_running_job(app):
    job = submit("demo", "tests.test_jobs:resubmit_myself", track=True)
    db.session.expire_all()
    assert job.result == {"again": job.id}
    assert db.session.query(Job).count() == 1


def test_once_finished_the_same_work_can_run_again(app):
    first = submit("demo", "tests.test_jobs:count_to", 2, track=True)
    second = submit("demo", "tests.test_jobs:count_to", 2, track=True)
    assert first.id != second.id and second.status == "finished"
    third = submit("demo", "tests.test_jobs:count_to", 3, track=True)
    assert third.key != first.key


def test_an_untracked_job_runs_without_a_row(app, tmp_path):
    assert submit("demo", "tests.test_jobs:record", str(tmp_path / "out"), "done") is None
    assert (tmp_path / "out").read_text() == "done" and db.session.query(Job).count() == 0


def test_someone_else_cannot_read_a_job(app, make_user, client, auth):
    owner, other = make_user("a@example.com"), make_user("b@example.com")
    job = submit("demo", "tests.test_jobs:count_to", 1, track=True, owner_id=owner.id)
    auth.login("b@example.com")
    assert other.id != owner.id and client.get(f"/jobs/{job.id}").status_code == 403


def test_the_worker_command_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
