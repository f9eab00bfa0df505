"""Stored suggestions, so every web worker shows the same ones, and users' feedback on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import utcnow
from ..extensions import db
from ..organisations.models import Organisation


class Suggestion(db.Model):
    """One suggested partner for one organisation, with the engine's explanation."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("organisation_id", "partner_id"),
        CheckConstraint("organisation_id <> partner_id", name="not_self"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(Float, index=True)
    components: Mapped[dict] = mapped_column(JSON, default=dict)
    explanation: Mapped[dict] = mapped_column(JSON, default=dict)
    engine_version: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    partner: Mapped[Organisation] = relationship(foreign_keys=[partner_id], lazy="joined")


class SuggestionFeedback(db.Model):
    """An organisation's decision about a suggested partner: saved to the shortlist, or dismissed."""

    __tablename__ = "suggestion_feedback"
    __table_args__ = (
        UniqueConstraint("organisation_id", "partner_id"),
        CheckConstraint("status IN ('saved', 'dismissed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
