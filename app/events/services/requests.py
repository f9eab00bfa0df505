"""Meeting requests between admitted participants: send, accept, decline, withdraw, expire."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...accounts.models import utcnow
from ...errors import Conflict, DomainError, NotAllowed
from ...extensions import db
from ..meeting_models import Meeting, MeetingRequest
from ..models import Event, Participation, Slot
from .participation import notify_members
from .placement import create_meeting, lock_rows, meeting_between, place_meeting, rule_violation


def _link(event: Event) -> str:
    return url_for("events.requests", event_id=event.id, _external=True)


def send_request(event: Event, sender: Participation, recipient_id: int | None, note: str = "",
                 slot_id: int | None = None) -> MeetingRequest:
    """Ask another admitted participant for a meeting, optionally at a proposed time."""
    recipient = db.session.get(Participation, recipient_id) if recipient_id else None
    if recipient is not None and recipient.id == sender.id:
        raise DomainError(_("You cannot send a meeting request to yourself."))
    if recipient is None or recipient.event_id != event.id or not recipient.admitted:
        raise DomainError(_("You can only ask admitted participants of this event."))
    if not sender.admitted:
        raise NotAllowed(_("Only admitted participants can send requests."))
    why = rule_violation(event, sender, recipient)
    if why:
        raise DomainError(why)
    if meeting_between(event, sender, recipient) is not None:
        raise Conflict(_("You already have a meeting with this participant."))
    expire_requests(event)
    open_one = db.session.scalar(select(MeetingRequest.id).where(
        MeetingRequest.event_id == event.id, MeetingRequest.status == "pending",
        or_((MeetingRequest.from_id == sender.id) & (MeetingRequest.to_id == recipient.id),
            (MeetingRequest.from_id == recipient.id) & (MeetingRequest.to_id == sender.id))))
    if open_one:
        raise Conflict(_("A request between you two is already waiting for an answer."))
    slot = None
    if slot_id:
        slot = db.session.get(Slot, slot_id)
        if slot is None or slot.event_id != event.id:
            raise DomainError(_("The proposed time is not part of this event."))
    req = MeetingRequest(event_id=event.id, sender=sender, recipient=recipient,
                         note=(note or "").strip()[:2000], slot=slot,
                         expires_at=utcnow() + dt.timedelta(hours=event.request_expiry_hours))
    db.session.add(req)
    db.session.flush()
    notify_members(recipient.organisation, "request_received",
                   _l("Meeting request at %(event)s", event=event.title), _link(event),
                   headline=_l("%(org)s would like to meet you at %(event)s.",
                               org=sender.organisation.name, event=event.title),
                   body=req.note)
    return req


def _check_answerable(req: MeetingRequest) -> None:
    if req.status == "pending" and req.expires_at <= utcnow():
        _expire(req)
    if req.status == "expired":
        raise Conflict(_("This request has expired; ask for a new one."))
    if req.status == "withdrawn":
        raise Conflict(_("This request was withdrawn by the sender."))
    if req.status != "pending":
        raise Conflict(_("This request has already been answered."))


def accept_request(req: MeetingRequest, by: Participation, *, at_proposed_time: bool = True) -> Meeting:
    """Accept: the meeting is recorded, and placed at the proposed time when asked; all or nothing."""
    if by.id != req.to_id:
        raise NotAllowed(_("Only the participant asked can answer this request."))
    lock_rows((req.from_id, req.to_id), req.slot_id if at_proposed_time else None)
    db.session.refresh(req, with_for_update=True)
    _check_answerable(req)
    event = db.session.get(Event, req.event_id)
    with db.session.begin_nested():
        meeting = create_meeting(event, req.sender, req.recipient, "request", request_id=req.id)
        if at_proposed_time and req.slot_id is not None:
            place_meeting(meeting, req.slot, lock=True)
        req.status, req.answered_at = "accepted", utcnow()
        db.session.flush()
    notify_members(req.sender.organisation, "request_accepted",
                   _l("Meeting accepted at %(event)s", event=event.title), _link(event),
                   headline=_l("%(org)s accepted your meeting request.",
                               org=req.recipient.organisation.name))
    return meeting


def decline_request(req: MeetingRequest, by: Participation) -> None:
    """Decline a pending request; the sender is told."""
    if by.id != req.to_id:
        raise NotAllowed(_("Only the participant asked can answer this request."))
    _check_answerable(req)
    req.status, req.answered_at = "declined", utcnow()
    db.session.flush()
    event = db.session.get(Event, req.event_id)
    notify_members(req.sender.organisation, "request_declined",
                   _l("Meeting request declined at %(event)s", event=event.title), _link(event),
                   headline=_l("%(org)s cannot meet you this time.",
                               org=req.recipient.organisation.name))


def withdraw_request(req: MeetingRequest, by: Participation) -> None:
    """The sender takes back a request that is still waiting."""
    if by.id != req.from_id:
        raise NotAllowed(_("Only the sender can withdraw a request."))
    _check_answerable(req)
    req.status, req.answered_at = "withdrawn", utcnow()
    db.session.flush()


def _expire(req: MeetingRequest) -> None:
    req.status = "expired"
    db.session.flush()
    event = db.session.get(Event, req.event_id)
    notify_members(req.sender.organisation, "request_expired",
                   _l("Meeting request expired at %(event)s", event=event.title), _link(event),
                   headline=_l("%(org)s did not answer your meeting request in time.",
                               org=req.recipient.organisation.name))


def expire_requests(event: Event | None = None, now: dt.datetime | None = None) -> int:
    """Mark unanswered requests past their time as expired (and tell the senders); returns count."""
    stmt = select(MeetingRequest).where(MeetingRequest.status == "pending",
                                        MeetingRequest.expires_at <= (now or utcnow()))
    if event is not None:
        stmt = stmt.where(MeetingRequest.event_id == event.id)
    expired = list(db.session.scalars(stmt))
    for req in expired:
        _expire(req)
    return len(expired)


def requests_for(participation: Participation) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(received, sent) requests of a participant, newest first."""
    base = select(MeetingRequest).order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
    received = list(db.session.scalars(base.where(MeetingRequest.to_id == participation.id)))
    sent = list(db.session.scalars(base.where(MeetingRequest.from_id == participation.id)))
    return received, sent
