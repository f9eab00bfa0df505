"""Organisations, the bilingual capability taxonomy, and which tags each organisation carries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import utcnow
from ..extensions import db, trigram_index

if TYPE_CHECKING:
    from ..accounts.models import Membership

COUNTRIES = {"GB": _l("United Kingdom"), "JP": _l("Japan")}
ORG_TYPES = {
    "sme": _l("SME"),
    "startup": _l("Start-up"),
    "corporate": _l("Corporate"),
    "academic": _l("University / academic"),
    "research": _l("Research institute"),
    "public": _l("Public body"),
}
SIZE_BANDS = {
    "1-9": _l("1–9 people"),
    "10-49": _l("10–49 people"),
    "50-249": _l("50–249 people"),
    "250-999": _l("250–999 people"),
    "1000+": _l("1,000 people or more"),
}
INTERESTS = {
    "joint_rnd": _l("Joint R&D"),
    "supply_chain": _l("Supply chain"),
    "investment": _l("Investment"),
    "distribution": _l("Distribution and sales"),
    "licensing": _l("Licensing"),
    "talent": _l("Talent and skills exchange"),
}
SENSITIVITIES = {
    "none": _l("Not sensitive"),
    "dual_use": _l("Dual-use"),
    "export_controlled": _l("Export-controlled"),
}
TAG_KINDS = ("capability", "interest")


class Tag(db.Model):
    __tablename__ = "tags"
    __table_args__ = (
        CheckConstraint(
            "sensitivity IN ('none', 'dual_use', 'export_controlled')", name="sensitivity_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    label_en: Mapped[str] = mapped_column(String(120))
    label_ja: Mapped[str] = mapped_column(String(120))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("tags.id", ondelete="SET NULL"), index=True
    )
    sensitivity: Mapped[str] = mapped_column(String(20), default="none", server_default="none")

    parent: Mapped[Tag | None] = relationship(
        remote_side=[id], back_populates="children", lazy="joined", join_depth=2
    )
    children: Mapped[list[Tag]] = relationship(back_populates="parent")

    def label(self, language: str) -> str:
        """The label in `language` ('ja' or anything else for English)."""
        return self.label_ja if language == "ja" and self.label_ja else self.label_en


class OrganisationTag(db.Model):
    __tablename__ = "organisation_tags"
    __table_args__ = (CheckConstraint("kind IN ('capability', 'interest')", name="kind_known"),)

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)

    tag: Mapped[Tag] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(back_populates="tag_links")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("country IN ('GB', 'JP')", name="country_known"),
        CheckConstraint(
            "org_type IN ('sme', 'startup', 'corporate', 'academic', 'research', 'public')",
            name="type_known",
        ),
        # Directory search: ILIKE over these, in English and Japanese, on PostgreSQL.
        *(trigram_index("organisations", c)
          for c in ("name", "name_ja", "description", "offers", "seeks", "region")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seed_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_ja: Mapped[str] = mapped_column(String(200), default="", server_default="")
    country: Mapped[str] = mapped_column(String(2), index=True)
    org_type: Mapped[str] = mapped_column(String(20), index=True)
    size_band: Mapped[str] = mapped_column(String(10), default="", server_default="")
    region: Mapped[str] = mapped_column(String(100), default="", server_default="", index=True)
    city: Mapped[str] = mapped_column(String(100), default="", server_default="")
    website: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    offers: Mapped[str] = mapped_column(Text, default="", server_default="")
    seeks: Mapped[str] = mapped_column(Text, default="", server_default="")
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    # Set when the last member deleted their account: the row keeps only country, type and size.
    anonymised_at: Mapped[dt.datetime | None]

    tag_links: Mapped[list[OrganisationTag]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    def tags_of(self, kind: str) -> list[Tag]:
        """Tags of one kind ('capability' or 'interest'), in label order."""
        return sorted((link.tag for link in self.tag_links if link.kind == kind), key=_tag_key)

    @property
    def capabilities(self) -> list[Tag]:
        return self.tags_of("capability")

    @property
    def looking_for(self) -> list[Tag]:
        return self.tags_of("interest")

    def display_name(self, language: str) -> str:
        """The Japanese name for Japanese readers where set, else the name."""
        return self.name_ja if language == "ja" and self.name_ja else self.name


def _tag_key(tag: Tag) -> str:
    return tag.label_en.lower()
