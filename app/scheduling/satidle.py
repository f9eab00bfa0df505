"""Idle-period minimisation as Boolean satisfiability, solved by CaDiCaL in a forked child.

The clauses: x[m, s] for each meeting and allowed slot (exactly one per meeting), at most one
meeting per participant and slot, at most `tables` meetings per slot (sequential counter);
busy[p, s] holds exactly when p meets in s; later[p, s] holds when p meets in s or later that
day; and a period-start literal is forced true wherever p is busy in s - 1, free in s and busy
later that day. Each call adds "at most k period starts" as a sequential counter behind a
fresh selector literal and assumes it. The search works up from the lower bound: it asks for
at most bound + `GAP` (never as much as the best cost found); a model lowers the best cost,
UNSAT raises the bound (and drops that counter), until the two meet and the last schedule is
proven optimal.

CaDiCaL (python-sat's binding) holds the GIL and cannot be interrupted, so it runs in a forked
child that sends every cheaper schedule through a pipe; the parent reads them when it likes
and kills the child at its deadline. Measured on the b2b instances (benchmarks/README.md).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool
from pysat.solvers import Solver

from app.matching import process  # can_fork: the one rule for forking safely
from app.scheduling.model import Meeting, SchedulingProblem

SOLVER = "cadical195"
# Above this many (meeting, slot) pairs the clauses get too many to pay off.
MAX_PAIRS = 20_000
# Each SAT call asks for at most this many idle periods above the best lower bound: asking
# directly for a cheap schedule was much faster than descending from a dear one step by step
# (ticf-13crafb: 5 in about 20 s when asked for at most 5; 17 -> 9 took 44 s).
GAP = 3
LOOSE = True


@dataclass
class _Encoding:
    clauses: list[list[int]]
    x: dict[tuple[str, str], int]
    starts: list[int]
    loose: list[int]
    top: int


def _at_most_one(lits: list[int], pool: IDPool, out: list[list[int]]) -> None:
    if len(lits) <= 6:
        out.extend([-a, -b] for i, a in enumerate(lits) for b in lits[i + 1 :])
    else:
        out.extend(CardEnc.atmost(lits, bound=1, vpool=pool, encoding=EncType.seqcounter).clauses)


def encode(problem: SchedulingProblem, meetings: list[Meeting], allowed: dict[str, list[str]],
           mandatory: Mapping[str, frozenset[str]] | None = None) -> _Encoding:
    """The clauses of a schedule placing every meeting, the idle-period start literals, and
    one 'has an idle period' literal per participant; `mandatory` (from
    `bounds.idle_lower_bound`) names the slots a participant must be busy in to have none."""
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
    mine_starts: dict[str, list[int]] = defaultdict(list)
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
                mine_starts[who].append(g)
    # Redundant: loose[p] may hold only if p has an idle period, and must hold if p is free
    # in one of its mandatory slots; at most k loose participants then propagates at once.
    loose = []
    for who, gs in sorted(mine_starts.items()):
        v = pool.id(("loose", who))
        loose.append(v)
        clauses.append([-v, *gs])
        for sid in sorted((mandatory or {}).get(who, ())):
            b = busy.get((who, pos[sid])) if sid in pos else None
            clauses.append([v] if b is None else [b, v])
    return _Encoding(clauses, x, starts, loose, pool.top)


def descend(problem: SchedulingProblem, meetings: list[Meeting], allowed: dict[str, list[str]],
            upper: int, floor: int = 0, mandatory: Mapping[str, frozenset[str]] | None = None,
            ) -> Iterator[tuple[int | None, list[str], bool]]:
    """Yield (cost, slot per meeting, proven optimal) for ever cheaper schedules below `upper`
    idle periods, `floor` being a lower bound. Each call asks for at most `GAP` more than the
    best lower bound (never as much as the best cost so far): a model is an upper bound, an
    UNSAT answer a lower bound. Ends when they meet, yielding (None, [], True): the last
    schedule yielded (or `upper`) is optimal."""
    from app.scheduling.lns import idle_cost

    if upper <= floor:
        return
    enc = encode(problem, meetings, allowed, mandatory)
    counted = [lits for lits in (enc.starts, enc.loose if LOOSE else []) if lits]
    pool = IDPool(start_from=enc.top + 1)
    lo, hi = floor, upper
    with Solver(name=SOLVER, bootstrap_with=enc.clauses) as solver:
        while lo < hi:
            k = min(hi - 1, lo + GAP)
            # "at most k" as small sequential counters behind a selector literal, so an UNSAT
            # answer can be dropped (one totalizer reaching far made every call much slower)
            select_k = pool.id(("at most", k))
            for lits in counted:
                if k < len(lits):
                    for clause in CardEnc.atmost(lits, bound=k, vpool=pool,
                                                 encoding=EncType.seqcounter).clauses:
                        solver.add_clause([-select_k, *clause])
            if not solver.solve([select_k]):
                solver.add_clause([-select_k])
                lo = k + 1
                continue
            model = solver.get_model()  # before any clause is added, which drops the model
            solver.add_clause([select_k])  # later calls ask for less anyway
            slot_of = {mid: sid for (mid, sid), v in enc.x.items() if model[v - 1] > 0}
            hi = idle_cost(problem, slot_of)
            yield hi, [slot_of[m.id] for m in meetings], hi <= lo
        yield None, [], True


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
        """Read what the child has sent (for `timeout` s more, or until it ends); the best
        (cost, schedule) so far."""
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
                  allowed: dict[str, list[str]], upper: int, floor: int,
                  mandatory: Mapping[str, frozenset[str]] | None = None) -> SatChild | None:
    """Fork a child that runs `descend` and streams its schedules back; None when no child can
    be forked safely (no os.fork, or other Python threads running) or the model is too big."""
    if not process.can_fork():
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
        _run_child(problem, meetings, allowed, (upper, floor, mandatory), read, write)
    os.close(write)
    return SatChild(meetings, pid, read)


def _run_child(problem, meetings, allowed, bounds: tuple, read: int, write: int) -> None:
    code = 1
    try:
        os.close(read)
        gc.freeze()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        for item in descend(problem, meetings, allowed, *bounds):
            _send(write, item)
        code = 0
    finally:
        os._exit(code)


def _send(fd: int, item: tuple) -> None:
    frame = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    os.write(fd, len(frame).to_bytes(4, "big") + frame)
