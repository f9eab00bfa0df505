"""Events: venues, sessions, the slot grid derived from them, and who takes part."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User, utcnow
from ..extensions import db
from ..organisations.models import Organisation

KINDS = {
    "roundtable": _l("Roundtable"),
    "trade_show": _l("Trade-show mission"),
    "delegation": _l("Delegation programme"),
    "expert": _l("Expert mission"),
}
ROLES = {
    "delegate": _l("Delegate"),
    "host": _l("Host"),
    "exhibitor": _l("Exhibitor"),
    "expert": _l("Expert"),
}
STATUSES = {
    "applied": _l("Applied"),
    "admitted": _l("Admitted"),
    "waitlisted": _l("Wait-listed"),
    "rejected": _l("Not admitted"),
    "withdrawn": _l("Withdrawn"),
}


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind_known"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("places IS NULL OR places > 0", name="places_positive"),
        CheckConstraint("request_expiry_hours > 0", name="expiry_positive"),
        CheckConstraint("target_meetings >= 0", name="target_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seed_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    timezone: Mapped[str] = mapped_column(String(64))
    registration_opens_at: Mapped[dt.datetime]
    registration_closes_at: Mapped[dt.datetime]
    places: Mapped[int | None]
    request_expiry_hours: Mapped[int] = mapped_column(default=72)
    target_meetings: Mapped[int] = mapped_column(default=6)
    cross_border_only: Mapped[bool] = mapped_column(default=True)
    role_rules: Mapped[list] = mapped_column(JSON, default=list)  # [["delegate", "host"], ...]
    table_size: Mapped[int] = mapped_column(default=8)
    listed: Mapped[bool] = mapped_column(default=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    schedule_published_at: Mapped[dt.datetime | None]
    seating_published_at: Mapped[dt.datetime | None]
    itinerary_published_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())

    organiser: Mapped[User] = relationship()
    venues: Mapped[list[Venue]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Venue.id"
    )
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(EventSession.day, EventSession.start_time)",
    )
    slots: Mapped[list[Slot]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Slot.starts_at"
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )

    def registration_open(self, now: dt.datetime | None = None) -> bool:
        """True while applications are accepted."""
        now = now or utcnow()
        return self.registration_opens_at <= now <= self.registration_closes_at

    def admin_by(self, user) -> bool:
        """The event's organiser and administrators run it."""
        return bool(user.is_authenticated and (user.is_admin or user.id == self.organiser_id))


class Venue(db.Model):
    __tablename__ = "event_venues"
    __table_args__ = (
        CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_range"),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="both_coordinates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    city: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    lat: Mapped[float | None]
    lon: Mapped[float | None]

    event: Mapped[Event] = relationship(back_populates="venues")


class EventSession(db.Model):
    """A block of meetings on one day at one venue; its slots are derived from it."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint("end_time > start_time", name="end_after_start"),
        CheckConstraint("meeting_minutes > 0", name="meeting_positive"),
        CheckConstraint("break_minutes >= 0", name="break_not_negative"),
        CheckConstraint("tables > 0", name="tables_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("event_venues.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(120), default="", server_default="")
    day: Mapped[dt.date]
    start_time: Mapped[dt.time]
    end_time: Mapped[dt.time]
    meeting_minutes: Mapped[int]
    break_minutes: Mapped[int] = mapped_column(default=0)
    tables: Mapped[int]

    event: Mapped[Event] = relationship(back_populates="sessions")
    venue: Mapped[Venue] = relationship()


class Slot(db.Model):
    """One meeting period of a session; meetings and seats refer to it by id."""

    __tablename__ = "event_slots"
    __table_args__ = (
        UniqueConstraint("event_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    tables: Mapped[int]

    event: Mapped[Event] = relationship(back_populates="slots")
    session: Mapped[EventSession] = relationship()


class Participation(db.Model):
    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("event_id", "organisation_id"),
        CheckConstraint(_in("role", ROLES), name="role_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="applied")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    decided_at: Mapped[dt.datetime | None]

    event: Mapped[Event] = relationship(back_populates="participations")
    organisation: Mapped[Organisation] = relationship()
    unavailable: Mapped[list[Unavailability]] = relationship(
        back_populates="participation", cascade="all, delete-orphan"
    )

    @property
    def admitted(self) -> bool:
        return self.status == "admitted"


class Unavailability(db.Model):
    """A slot a participant cannot make."""

    __tablename__ = "participation_unavailable"

    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("event_slots.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    participation: Mapped[Participation] = relationship(back_populates="unavailable")
