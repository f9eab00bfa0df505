"""A record of the day-before reminders sent, so the daily command never sends one twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts.models import utcnow
from ..extensions import db


class ReminderSent(db.Model):
    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("user_id", "event_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date]
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
