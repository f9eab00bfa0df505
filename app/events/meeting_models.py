"""Meeting requests, meetings and their seats (the double-booking guard), outcomes, plans."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import utcnow
from ..extensions import db
from .models import Participation, Slot, Venue, _in

REQUEST_STATUSES = {
    "pending": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
    "withdrawn": _l("Withdrawn"),
}
SOURCES = {
    "request": _l("Accepted request"),
    "suggestion": _l("Matcher suggestion"),
    "organiser": _l("Organiser"),
}
OUTCOMES = {
    "follow_up": _l("Follow-up agreed"),
    "nda": _l("NDA"),
    "mou": _l("MoU"),
    "joint_bid": _l("Joint bid"),
    "nothing": _l("Nothing further"),
}


class MeetingRequest(db.Model):
    __tablename__ = "meeting_requests"
    __table_args__ = (
        CheckConstraint("from_id <> to_id", name="not_to_self"),
        CheckConstraint(_in("status", REQUEST_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("event_slots.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    expires_at: Mapped[dt.datetime]
    answered_at: Mapped[dt.datetime | None]

    sender: Mapped[Participation] = relationship(foreign_keys=[from_id])
    recipient: Mapped[Participation] = relationship(foreign_keys=[to_id])
    slot: Mapped[Slot | None] = relationship()


class Meeting(db.Model):
    """A meeting of two participations; `a_id < b_id` so each pair has one row per event."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("event_id", "a_id", "b_id"),
        UniqueConstraint("event_id", "slot_id", "table_no"),
        CheckConstraint("a_id < b_id", name="pair_ordered"),
        CheckConstraint("(slot_id IS NULL) = (table_no IS NULL)", name="placed_fully"),
        CheckConstraint("table_no IS NULL OR table_no > 0", name="table_positive"),
        CheckConstraint(_in("source", SOURCES), name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(12))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_requests.id", ondelete="SET NULL")
    )
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("event_slots.id", ondelete="RESTRICT"))
    table_no: Mapped[int | None]
    locked: Mapped[bool] = mapped_column(default=False)
    score: Mapped[float | None]
    unplaced_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())

    a: Mapped[Participation] = relationship(foreign_keys=[a_id])
    b: Mapped[Participation] = relationship(foreign_keys=[b_id])
    slot: Mapped[Slot | None] = relationship()
    seats: Mapped[list[MeetingSeat]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    outcomes: Mapped[list[MeetingOutcome]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    def other(self, participation_id: int) -> Participation:
        """The partner of `participation_id` in this meeting."""
        return self.b if participation_id == self.a_id else self.a


class MeetingSeat(db.Model):
    """A participant's presence in a slot; UNIQUE(participation, slot) forbids double-booking."""

    __tablename__ = "meeting_seats"
    __table_args__ = (
        UniqueConstraint("participation_id", "slot_id"),
        ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
    )

    meeting_id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(ForeignKey("event_slots.id", ondelete="CASCADE"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="seats")


class MeetingOutcome(db.Model):
    """What one side says happened at a meeting."""

    __tablename__ = "meeting_outcomes"
    __table_args__ = (CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}",
                                      name="outcome_known"),)

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), primary_key=True
    )
    took_place: Mapped[bool]
    outcome: Mapped[str | None] = mapped_column(String(12))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")


class Seating(db.Model):
    """A roundtable seat: one participation at one table in one round (a slot)."""

    __tablename__ = "roundtable_seats"
    __table_args__ = (
        UniqueConstraint("slot_id", "participation_id"),
        CheckConstraint("table_no > 0", name="table_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("event_slots.id", ondelete="CASCADE"), index=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    table_no: Mapped[int]

    slot: Mapped[Slot] = relationship()
    participation: Mapped[Participation] = relationship()


class HostVisit(db.Model):
    """A candidate visit of the delegation to a host; planned visits get a day and times."""

    __tablename__ = "host_visits"
    __table_args__ = (
        UniqueConstraint("event_id", "host_id"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("closes > opens", name="closes_after_opens"),
        CheckConstraint("priority > 0", name="priority_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("participations.id", ondelete="CASCADE"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("event_venues.id", ondelete="RESTRICT"))
    duration_minutes: Mapped[int] = mapped_column(default=90)
    opens: Mapped[dt.time]
    closes: Mapped[dt.time]
    priority: Mapped[float] = mapped_column(default=50.0)
    starts_at: Mapped[dt.datetime | None]
    ends_at: Mapped[dt.datetime | None]
    arrive_at: Mapped[dt.datetime | None]
    travel_minutes: Mapped[int | None]
    travel_mode: Mapped[str] = mapped_column(String(12), default="", server_default="")
    from_venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_venues.id", ondelete="SET NULL")
    )
    left_out_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    host: Mapped[Participation] = relationship()
    venue: Mapped[Venue] = relationship(foreign_keys=[venue_id])
    from_venue: Mapped[Venue | None] = relationship(foreign_keys=[from_venue_id])
