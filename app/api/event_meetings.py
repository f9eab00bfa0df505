"""/api/v1/events/<id>/requests and /meetings: meeting requests (send, accept, decline), meetings."""

from __future__ import annotations

from collections.abc import Callable

import marshmallow as ma
from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate

from ..errors import DomainError
from ..events.helpers import get_event
from ..events.meeting_models import Meeting, MeetingRequest
from ..events.models import Event, Participation
from ..events.services import itinerary as itin
from ..events.services import participation, requests
from ..extensions import db
from ..inputs import DB_INT_MAX
from ..organisations.contacts import visible_contacts
from .auth import token_required
from .me import OrganisationRefSchema
from .organisations import ContactSchema
from .pagination import paginate
from .schemas import PageArgsSchema, StrictSchema, page_of

blp = Blueprint(
    "api_event_meetings", __name__, url_prefix="/api/v1/events",
    description="Meeting requests between participants of an event, and the meetings agreed.",
)  # fmt: skip


class TimeSchema(ma.Schema):
    slot_id = ma.fields.Integer(required=True)
    starts_at = ma.fields.DateTime(required=True)
    ends_at = ma.fields.DateTime(required=True)


class SideSchema(ma.Schema):
    participation_id = ma.fields.Integer(required=True, attribute="id")
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True)


class RequestSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    direction = ma.fields.String(required=True, validate=validate.OneOf(["sent", "received"]))
    status = ma.fields.String(required=True, validate=validate.OneOf(
        ["pending", "accepted", "declined", "withdrawn", "expired"]))
    sender = ma.fields.Nested(SideSchema, required=True, data_key="from")
    recipient = ma.fields.Nested(SideSchema, required=True, data_key="to")
    note = ma.fields.String(required=True)
    proposed_time = ma.fields.Nested(TimeSchema, required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True)
    expires_at = ma.fields.DateTime(required=True)
    answered_at = ma.fields.DateTime(required=True, allow_none=True)


RequestPageSchema = page_of(RequestSchema, "MeetingRequestPage")


class NewRequestSchema(StrictSchema):
    to_participation_id = ma.fields.Integer(
        required=True, validate=validate.Range(min=1, max=DB_INT_MAX),
        metadata={"description": "The participation (in this event) you would like to meet."},
    )  # fmt: skip
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    slot_id = ma.fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=DB_INT_MAX),
        metadata={"description": "A proposed time; null lets the organiser schedule it."},
    )  # fmt: skip


class PartySchema(ma.Schema):
    participation_id = ma.fields.Integer(required=True)
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True)
    contact = ma.fields.Nested(ContactSchema, required=True, allow_none=True, metadata={
        "description": "Only for partners of an agreed meeting, organisers and admins."})


class MeetingSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    source = ma.fields.String(required=True)
    parties = ma.fields.List(ma.fields.Nested(PartySchema), required=True)
    time = ma.fields.Nested(TimeSchema, required=True, allow_none=True, metadata={
        "description": "Null until the organiser publishes the schedule (or it is unplaced)."})
    table_no = ma.fields.Integer(required=True, allow_none=True)
    venue = ma.fields.String(required=True, allow_none=True)


MeetingPageSchema = page_of(MeetingSchema, "MeetingPage")


def _slot_time(slot) -> dict | None:
    return {"slot_id": slot.id, "starts_at": slot.starts_at, "ends_at": slot.ends_at} if slot else None


def _request_rows(mine: Participation, rows: list[MeetingRequest]) -> list[dict]:
    return [{
        "id": r.id, "direction": "sent" if r.from_id == mine.id else "received", "status": r.status,
        "sender": r.sender, "recipient": r.recipient, "note": r.note,
        "proposed_time": _slot_time(r.slot), "created_at": r.created_at,
        "expires_at": r.expires_at, "answered_at": r.answered_at,
    } for r in rows]  # fmt: skip


