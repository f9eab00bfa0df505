"""Simulated annealing on idle periods with Kempe-chain moves between two slots.

A move takes one meeting from its slot s to another slot t. Every participant may hold one
meeting per slot, so the meetings that must follow it (a party's meeting in t moves to s, that
meeting's other party's meeting in s moves to t, ...) form a chain: a connected component of
the meetings in s and t. Swapping the whole chain keeps every participant free of clashes and
changes the busy slots of only the chain's two end participants, so a move is cheap to
evaluate. When t has no free table, a second chain from t back to s balances the counts.
Moves that break a window, a forbidden slot or a fixed meeting are refused.

The score is idle periods (weighted by `PERIOD_WEIGHT`) plus idle slots, so that shortening a
gap already pays before the gap closes; the best schedule by idle periods is returned.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from collections.abc import Callable

from app.scheduling.model import Meeting, SchedulingProblem

# One idle period costs as much as this many idle slots in the annealing score.
PERIOD_WEIGHT = 2
# Longest chain tried; longer ones are refused (they rarely pay and cost time).
MAX_CHAIN = 40
# Starting and final temperature in score units, and moves between clock checks.
T_START = 2.0
T_END = 0.3
CHECK_EVERY = 2000
# Share of moves that start from a participant with an idle period, and share that aim at a
# slot next to one of that participant's meetings (the rest aim at any allowed slot).
BAD_SHARE = 0.7
NEAR_SHARE = 0.5


class _Annealer:
    def __init__(self, problem, meetings, allowed, slot_of, rng):
        order = problem.ordered_slots()
        self.sid = [s.id for s in order]
        pos = {s.id: i for i, s in enumerate(order)}
        days: dict[int, int] = defaultdict(int)
        for i, s in enumerate(order):
            days[s.day] |= 1 << i
        self.day_masks = list(days.values())
        self.cap = [problem.tables(s) for s in self.sid]
        self.meetings = meetings
        index = {p: i for i, p in enumerate(sorted({m.a for m in meetings} | {m.b for m in meetings}))}
        self.a = [index[m.a] for m in meetings]
        self.b = [index[m.b] for m in meetings]
        self.fixed = [m.fixed_slot is not None for m in meetings]
        self.ok = [sum(1 << pos[s] for s in allowed[m.id]) for m in meetings]
        self.allowed = [[pos[s] for s in allowed[m.id]] for m in meetings]
        self.slot = [pos[slot_of[m.id]] for m in meetings]
        self.count = [0] * len(order)
        self.in_slot: list[set[int]] = [set() for _ in order]
        self.at: list[dict[int, int]] = [{} for _ in index]
        self.mask = [0] * len(index)
        self.of: list[list[int]] = [[] for _ in index]
        for k, s in enumerate(self.slot):
            self.count[s] += 1
            self.in_slot[s].add(k)
            for p in (self.a[k], self.b[k]):
                self.at[p][s] = k
                self.mask[p] |= 1 << s
                self.of[p].append(k)
        self.memo: dict[int, tuple[int, int]] = {}
        self.score_memo: dict[int, int] = {}
        self.bits_memo: dict[int, list[int]] = {}
        self.all_slots = (1 << len(order)) - 1
        self.rng = rng
        self.people = list(range(len(index)))
        self.periods = sum(self._cost(self.mask[p])[0] for p in self.people)
        self.score = sum(self._score(self.mask[p]) for p in self.people)
        self.bad = {p for p in self.people if self._cost(self.mask[p])[0]}
        self.bad_list = sorted(self.bad)

    def _cost(self, mask: int) -> tuple[int, int]:
        """(idle periods, idle slots) of one participant's busy-slot bitmask."""
        got = self.memo.get(mask)
        if got is None:
            periods = slots = 0
            for dm in self.day_masks:
                x = mask & dm
                if x:
                    lo = (x & -x).bit_length()
                    span = x.bit_length() - lo + 1
                    periods += (x & ~(x << 1)).bit_count() - 1
                    slots += span - x.bit_count()
            got = self.memo[mask] = (periods, slots)
        return got

    def _score(self, mask: int) -> int:
        got = self.score_memo.get(mask)
        if got is None:
            p, s = self._cost(mask)
            got = self.score_memo[mask] = PERIOD_WEIGHT * p + s
        return got

    def _bits(self, mask: int) -> list[int]:
        got = self.bits_memo.get(mask)
        if got is None:
            got = self.bits_memo[mask] = [q for q in range(mask.bit_length()) if mask >> q & 1]
        return got

    def _chain(self, k: int, t: int, taken: set[int]) -> tuple[list[int], list] | None:
        """The meetings that move with k from its slot to t, and the end participants (each
        with the bit it leaves and the bit it takes); None if a meeting cannot move."""
        s = self.slot[k]
        if self.fixed[k] or k in taken or not self.ok[k] >> t & 1:
            return None
        chain = [k]
        seen = {k}
        ends = []
        for start in (self.a[k], self.b[k]):
            who, target, came = start, t, k
            while True:
                nxt = self.at[who].get(target)
                if nxt is None:
                    ends.append((who, self.slot[came], target))
                    break
                if nxt in seen:
                    break
                if nxt in taken or self.fixed[nxt]:
                    return None
                back = s if target == t else t
                if not self.ok[nxt] >> back & 1:
                    return None
                seen.add(nxt)
                chain.append(nxt)
                if len(chain) > MAX_CHAIN:
                    return None
                who = self.b[nxt] if self.a[nxt] == who else self.a[nxt]
                target, came = back, nxt
        return chain, ends

    def propose(self) -> tuple[list[int], int, int, int, list] | None:
        """A random legal move: (meetings, from slot, to slot, score change, end changes)."""
        rng = self.rng
        rand = rng.random
        pool = self.bad_list if self.bad_list and rand() < BAD_SHARE else self.people
        who = pool[int(rand() * len(pool))]
        mine = self.of[who]
        k = mine[int(rand() * len(mine))]
        s = self.slot[k]
        busy = self.mask[who]
        near = self._bits(((busy << 1) | (busy >> 1)) & ~busy & self.ok[k] & self.all_slots)
        if near and rand() < NEAR_SHARE:
            t = near[int(rand() * len(near))]
        else:
            t = self.allowed[k][int(rand() * len(self.allowed[k]))]
        if t == s:
            return None
        got = self._chain(k, t, set())
        if got is None:
            return None
        chain, ends = got
        moved = [self.slot[c] for c in chain]
        net = sum(1 if m == s else -1 for m in moved)  # into t
        if self.count[t] + net > self.cap[t] or self.count[s] - net > self.cap[s]:
            others = [c for c in self.in_slot[t if net > 0 else s] if c not in chain]
            if not others:
                return None
            k2 = rng.choice(others)
            back = s if self.slot[k2] == t else t
            got2 = self._chain(k2, back, set(chain))
            if got2 is None:
                return None
            chain2, ends2 = got2
            net2 = sum(1 if self.slot[c] == s else -1 for c in chain2)
            if (self.count[t] + net + net2 > self.cap[t]
                    or self.count[s] - net - net2 > self.cap[s]):
                return None
            chain, ends = chain + chain2, ends + ends2
        change: dict[int, int] = {}
        for who2, old, new in ends:
            m0 = change.get(who2, self.mask[who2])
            change[who2] = m0 & ~(1 << old) | (1 << new)
        delta = sum(self._score(m) - self._score(self.mask[p]) for p, m in change.items())
        return chain, s, t, delta, list(change.items())

    def apply(self, chain: list[int], s: int, t: int, change: list) -> None:
        for k in chain:
            old = self.slot[k]
            for p in (self.a[k], self.b[k]):
                if self.at[p].get(old) == k:
                    del self.at[p][old]
        for k in chain:
            old = self.slot[k]
            new = t if old == s else s
            self.count[old] -= 1
            self.count[new] += 1
            self.in_slot[old].discard(k)
            self.in_slot[new].add(k)
            self.slot[k] = new
            for p in (self.a[k], self.b[k]):
                self.at[p][new] = k
        for p, m in change:
            before = self._cost(self.mask[p])
            after = self._cost(m)
            self.periods += after[0] - before[0]
            self.score += self._score(m) - self._score(self.mask[p])
            self.mask[p] = m
            if bool(after[0]) != (p in self.bad):
                if after[0]:
                    self.bad.add(p)
                else:
                    self.bad.discard(p)
                self.bad_list = sorted(self.bad)

    def result(self) -> dict[str, str]:
        return {m.id: self.sid[s] for m, s in zip(self.meetings, self.slot, strict=True)}


