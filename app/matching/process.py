"""Work handed to a forked child process while this one does its own share (pure: no Flask).

Used by FeatureModel.fit above MatchParams.fork_above organisations: the fit is pure Python,
so a second core only helps from a second process. The child is a fork (it sees the caller's
objects without pickling them) and sends its result back pickled through a pipe. Whenever the
child cannot be used — no os.fork (Windows), other Python threads running (a fork copies
only the calling thread, and any lock another thread holds stays held in the child), or the
child failing for any reason — the same function runs here instead, so the caller always
gets the result, only later.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import threading
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger("kakehashi.matching")
T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child can be forked safely here: Unix, and no other Python thread running."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Pending(Generic[T]):
    """The result of fn(*args), computed in a forked child if one was started."""

    def __init__(self, fn: Callable[..., T], args: tuple, pid: int | None = None,
                 fd: int | None = None) -> None:
        self._fn, self._args, self._pid, self._fd = fn, args, pid, fd

    @property
    def forked(self) -> bool:
        """Whether a child is (or was) computing the result."""
        return self._pid is not None

    def result(self) -> T:
        """The child's result; computed here if there is no child or it failed."""
        if self._pid is not None:
            try:
                return self._receive()
            except Exception:  # noqa: BLE001 — any failure of the child: do the work here
                log.warning("forked child failed; computing its share in-process", exc_info=True)
            finally:
                self._pid = self._fd = None
        return self._fn(*self._args)

    def cancel(self) -> None:
        """Stop the child, if any, and forget it (when the caller gives up)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(self._fd)  # type: ignore[arg-type]
            self._pid = self._fd = None

    def _receive(self) -> T:
        status = -1
        try:
            with os.fdopen(self._fd, "rb") as pipe:  # type: ignore[arg-type]
                ok, value = pickle.load(pipe)
        finally:
            try:
                _, status = os.waitpid(self._pid, 0)  # type: ignore[arg-type]
            except ChildProcessError:  # reaped by another SIGCHLD handler (gunicorn's master)
                status = 0
        if not ok or status != 0:
            raise RuntimeError(f"child {self._pid} failed (status {status}): {value}")
        return value


def in_child(fn: Callable[..., T], *args: object) -> Pending[T]:
    """Start fn(*args) in a forked child and return at once; Pending.result() gives its value.

    fn and its result must not need anything but this process's memory (no open connection,
    no thread): the child runs fn, pickles the result into a pipe and exits without cleanup.
    """
    if not can_fork():
        return Pending(fn, args)
    read, write = os.pipe()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when the process has other OS threads; can_fork() has checked
            # that no other *Python* thread runs; the others are native pools (BLAS) that
            # register their own at-fork handlers and are not used by the child
            warnings.filterwarnings("ignore", "This process .* is multi-threaded",
                                    DeprecationWarning)
            pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        log.warning("could not fork; computing in-process", exc_info=True)
        return Pending(fn, args)
    if pid == 0:  # the child: never returns
        _run_child(fn, args, read, write)
    os.close(write)
    return Pending(fn, args, pid, read)


def _run_child(fn: Callable[..., T], args: tuple, read: int, write: int) -> None:
    code = 1
    try:
        os.close(read)
        gc.freeze()  # what the parent had is never collected here: no finaliser runs twice
        signal.set_wakeup_fd(-1)  # the parent's signal handlers and wake-up pipe are its own
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD,
                    signal.SIGUSR1, signal.SIGUSR2, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)
        try:
            out: tuple = (True, fn(*args))
        except BaseException as exc:  # noqa: BLE001 — reported to the parent, which retries
            out = (False, repr(exc))
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(out, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)