def _party(p: Participation, visible: set[int]) -> dict:
    contact = p.organisation if p.organisation_id in visible else None
    return {"participation_id": p.id, "organisation": p.organisation, "contact": contact}


def _meetings(event: Event, rows: list[Meeting]) -> list[dict]:
    """Meetings as the API shows them; contact details decided at once (the HTML pages' rules)."""
    visible = visible_contacts(current_user, {p.organisation_id for m in rows for p in (m.a, m.b)})
    return [_meeting(event, m, visible) for m in rows]


def _meeting(event: Event, m: Meeting, visible: set[int]) -> dict:
    shown = m.slot is not None and (event.schedule_published_at is not None or event.admin_by(current_user))
    return {
        "id": m.id, "source": m.source, "parties": [_party(m.a, visible), _party(m.b, visible)],
        "time": _slot_time(m.slot) if shown else None,
        "table_no": m.table_no if shown else None,
        "venue": m.slot.session.venue.name if shown else None,
    }  # fmt: skip


def _answer(event_id: int, request_id: int):
    """The event, the user's admitted participation and the request (which must be the event's)."""
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    req = db.get_or_404(MeetingRequest, request_id)
    if req.event_id != event.id:
        abort(404)
    return event, mine, req


def answer_request(event_id: int, request_id: int, action: Callable):
    """Apply `action(request, participation)` for the user and commit; on a domain error undo
    it but keep expiries (as the web page does), then report the error. Returns
    (event, participation, request, what the action returned)."""
    event, mine, req = _answer(event_id, request_id)
    try:
        result = action(req, mine)
    except DomainError:
        db.session.rollback()
        requests.expire_requests(event)
        db.session.commit()
        raise
    db.session.commit()
    return event, mine, req, result


@blp.route("/<int:event_id>/requests")
@token_required()
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, RequestPageSchema)
def list_requests(page, per_page, event_id: int):
    """Your organisation's meeting requests in the event, sent and received, newest first."""
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    requests.expire_requests(event)
    db.session.commit()
    received, sent = requests.requests_for(mine)
    rows = sorted(received + sent, key=lambda r: (r.created_at, r.id), reverse=True)
    result = paginate(rows, {"page": page, "per_page": per_page})
    result["items"] = _request_rows(mine, result["items"])
    return result


@blp.route("/<int:event_id>/requests", methods=["POST"])
@token_required(write=True)
@blp.arguments(NewRequestSchema)
@blp.response(201, RequestSchema)
def create_request(data: dict, event_id: int):
    """Ask another admitted participant for a meeting (read-write token)."""
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    req = requests.send_request(event, mine, data["to_participation_id"], data["note"], data["slot_id"])
    db.session.commit()
    return _request_rows(mine, [req])[0]


@blp.route("/<int:event_id>/requests/<int:request_id>/accept", methods=["POST"])
@token_required(write=True)
@blp.response(200, MeetingSchema)
def accept(event_id: int, request_id: int):
    """Accept a request sent to you: the meeting is agreed, at the proposed time if there is one."""
    event, _mine, _req, meeting = answer_request(event_id, request_id, requests.accept_request)
    return _meetings(event, [meeting])[0]


@blp.route("/<int:event_id>/requests/<int:request_id>/decline", methods=["POST"])
@token_required(write=True)
@blp.response(200, RequestSchema)
def decline(event_id: int, request_id: int):
    """Decline a request sent to you; the sender is told."""
    _event, mine, req, _none = answer_request(event_id, request_id, requests.decline_request)
    return _request_rows(mine, [req])[0]


@blp.route("/<int:event_id>/meetings")
@token_required()
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, MeetingPageSchema)
def meetings(page, per_page, event_id: int):
    """Your meetings in the event (all of them for its organisers); contacts only when allowed."""
    event = get_event(event_id)
    result = paginate(itin.meetings_for(current_user, event), {"page": page, "per_page": per_page})
    result["items"] = _meetings(event, result["items"])
    return result
