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

from ..extensions import db
from ..organisations.models import Organisation, OrganisationTag, Tag
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
    """Profiles of the given organisations (all when `ids` is None), by id.

    Read as plain Core rows, not ORM entities: the index is fitted in gunicorn's master before it
    forks its workers, and ORM entities loaded there (their identity map, instance state and
    relationship collections) made forked workers die with SIGSEGV under load — even a handful of
    them. Plain tuples also load 10,000 profiles in about half the time.
    """
    wanted = None if ids is None else sorted(set(ids))
    org = Organisation.__table__
    link = OrganisationTag.__table__
    org_stmt = select(
        org.c.id, org.c.country, org.c.org_type, org.c.name, org.c.name_ja, org.c.region,
        org.c.description, org.c.offers, org.c.seeks,
    ).order_by(org.c.id)
    link_stmt = select(link.c.organisation_id, link.c.tag_id, link.c.kind)
    caps: dict[int, set[int]] = {}
    wants: dict[int, set[int]] = {}
    by_kind = {"capability": caps, "interest": wants}
    rows = []
    for chunk in _chunks(wanted):
        o_stmt, l_stmt = org_stmt, link_stmt
        if chunk is not None:
            o_stmt = o_stmt.where(org.c.id.in_(chunk))
            l_stmt = l_stmt.where(link.c.organisation_id.in_(chunk))
        rows.extend(db.session.execute(o_stmt).all())
        for org_id, tag_id, kind in db.session.execute(l_stmt):
            target = by_kind.get(kind)
            if target is not None:
                target.setdefault(org_id, set()).add(tag_id)
    rows.sort(key=lambda r: r[0])
    empty: frozenset[int] = frozenset()
    return [
        OrgProfile(
            id=r[0], country=r[1], org_type=r[2], name=r[3], name_ja=r[4] or "", region=r[5] or "",
            description=r[6] or "", offers=r[7] or "", seeks=r[8] or "",
            capability_tags=frozenset(caps.get(r[0], empty)),
            interest_tags=frozenset(wants.get(r[0], empty)),
        )
        for r in rows
    ]


def _chunks(ids: list[int] | None, size: int = 500):
    """All rows (None) or the ids in chunks small enough for any database's parameter limit."""
    if ids is None:
        yield None
        return
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


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
    # Due to catch up: first one indexed aggregate — nothing saved since, as many rows as known?
    count, latest = db.session.execute(
        select(func.count(), func.max(Organisation.updated_at))
    ).one()
    if count == len(known) and (latest is None or latest < since):
        with _lock:
            _cache[_key()] = (index, now, known)
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
