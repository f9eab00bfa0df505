"""Work in a forked child: the result comes back, or is computed here when the child cannot help."""

from __future__ import annotations

import os
import threading
import time

import pytest

from app.matching import process
from app.matching.process import in_child

PARENT = os.getpid()


def square_in_child(x: int) -> tuple[int, bool]:
    return x * x, os.getpid() != PARENT


def fails_in_child(x: int) -> tuple[int, bool]:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return x * x, False


def dies_in_child(x: int) -> tuple[int, bool]:
    if os.getpid() != PARENT:
        os._exit(3)
    return x * x, False


def test_the_child_computes_and_sends_back_the_result():
    pending = in_child(square_in_child, 12)
    assert pending.forked
    assert pending.result() == (144, True)


@pytest.mark.parametrize("fn", [fails_in_child, dies_in_child])
def test_a_failing_child_leaves_the_work_to_this_process(fn):
    pending = in_child(fn, 7)
    assert pending.forked
    assert pending.result() == (49, False)


def test_without_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.delattr(process.os, "fork")
    pending = in_child(square_in_child, 3)
    assert not pending.forked
    assert pending.result() == (9, False)


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pending = in_child(square_in_child, 5)
        assert not pending.forked and pending.result() == (25, False)
    finally:
        stop.set()
        other.join()


def test_cancel_stops_the_child():
    started = time.monotonic()
    pending = in_child(time.sleep, 30)
    pending.cancel()
    assert time.monotonic() - started < 10
    assert not pending.forked
