"""Suggested partners: rebuild, refresh one organisation, read them, save and dismiss."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from ..accounts.models import User, utcnow
from ..errors import DomainError
from ..extensions import db
from ..organisations.models import Organisation, OrganisationTag, Tag
from ..organisations.services import tag_with_descendants
from .engine import ENGINE_VERSION, Match
from .index import build_index, current_index, forget_index, profile_of
from .models import Suggestion, SuggestionFeedback

log = logging.getLogger("kakehashi.matching")
TOP_K = 20


def dismissed_pairs(organisation_ids: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """(organisation, partner) pairs dismissed by either side; never suggested again."""
    stmt = select(SuggestionFeedback.organisation_id, SuggestionFeedback.partner_id).where(
        SuggestionFeedback.status == "dismissed"
    )
    if organisation_ids is not None:
        ids = list(organisation_ids)
        stmt = stmt.where(
            or_(SuggestionFeedback.organisation_id.in_(ids), SuggestionFeedback.partner_id.in_(ids))
        )
    return {(a, b) for a, b in db.session.execute(stmt)}


def _rows(matches: Sequence[Match]) -> list[dict]:
    now = utcnow()
    return [
        {
            "organisation_id": m.a,
            "partner_id": m.b,
            "rank": rank,
            "score": float(m.score),
            "components": {k: round(float(v), 4) for k, v in m.components.items()},
            "explanation": m.explanation.to_dict(),
            "engine_version": ENGINE_VERSION,
            "computed_at": now,
        }
        for rank, m in enumerate(matches, 1)
    ]


def rebuild_suggestions(k: int = TOP_K, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every organisation's top-k; the old set is replaced in one transaction."""
    index = build_index()
    excluded = dismissed_pairs()
    rows: list[dict] = []
    for matches in index.top_k_all(k, excluded=excluded, progress=progress):
        rows.extend(_rows(matches))
    existing = set(db.session.scalars(select(Organisation.id)))
    rows = [r for r in rows if r["organisation_id"] in existing and r["partner_id"] in existing]
    db.session.execute(delete(Suggestion))
    if rows:
        db.session.execute(Suggestion.__table__.insert(), rows)
    db.session.flush()
    return len(rows)


def refresh_suggestions(organisation: Organisation, k: int = TOP_K) -> int:
    """Recompute one organisation's suggestions (and its score in others' lists) without a rebuild."""
    index = current_index()
    matches = index.top_k_for(
        profile_of(organisation), k, excluded=dismissed_pairs([organisation.id])
    )
    db.session.execute(delete(Suggestion).where(Suggestion.organisation_id == organisation.id))
    rows = _rows(matches)
    if rows:
        db.session.execute(Suggestion.__table__.insert(), rows)
    listed_by = db.session.scalars(
        select(Suggestion).where(Suggestion.partner_id == organisation.id)
    ).all()
    rescored = {m.a: m for m in index.score_pairs([(s.organisation_id, organisation.id) for s in listed_by])}
    for suggestion in listed_by:
        match = rescored.get(suggestion.organisation_id)
        if match is None:
            db.session.delete(suggestion)
            continue
        suggestion.score = float(match.score)
        suggestion.components = {k: round(float(v), 4) for k, v in match.components.items()}
        suggestion.explanation = match.explanation.to_dict()
        suggestion.computed_at = utcnow()
    db.session.flush()
    return len(rows)


def refresh_quietly(organisation: Organisation) -> None:
    """Refresh after a profile save; a matcher failure is logged and never loses the save."""
    try:
        with db.session.begin_nested():
            refresh_suggestions(organisation)
    except Exception:  # the profile is saved already; suggestions catch up at the next rebuild
        log.exception("refreshing suggestions of organisation %s failed", organisation.id)


def suggestions_for(
    organisation: Organisation, org_type: str = "", tag: int | None = None, region: str = "",
    saved_only: bool = False,
) -> list[tuple[Suggestion, str | None]]:
    """Stored suggestions for an organisation, best first, with its feedback on each."""
    stmt = (
        select(Suggestion)
        # The sensitivity notice reads every partner's tags: load them all in one statement.
        .options(joinedload(Suggestion.partner).selectinload(Organisation.tag_links))
        .join(Organisation, Organisation.id == Suggestion.partner_id)
    )
    return shown_suggestions(organisation, stmt, org_type, tag, region, saved_only, entities=True)


