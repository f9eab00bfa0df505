"""The bridge from the database to the pure engine: profiles, tags, and a per-process index.

Each process keeps one fitted MatchIndex. Before use it catches up with organisations changed
or deleted since it was built (by any process), so an edit made through another web worker is
seen without a full rebuild.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organisations.models import Organisation, Tag
from .engine import ENGINE_VERSION, MatchIndex, OrgProfile, TagNode

_lock = threading.Lock()
_cache: dict[str, tuple[MatchIndex, dt.datetime, frozenset[int]]] = {}


def profile_of(organisation: Organisation) -> OrgProfile:
    """The engine's plain view of one organisation."""
    caps = frozenset(link.tag_id for link in organisation.tag_links if link.kind == "capability")
    wants = frozenset(link.tag_id for link in organisation.tag_links if link.kind == "interest")
    return OrgProfile(
        id=organisation.id,
        country=organisation.country,
        org_type=organisation.org_type,
        name=organisation.name,
        name_ja=organisation.name_ja,
        region=organisation.region,
        description=organisation.description,
        offers=organisation.offers,
        seeks=organisation.seeks,
        capability_tags=caps,
        interest_tags=wants,
    )


def load_profiles(ids: Iterable[int] | None = None) -> list[OrgProfile]:
    """Profiles of the given organisations (all when `ids` is None), by id."""
    stmt = select(Organisation).options(selectinload(Organisation.tag_links)).order_by(Organisation.id)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(list(ids)))
    return [profile_of(o) for o in db.session.scalars(stmt)]


def load_tags() -> list[TagNode]:
    """The taxonomy as the engine sees it."""
    rows = db.session.execute(select(Tag.id, Tag.parent_id, Tag.label_en, Tag.label_ja)).all()
    return [TagNode(id=r[0], parent_id=r[1], label_en=r[2], label_ja=r[3]) for r in rows]


def build_index() -> MatchIndex:
    """Fit a fresh index over every organisation and remember it for this process."""
    started = dt.datetime.now(dt.UTC)
    profiles = load_profiles()
    index = MatchIndex.build(profiles, load_tags())
    with _lock:
        _cache[_key()] = (index, started, frozenset(p.id for p in profiles))
    return index


def current_index() -> MatchIndex:
    """This process's index, caught up (every few seconds) with organisations saved or deleted since."""
    with _lock:
        cached = _cache.get(_key())
    if cached is None:
        return build_index()
    index, since, known = cached
    now = dt.datetime.now(dt.UTC)
    if (now - since).total_seconds() < current_app.config["MATCH_CATCH_UP_SECONDS"]:
        return index
    changed = db.session.scalars(
        select(Organisation.id).where(Organisation.updated_at >= since)
    ).all()
    ids_now = set(db.session.scalars(select(Organisation.id)))
    for profile in load_profiles(set(changed) | (ids_now - known)):
        index.upsert(profile)
    for gone in known - ids_now:
        index.remove(gone)
    with _lock:
        _cache[_key()] = (index, now, frozenset(ids_now))
    return index


def forget_index() -> None:
    """Drop this process's index (after a full rebuild, or in tests)."""
    with _lock:
        _cache.pop(_key(), None)


def organisation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation)) or 0


def _key() -> str:
    return f"{current_app.config['SQLALCHEMY_DATABASE_URI']}|{ENGINE_VERSION}"
