"""Shared fixtures of the pure-engine tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def threads_of_other_tests_ignored(monkeypatch):
    """`process.can_fork` refuses to fork while another Python thread runs (the matcher's fit and
    the scheduler's SAT child both ask it). Threads that other tests of the same session left
    running (a live server for the browser tests, say) are not this test's: only threads started
    after this point count."""
    from app.matching import process

    already = process.threading.active_count()

    def can_fork() -> bool:
        return hasattr(process.os, "fork") and process.threading.active_count() == already

    monkeypatch.setattr(process, "can_fork", can_fork)
