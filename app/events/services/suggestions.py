"""Suggested partners among an event's admitted participants, scored by the matcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...organisations.models import Organisation, Tag
from ..models import Event, Participation


@dataclass(frozen=True)
class PairScore:
    """A scored pair of organisations and the matcher's reasons (tag ids by direction)."""

    a: int
    b: int
    score: float
    explanation: dict = field(default_factory=dict)


def _matcher():
    """The matcher's candidate_matches when it is installed, else None."""
    try:
        from ...matching.services import candidate_matches
    except ImportError:
        return None
    return candidate_matches


def score_pairs(org_ids: Sequence[int], k: int = 10, cross_border: bool = True) -> list[PairScore]:
    """Each organisation's best k partners among `org_ids` (matcher; tag overlap without it)."""
    matcher = _matcher()
    if matcher is not None:
        return [PairScore(m.a, m.b, float(m.score), m.explanation.to_dict())
                for m in matcher(list(org_ids), k=k, cross_border=cross_border)]
    return _tag_overlap(org_ids, k, cross_border)


def _tag_overlap(org_ids: Sequence[int], k: int, cross_border: bool) -> list[PairScore]:
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(list(org_ids)))))
    caps = {o.id: {t.id for t in o.capabilities} for o in orgs}
    wants = {o.id: {t.id for t in o.looking_for} for o in orgs}
    out: list[PairScore] = []
    for a in orgs:
        scored = []
        for b in orgs:
            if a.id == b.id or (cross_border and a.country == b.country):
                continue
            theirs, ours = caps[b.id] & wants[a.id], caps[a.id] & wants[b.id]
            shared = caps[a.id] & caps[b.id]
            score = min(100.0, 30.0 * len(theirs) + 30.0 * len(ours) + 10.0 * len(shared))
            scored.append(PairScore(a.id, b.id, score, {
                "shared_tags": sorted(shared), "they_offer_we_seek_tags": sorted(theirs),
                "we_offer_they_seek_tags": sorted(ours)}))
        out.extend(sorted(scored, key=lambda p: (-p.score, p.b))[:k])
    return out


@dataclass(frozen=True)
class Suggestion:
    participation: Participation
    score: float
    reasons: dict[str, list[Tag]]


def suggested_partners(event: Event, me: Participation, k: int = 10) -> list[Suggestion]:
    """The admitted participants the matcher ranks best for `me`, with tag reasons."""
    from .placement import rule_violation

    admitted = [p for p in event.participations if p.admitted]
    by_org = {p.organisation_id: p for p in admitted}
    pairs = [s for s in score_pairs(list(by_org), k=max(k, 10), cross_border=event.cross_border_only)
             if s.a == me.organisation_id and s.b in by_org]
    tag_ids = {t for s in pairs for key in ("shared_tags", "they_offer_we_seek_tags",
                                             "we_offer_they_seek_tags")
               for t in s.explanation.get(key, [])}
    tags = {t.id: t for t in db.session.scalars(select(Tag).where(Tag.id.in_(tag_ids)))} if tag_ids else {}
    out = []
    for s in sorted(pairs, key=lambda s: -s.score):
        other = by_org[s.b]
        if rule_violation(event, me, other):
            continue
        reasons = {key: [tags[t] for t in s.explanation.get(key, []) if t in tags]
                   for key in ("they_offer_we_seek_tags", "we_offer_they_seek_tags", "shared_tags")}
        out.append(Suggestion(other, s.score, reasons))
    return out[:k]
