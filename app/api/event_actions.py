"""/api/v1/events/<id>: a participant's other actions — withdraw a request or the whole
participation, say when it cannot meet, and record what came of a meeting."""

from __future__ import annotations

import marshmallow as ma
from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy import select

from ..events.helpers import get_event
from ..events.meeting_models import OUTCOMES, Meeting
from ..events.models import Participation, Slot
from ..events.services import outcomes, participation, requests
from ..extensions import db
from ..inputs import DB_INT_MAX
from .auth import token_required
from .event_meetings import RequestSchema, _request_rows, answer_request
from .events import ParticipationSchema
from .schemas import StrictSchema

blp = Blueprint(
    "api_event_actions", __name__, url_prefix="/api/v1/events",
    description="A participant's other actions in an event: withdraw a request or from the "
                "event, availability, and meeting outcomes.",
)  # fmt: skip


class AvailabilitySlotSchema(ma.Schema):
    slot_id = ma.fields.Integer(required=True)
    starts_at = ma.fields.DateTime(required=True)
    ends_at = ma.fields.DateTime(required=True)
    available = ma.fields.Boolean(required=True)


class AvailabilitySchema(ma.Schema):
    slots = ma.fields.List(ma.fields.Nested(AvailabilitySlotSchema), required=True)


class AvailabilityUpdateSchema(StrictSchema):
    unavailable_slot_ids = ma.fields.List(
        ma.fields.Integer(validate=validate.Range(min=1, max=DB_INT_MAX)), required=True,
        validate=validate.Length(max=1000),
        metadata={"description": "Every slot your organisation cannot make; the rest are free."},
    )  # fmt: skip


class OutcomeUpdateSchema(StrictSchema):
    took_place = ma.fields.Boolean(required=True)
    outcome = ma.fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(sorted(OUTCOMES)),
        metadata={"description": "What came of it; required when the meeting took place."},
    )  # fmt: skip


class OutcomeSchema(ma.Schema):
    meeting_id = ma.fields.Integer(required=True)
    took_place = ma.fields.Boolean(required=True)
    outcome = ma.fields.String(required=True, allow_none=True)
    recorded_at = ma.fields.DateTime(required=True)


@blp.route("/<int:event_id>/requests/<int:request_id>/withdraw", methods=["POST"])
@token_required(write=True)
@blp.response(200, RequestSchema)
def withdraw_request(event_id: int, request_id: int):
    """Take back a request you sent that is still waiting for an answer."""
    _event, mine, req, _none = answer_request(event_id, request_id, requests.withdraw_request)
    return _request_rows(mine, [req])[0]


@blp.route("/<int:event_id>/withdraw", methods=["POST"])
@token_required(write=True)
@blp.response(200, ParticipationSchema)
def withdraw(event_id: int):
    """Withdraw your organisation from the event: pending requests lapse, proposed meetings go;
    refused while meetings both sides agreed to remain (the organiser cancels them first)."""
    event = get_event(event_id)
    mine = participation.participation_of(current_user, event)
    if mine is None or mine.status == "withdrawn":
        abort(403)
    participation.withdraw_participation(mine)
    db.session.commit()
    return mine


def _availability(mine: Participation) -> dict:
    away = {u.slot_id for u in mine.unavailable}
    slots = db.session.scalars(select(Slot).where(Slot.event_id == mine.event_id)
                               .order_by(Slot.starts_at, Slot.id))
    return {"slots": [{"slot_id": s.id, "starts_at": s.starts_at, "ends_at": s.ends_at,
                       "available": s.id not in away} for s in slots]}


@blp.route("/<int:event_id>/availability")
@token_required()
@blp.response(200, AvailabilitySchema)
def availability(event_id: int):
    """Every meeting slot of the event and whether your organisation can make it."""
    return _availability(participation.admitted_participation(current_user, get_event(event_id)))


@blp.route("/<int:event_id>/availability", methods=["PUT"])
@token_required(write=True)
@blp.arguments(AvailabilityUpdateSchema)
@blp.response(200, AvailabilitySchema)
def set_availability(data: dict, event_id: int):
    """Replace the slots your organisation cannot make (slots holding its meetings are refused)."""
    mine = participation.admitted_participation(current_user, get_event(event_id))
    participation.set_unavailable(mine, data["unavailable_slot_ids"])
    db.session.commit()
    return _availability(mine)


@blp.route("/<int:event_id>/meetings/<int:meeting_id>/outcome", methods=["PUT"])
@token_required(write=True)
@blp.arguments(OutcomeUpdateSchema)
@blp.response(200, OutcomeSchema)
def record_outcome(data: dict, event_id: int, meeting_id: int):
    """Say whether one of your meetings took place and what came of it, once its time has come."""
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.event_id != event.id:
        abort(404)
    outcomes.record_outcome(meeting, mine, data["took_place"], data["outcome"])
    db.session.commit()
    row = outcomes.outcome_of(meeting, mine.id)
    return {"meeting_id": meeting.id, "took_place": row.took_place, "outcome": row.outcome,
            "recorded_at": row.recorded_at}
