"""Idle-period minimisation as Boolean satisfiability, solved by CaDiCaL in a forked child.

The clauses: x[m, s] for each meeting and allowed slot (exactly one per meeting), at most one
meeting per participant and slot, at most `tables` meetings per slot (sequential counter);
busy[p, s] holds exactly when p meets in s; later[p, s] holds when p meets in s or later that
day; and a period-start literal is forced true wherever p is busy in s - 1, free in s and busy
later that day. A totalizer counts the period starts, so "at most k idle periods" is one unit
clause. The descent asks for at most `upper - 1`, takes each model's real cost c, then asks for
at most c - 1, until the solver answers UNSAT (the last schedule is optimal) or the cost reaches
the lower bound.

CaDiCaL (python-sat's binding) holds the GIL and cannot be interrupted, so it runs in a forked
child that sends every better schedule through a pipe; the parent reads them when it likes and
kills the child at its deadline. Measured on ticf-13crafb (benchmarks/README.md): from scratch
it reaches 5 idle periods in about 20 s and 3 (the best known) in about 80 s, where CP-SAT and
annealing stall at 6-8.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from pysat.card import CardEnc, EncType, ITotalizer
from pysat.formula import IDPool
from pysat.solvers import Solver

from app.scheduling.model import Meeting, SchedulingProblem

SOLVER = "cadical195"
# Above this many (meeting, slot) pairs the clauses get too many to pay off.
MAX_PAIRS = 20_000
# The first bound asked for is at most this far above the lower bound (the totalizer that
# counts idle periods grows with it).
FIRST_REACH = 32


@dataclass
class _Encoding:
    clauses: list[list[int]]
    x: dict[tuple[str, str], int]
    starts: list[int]
    top: int


def _at_most_one(lits: list[int], pool: IDPool, out: list[list[int]]) -> None:
    if len(lits) <= 6:
        out.extend([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :])
    else:
        out.extend(CardEnc.atmost(lits, bound=1, vpool=pool, encoding=EncType.seqcounter).clauses)


def encode(problem: SchedulingProblem, meetings: list[Meeting],
           allowed: dict[str, list[str]]) -> _Encoding:
    """The clauses of a schedule placing every meeting, and the idle-period start literals."""
    order = problem.ordered_slots()
    pos = {s.id: i for i, s in enumerate(order)}
    pool = IDPool()
    clauses: list[list[int]] = []
    x: dict[tuple[str, str], int] = {}
    by_slot: dict[int, list[int]] = defaultdict(list)
    by_person: dict[tuple[str, int], list[int]] = defaultdict(list)
    for m in meetings:
        lits = []
        for sid in allowed[m.id]:
            v = x[(m.id, sid)] = pool.id(("x", m.id, sid))
            lits.append(v)
            by_slot[pos[sid]].append(v)
            by_person[(m.a, pos[sid])].append(v)
            by_person[(m.b, pos[sid])].append(v)
        clauses.append(lits)
        _at_most_one(lits, pool, clauses)
    for i, lits in sorted(by_slot.items()):
        cap = problem.tables(order[i].id)
        if len(lits) > cap:
            clauses.extend(CardEnc.atmost(lits, bound=cap, vpool=pool,
                                          encoding=EncType.seqcounter).clauses)
    busy: dict[tuple[str, int], int] = {}
    for (who, i), lits in sorted(by_person.items()):
        _at_most_one(lits, pool, clauses)
        b = busy[(who, i)] = pool.id(("b", who, i))
        clauses.append([-b, *lits])
        clauses.extend([-v, b] for v in lits)
    days: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(order):
        days[s.day].append(i)
    people = sorted({m.a for m in meetings} | {m.b for m in meetings})
    starts: list[int] = []
    for who in people:
        for day in days.values():
            mine = [i for i in day if (who, i) in busy]
            if len(mine) < 2:
                continue
            later: dict[int, int] = {}
            for i in range(mine[-1], mine[0], -1):  # later[i]: busy in i or after, that day
                v = later[i] = pool.id(("later", who, i))
                if (who, i) in busy:
                    clauses.append([-busy[(who, i)], v])
                if i + 1 in later:
                    clauses.append([-later[i + 1], v])
            for i in range(mine[0] + 1, mine[-1] + 1):
                if (who, i - 1) not in busy:
                    continue
                g = pool.id(("start", who, i))
                clause = [-busy[(who, i - 1)], -later[i], g]
                if (who, i) in busy:
                    clause.append(busy[(who, i)])
                clauses.append(clause)
                starts.append(g)
    return _Encoding(clauses, x, starts, pool.top)


def descend(problem: SchedulingProblem, meetings: list[Meeting], allowed: dict[str, list[str]],
            upper: int, floor: int = 0) -> Iterator[tuple[int, list[str], bool]]:
    """Yield (cost, slot per meeting, proven optimal) for ever cheaper schedules below `upper`
    idle periods, until the cost reaches `floor` or UNSAT, which yields (None, [], True): the
    last schedule (or `upper`) is optimal."""
    from app.scheduling.lns import idle_cost

    if upper <= floor:
        return
    enc = encode(problem, meetings, allowed)
    k = _next_target(min(upper, floor + 2 * FIRST_REACH), floor)
    total = ITotalizer(lits=enc.starts, ubound=k + 1, top_id=max(enc.top, 1))
    with Solver(name=SOLVER, bootstrap_with=enc.clauses + total.cnf.clauses) as solver:
        while True:
            if k < len(total.rhs):  # total.rhs[k]: at least k + 1 idle periods
                solver.add_clause([-total.rhs[k]])
            if not solver.solve():
                yield None, [], True
                return
            model = solver.get_model()
            slot_of = {mid: sid for (mid, sid), v in enc.x.items() if model[v - 1] > 0}
            cost = idle_cost(problem, slot_of)
            yield cost, [slot_of[m.id] for m in meetings], cost <= floor
            if cost <= floor:
                return
            k = _next_target(cost, floor)


def _next_target(cost: int, floor: int) -> int:
    """The next bound to ask for below `cost`: halfway down to the lower bound `floor`
    (a bound close to the optimum is found much faster directly than step by step)."""
    return max(floor, min(cost - 1, floor + (cost - floor) // 2))


class SatChild:
    """The descent running in a forked child; `poll` collects what it has sent so far."""

    def __init__(self, meetings: list[Meeting], pid: int, fd: int) -> None:
        self._ids = [m.id for m in meetings]
        self._pid, self._fd = pid, fd
        self._buf = b""
        self.best: tuple[int, dict[str, str]] | None = None
        self.optimal = False
        self.done = False

    def poll(self, timeout: float = 0.0) -> tuple[int, dict[str, str]] | None:
        """Read every schedule sent so far (waiting up to `timeout` s for one); the best."""
        deadline = time.monotonic() + timeout
        while not self.done:
            wait = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._fd], [], [], wait)
            if not ready:
                break
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                self.done = True
                break
            self._buf += chunk
            while len(self._buf) >= 4:
                size = int.from_bytes(self._buf[:4], "big")
                if len(self._buf) < 4 + size:
                    break
                cost, slots, optimal = pickle.loads(self._buf[4 : 4 + size])
                self._buf = self._buf[4 + size :]
                if cost is None:  # UNSAT below the best (or below `upper`): optimal
                    self.optimal = True
                    continue
                if self.best is None or cost < self.best[0]:
                    self.best = (cost, dict(zip(self._ids, slots, strict=True)))
                    self.optimal = optimal
            if timeout == 0.0:
                continue
        return self.best

    def stop(self) -> None:
        """Kill the child (if still running) and close the pipe."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        os.close(self._fd)
        self._pid = None
        self.done = True


def start_descent(problem: SchedulingProblem, meetings: list[Meeting],
                  allowed: dict[str, list[str]], upper: int, floor: int) -> SatChild | None:
    """Fork a child that runs `descend` and streams its schedules back; None when no child can
    be forked safely (no os.fork, or other Python threads running) or the model is too big."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    if sum(len(allowed[m.id]) for m in meetings) > MAX_PAIRS:
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        _run_child(problem, meetings, allowed, upper, floor, read, write)
    os.close(write)
    return SatChild(meetings, pid, read)


def _run_child(problem, meetings, allowed, upper, floor, read: int, write: int) -> None:
    code = 1
    try:
        os.close(read)
        gc.freeze()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        for item in descend(problem, meetings, allowed, upper, floor):
            _send(write, item)
        code = 0
    finally:
        os._exit(code)


def _send(fd: int, item: tuple) -> None:
    frame = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    os.write(fd, len(frame).to_bytes(4, "big") + frame)