def shown_suggestions(organisation: Organisation, stmt: Select, org_type: str = "",
                      tag: int | None = None, region: str = "", saved_only: bool = False,
                      entities: bool = False) -> list:
    """(row, feedback status) for each row of `stmt` (a select of Suggestion entities, or of
    columns including partner_id, joined to the partner Organisation) that is `organisation`'s,
    passes the filters and that neither side dismissed, best first."""
    feedback, dismissed_by_them = {}, set()
    for mine, partner, status in db.session.execute(
        select(SuggestionFeedback.organisation_id, SuggestionFeedback.partner_id,
               SuggestionFeedback.status).where(or_(
                   SuggestionFeedback.organisation_id == organisation.id,
                   (SuggestionFeedback.partner_id == organisation.id)
                   & (SuggestionFeedback.status == "dismissed")))
    ):
        if mine == organisation.id:
            feedback[partner] = status
        else:
            dismissed_by_them.add(mine)
    stmt = stmt.where(Suggestion.organisation_id == organisation.id).order_by(
        Suggestion.score.desc(), Suggestion.partner_id
    )
    if org_type:
        stmt = stmt.where(Organisation.org_type == org_type)
    if region:
        stmt = stmt.where(Organisation.region.ilike(f"%{region}%"))
    if tag is not None:
        tagged = select(OrganisationTag.organisation_id).where(
            OrganisationTag.tag_id.in_(tag_with_descendants(tag))
        )
        stmt = stmt.where(Suggestion.partner_id.in_(tagged))
    result = []
    for row in db.session.scalars(stmt) if entities else db.session.execute(stmt):
        status = feedback.get(row.partner_id)
        if status == "dismissed" or row.partner_id in dismissed_by_them:
            continue
        if saved_only and status != "saved":
            continue
        result.append((row, status))
    return result


def set_feedback(organisation: Organisation, partner_id: int, status: str | None, by: User) -> None:
    """Save a partner to the shortlist, dismiss it for good, or (None) clear a saved mark."""
    if partner_id == organisation.id or db.session.get(Organisation, partner_id) is None:
        raise DomainError("Unknown partner.")
    row = db.session.scalar(
        select(SuggestionFeedback).where(
            SuggestionFeedback.organisation_id == organisation.id,
            SuggestionFeedback.partner_id == partner_id,
        )
    )
    if row is not None and row.status == "dismissed":
        return  # a dismissal is for good
    if status is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(SuggestionFeedback(organisation_id=organisation.id, partner_id=partner_id,
                                          status=status, user_id=by.id))
    else:
        row.status, row.user_id = status, by.id
    if status == "dismissed":
        db.session.execute(delete(Suggestion).where(
            or_((Suggestion.organisation_id == organisation.id) & (Suggestion.partner_id == partner_id),
                (Suggestion.organisation_id == partner_id) & (Suggestion.partner_id == organisation.id))
        ))
    db.session.flush()


def top_partners(organisation: Organisation, limit: int = 5) -> list[Suggestion]:
    """The best stored suggestions, leaving out pairs either side dismissed, in one query."""
    dismissed = select(SuggestionFeedback.id).where(
        SuggestionFeedback.status == "dismissed",
        or_(
            (SuggestionFeedback.organisation_id == Suggestion.organisation_id)
            & (SuggestionFeedback.partner_id == Suggestion.partner_id),
            (SuggestionFeedback.organisation_id == Suggestion.partner_id)
            & (SuggestionFeedback.partner_id == Suggestion.organisation_id),
        ),
    )
    stmt = (
        select(Suggestion)
        # The panel links each partner by name with its score: not the explanation, nor the
        # partner's whole profile and tags.
        .options(load_only(Suggestion.partner_id, Suggestion.score),
                 joinedload(Suggestion.partner).load_only(
            Organisation.name, Organisation.name_ja, Organisation.country
        ).lazyload(Organisation.tag_links))
        .where(Suggestion.organisation_id == organisation.id, ~dismissed.exists())
        .order_by(Suggestion.score.desc(), Suggestion.partner_id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def candidate_matches(org_ids: Sequence[int], k: int = 10, cross_border: bool = True) -> list[Match]:
    """Scored, explained candidate pairs among a set of organisations (e.g. one event's participants)."""
    ids = list(dict.fromkeys(org_ids))
    if len(ids) < 2:
        return []
    return current_index().candidate_pairs(
        ids, k, cross_border=cross_border, excluded=dismissed_pairs(ids)
    )


def similar_organisations(organisation: Organisation, k: int = 6) -> list[tuple[Organisation, float]]:
    """Organisations whose profiles read most like this one, from either country."""
    pairs = current_index().similar(organisation.id, k)
    found = {o.id: o for o in db.session.scalars(
        select(Organisation).options(lazyload(Organisation.tag_links), load_only(
            Organisation.name, Organisation.name_ja, Organisation.country))
        .where(Organisation.id.in_([i for i, _s in pairs])))}
    return [(found[i], s) for i, s in pairs if i in found]


def reset_cache() -> None:
    """Forget the process's fitted index (the next use refits it)."""
    forget_index()


def tag_lookup(explanations: list[dict]) -> dict[int, Tag]:
    """Every tag an explanation mentions, by id, in one query."""
    ids = set()
    for explanation in explanations:
        for key, value in explanation.items():
            if key.endswith("tags"):
                ids.update(value)
    if not ids:
        return {}
    return {t.id: t for t in db.session.scalars(select(Tag).where(Tag.id.in_(ids)))}
