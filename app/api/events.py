"""/api/v1/events: listed events, participations (apply), my itinerary as JSON and as iCalendar."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import marshmallow as ma
from flask import Response, request, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate

from ..events import ics
from ..events.helpers import get_event
from ..events.models import KINDS, ROLES
from ..events.services import itinerary as itin
from ..events.services import participation
from ..extensions import db
from .auth import token_required
from .me import OrganisationRefSchema
from .pagination import paginate
from .schemas import PageArgsSchema, StrictSchema, page_of

blp = Blueprint(
    "api_events", __name__, url_prefix="/api/v1/events",
    description="Events: browse them, apply, and read your itinerary (JSON or iCalendar).",
)  # fmt: skip


class EventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    title = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    timezone = ma.fields.String(required=True, metadata={"description": "The event's IANA zone."})
    registration_opens_at = ma.fields.DateTime(required=True)
    registration_closes_at = ma.fields.DateTime(required=True)
    registration_open = ma.fields.Function(
        lambda e: e.registration_open(), required=True, metadata={"type": "boolean"}
    )
    places = ma.fields.Integer(required=True, allow_none=True)
    schedule_published = ma.fields.Function(
        lambda e: e.schedule_published_at is not None, required=True, metadata={"type": "boolean"}
    )
    html_url = ma.fields.Function(
        lambda e: url_for("events.show", event_id=e.id, _external=True),
        required=True, metadata={"type": "string"},
    )  # fmt: skip


EventPageSchema = page_of(EventSchema, "EventPage")


class ParticipationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    event_id = ma.fields.Integer(required=True)
    organisation = ma.fields.Nested(OrganisationRefSchema, required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(list(ROLES)))
    status = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    decided_at = ma.fields.DateTime(required=True, allow_none=True)


ParticipationPageSchema = page_of(ParticipationSchema, "ParticipationPage")


class ApplySchema(StrictSchema):
    role = ma.fields.String(required=True, validate=validate.OneOf(list(ROLES)))
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class VenueSchema(ma.Schema):
    name = ma.fields.String(required=True)
    address = ma.fields.String(required=True)
    city = ma.fields.String(required=True)
    timezone = ma.fields.String(required=True)


class EntrySchema(ma.Schema):
    uid = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    starts_at = ma.fields.DateTime(required=True, metadata={"description": "UTC."})
    ends_at = ma.fields.DateTime(required=True, metadata={"description": "UTC."})
    local_starts_at = ma.fields.DateTime(required=True, metadata={"description": "In the event's zone."})
    local_ends_at = ma.fields.DateTime(required=True, metadata={"description": "In the event's zone."})
    venue = ma.fields.Nested(VenueSchema, required=True, allow_none=True)
    place = ma.fields.String(required=True)
    travel = ma.fields.String(required=True)
    partners = ma.fields.List(ma.fields.Nested(OrganisationRefSchema), required=True)
    meeting_id = ma.fields.Integer(required=True, allow_none=True)


class DaySchema(ma.Schema):
    date = ma.fields.Date(required=True, metadata={"description": "The local date in the event's zone."})
    entries = ma.fields.List(ma.fields.Nested(EntrySchema), required=True)


class ItinerarySchema(ma.Schema):
    event_id = ma.fields.Integer(required=True)
    timezone = ma.fields.String(required=True)
    days = ma.fields.List(ma.fields.Nested(DaySchema), required=True)


def _entry(entry: itin.Entry, zone: ZoneInfo) -> dict:
    return {
        "uid": entry.uid, "title": entry.title, "starts_at": entry.starts_at,
        "ends_at": entry.ends_at, "local_starts_at": entry.starts_at.astimezone(zone),
        "local_ends_at": entry.ends_at.astimezone(zone), "venue": entry.venue,
        "place": entry.place or "", "travel": entry.travel or "", "partners": list(entry.partners),
        "meeting_id": entry.meeting.id if entry.meeting is not None else None,
    }  # fmt: skip


@blp.route("")
@token_required()
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, EventPageSchema)
def index(page, per_page):
    """Events you may browse, by start date (unlisted ones only for their organisers)."""
    return paginate(participation.visible_events(current_user), {"page": page, "per_page": per_page})


@blp.route("/<int:event_id>")
@token_required()
@blp.response(200, EventSchema)
def read(event_id: int):
    """One event."""
    return get_event(event_id)


@blp.route("/<int:event_id>/participations")
@token_required()
@blp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@blp.response(200, ParticipationPageSchema)
def participations(page, per_page, event_id: int):
    """Your organisation's participation; the event's organisers see every participation."""
    event = get_event(event_id)
    rows = participation.visible_participations(current_user, event)
    return paginate(rows, {"page": page, "per_page": per_page})


@blp.route("/<int:event_id>/participations", methods=["POST"])
@token_required(write=True)
@blp.arguments(ApplySchema)
@blp.response(201, ParticipationSchema)
def apply(data: dict, event_id: int):
    """Apply for your organisation while registration is open (read-write token)."""
    event = get_event(event_id)
    applied = participation.apply_to_event(event, current_user, data["role"], data["note"])
    db.session.commit()
    return applied


@blp.route("/<int:event_id>/itinerary")
@token_required()
@blp.response(200, ItinerarySchema)
def itinerary(event_id: int):
    """Your published meetings, seats and visits by day, in UTC and in the event's zone."""
    event = get_event(event_id)
    _mine, entries = itin.entries_for(current_user, event)
    zone = ZoneInfo(event.timezone)
    days = [{"date": day, "entries": [_entry(e, zone) for e in items]}
            for day, items in itin.by_day(entries, event.timezone)]
    return {"event_id": event.id, "timezone": event.timezone, "days": days}


@blp.route("/<int:event_id>/itinerary.ics")
@token_required()
@blp.doc(responses={"200": {
    "description": "The itinerary as an iCalendar file (times with TZID; VTIMEZONE included).",
    "content": {"text/calendar": {"schema": {"type": "string"}}},
}})  # fmt: skip
def itinerary_ics(event_id: int):
    """Your itinerary as an iCalendar file, for your calendar application."""
    event = get_event(event_id)
    _mine, entries = itin.entries_for(current_user, event)
    return Response(ics.itinerary_ics(event, entries, request.host), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="kakehashi-event-{event.id}.ics"'})
