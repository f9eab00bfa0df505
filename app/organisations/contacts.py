"""Who may see an organisation's contact details (issues 5 and 7): its members, admins, organisers
of an event it joined, and partners of an agreed meeting (accepted request, or a published slot).

One rule for the organisation page, the events pages and the API. The events models are imported
when the rule runs: they import the organisation models, whose package imports its views, which
use this module.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from ..accounts.models import User
from ..extensions import db
from .models import Organisation


def can_see_contacts(user: User, organisation: Organisation) -> bool:
    """Admins, organisers of an event it joined, members, and partners of an agreed meeting."""
    if not user.is_authenticated:
        return False
    if user.is_admin or user.is_member_of(organisation.id):
        return True
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