def anneal_idle(
    problem: SchedulingProblem,
    meetings: list[Meeting],
    allowed: dict[str, list[str]],
    slot_of: dict[str, str],
    seconds: float,
    seed: int,
    max_moves: int | None = None,
    target: int = 0,
    stop: Callable[[], bool] | None = None,
) -> dict[str, str]:
    """Anneal `slot_of` for `seconds` (or `max_moves` proposals, or until the idle periods reach
    `target`, or `stop()` says so at a clock check) and return the schedule with the fewest idle
    periods seen; every move keeps the schedule legal."""
    end = time.monotonic() + seconds
    st = _Annealer(problem, meetings, allowed, slot_of, random.Random(seed))
    best, best_periods = st.result(), st.periods
    budget = max_moves if max_moves is not None else 10**12
    done = 0
    temp = T_START
    while done < budget and best_periods > target:
        if done % CHECK_EVERY == 0:
            now = time.monotonic()
            if now >= end or (stop is not None and stop()):
                break
            if max_moves is not None:
                frac = done / max_moves
            else:
                frac = 1 - (end - now) / seconds
            temp = T_START * (T_END / T_START) ** min(1.0, frac)
        done += 1
        mv = st.propose()
        if mv is None:
            continue
        chain, s, t, delta, change = mv
        if delta <= 0 or st.rng.random() < math.exp(-delta / temp):
            st.apply(chain, s, t, change)
            if st.periods < best_periods:
                best, best_periods = st.result(), st.periods
    return best
