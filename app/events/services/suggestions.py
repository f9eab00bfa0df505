"""Suggested partners among an event's admitted participants, scored by the matcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...matching.services import candidate_matches
from ...organisations.models import Tag
from ..models import Event, Participation


@dataclass(frozen=True)
class PairScore:
    """A scored pair of organisations and the matcher's reasons (tag ids by direction)."""

    a: int
    b: int
    score: float
    explanation: dict = field(default_factory=dict)


def score_pairs(org_ids: Sequence[int], k: int = 10, cross_border: bool = True) -> list[PairScore]:
    """Each unordered pair (a < b) from every organisation's best k among `org_ids`, by the matcher.

    Explanations are written from a's side.
    """
    return [PairScore(m.a, m.b, float(m.score), m.explanation.to_dict())
            for m in candidate_matches(list(org_ids), k=k, cross_border=cross_border)]


def _flipped(pair: PairScore) -> PairScore:
    """The same pair seen from b's side: the directional reasons swap."""
    why = dict(pair.explanation)
    for kind in ("tags", "terms"):
        theirs, ours = f"they_offer_we_seek_{kind}", f"we_offer_they_seek_{kind}"
        why[theirs], why[ours] = pair.explanation.get(ours, []), pair.explanation.get(theirs, [])
    return PairScore(pair.b, pair.a, pair.score, why)


@dataclass(frozen=True)
class Suggestion:
    participation: Participation
    score: float
    reasons: dict[str, list[Tag]]
    terms: list[str] = field(default_factory=list)


def suggested_partners(event: Event, me: Participation, k: int = 10) -> list[Suggestion]:
    """The admitted participants the matcher ranks best for `me`, with tag reasons."""
    from .placement import rule_violation

    admitted = [p for p in event.participations if p.admitted]
    by_org = {p.organisation_id: p for p in admitted}
    mine = me.organisation_id
    pairs = [s if s.a == mine else _flipped(s)
             for s in score_pairs(list(by_org), k=max(k, 10), cross_border=event.cross_border_only)
             if mine in (s.a, s.b)]
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
        terms = [t for key in ("they_offer_we_seek_terms", "we_offer_they_seek_terms", "shared_terms")
                 for t in s.explanation.get(key, [])]
        out.append(Suggestion(other, s.score, reasons, list(dict.fromkeys(terms))[:8]))
    return out[:k]
