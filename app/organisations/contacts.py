"""Who may see an organisation's contact details (issues 5 and 7): its members, admins, organisers
of an event it joined, and partners of an agreed meeting (accepted request, or a published slot).

One rule for the organisation page, the events pages and the API. The events models are imported
when the rule runs: they import the organisation models, whose package imports its views, which
use this module.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from ..accounts.models import User
from ..extensions import db
from .models import Organisation


def can_see_contacts(user: User, organisation: Organisation) -> bool:
    """Admins, organisers of an event it joined, members, and partners of an agreed meeting."""
    if not user.is_authenticated:
        return False
    if user.is_admin or user.is_member_of(organisation.id):
        return True
    known = g.get("contacts_known", {}).get(user.id, {}) if has_app_context() else {}
    if organisation.id in known:
        return known[organisation.id]
    from ..events.meeting_models import Meeting
    from ..events.models import Event, Participation

    theirs = select(Participation.id).where(Participation.organisation_id == organisation.id)
    if user.is_organiser and db.session.scalar(select(Event.id).join(Participation).where(
            Event.organiser_id == user.id, Participation.organisation_id == organisation.id).limit(1)):
        return True
    mine = user.organisation
    if mine is None:
        return False
    ours = select(Participation.id).where(Participation.organisation_id == mine.id)
    pair = or_((Meeting.a_id.in_(theirs) & Meeting.b_id.in_(ours)),
               (Meeting.b_id.in_(theirs) & Meeting.a_id.in_(ours)))
    agreed = or_(Meeting.source == "request",
                 Meeting.slot_id.is_not(None) & Event.schedule_published_at.is_not(None))
    return bool(db.session.scalar(select(Meeting.id).join(Event, Event.id == Meeting.event_id)
                                  .where(pair, agreed).limit(1)))


def visible_contacts(user: User, organisation_ids) -> set[int]:
    """Which of these organisations' contact details `user` may see (can_see_contacts, batched)."""
    ids = set(organisation_ids)
    if not user.is_authenticated or not ids:
        return set()
    if user.is_admin:
        return ids
    visible = {i for i in ids if user.is_member_of(i)}
    from ..events.meeting_models import Meeting
    from ..events.models import Event, Participation

    if user.is_organiser:
        visible |= set(db.session.scalars(select(Participation.organisation_id).join(Event).where(
            Event.organiser_id == user.id, Participation.organisation_id.in_(ids))))
    mine = user.organisation
    if mine is None:
        return visible
    a, b = aliased(Participation), aliased(Participation)
    agreed = or_(Meeting.source == "request",
                 Meeting.slot_id.is_not(None) & Event.schedule_published_at.is_not(None))
    pairs = db.session.execute(
        select(a.organisation_id, b.organisation_id).select_from(Meeting)
        .join(Event, Event.id == Meeting.event_id)
        .join(a, a.id == Meeting.a_id).join(b, b.id == Meeting.b_id)
        .where(agreed, or_(a.organisation_id == mine.id, b.organisation_id == mine.id),
               or_(a.organisation_id.in_(ids), b.organisation_id.in_(ids))))
    for x, y in pairs:
        visible |= {x, y} & ids
    return visible


def prefetch_contacts(user: User, organisation_ids) -> None:
    """Answer can_see_contacts for these organisations, for the rest of the request, from one
    batched query (a list page or API list asks for many)."""
    if not user.is_authenticated or not has_app_context():
        return
    ids = set(organisation_ids)
    visible = visible_contacts(user, ids)
    if "contacts_known" not in g:
        g.contacts_known = {}
    g.contacts_known.setdefault(user.id, {}).update({i: i in visible for i in ids})
