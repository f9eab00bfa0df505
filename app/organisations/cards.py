"""Read-only views of organisations for list pages, read as plain rows instead of ORM entities.

A directory page shows twenty organisations with their capability tags; loading them as
entities (each tag link joined to its tag, the tag to its parent and grandparent) cost more CPU
than everything else on the page. The cards carry only what a list shows, with the same
methods the templates call on entities (display_name, label), so one macro renders either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, select

from ..extensions import db
from .models import Organisation, OrganisationTag, Tag

CARD_COLUMNS = (
    Organisation.id, Organisation.name, Organisation.name_ja, Organisation.country,
    Organisation.org_type, Organisation.region, Organisation.description,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TagLabel:
    """A tag as a badge shows it: its labels and its own sensitivity (and its broader field)."""

    id: int
    label_en: str
    label_ja: str
    sensitivity: str
    parent_id: int | None = None

    def label(self, language: str) -> str:
        """The label in `language` ('ja' or anything else for English), as Tag.label."""
        return self.label_ja if language == "ja" and self.label_ja else self.label_en


@dataclass(slots=True)
class OrganisationCard:
    """One organisation in a list: CARD_COLUMNS and its capability tags in label order."""

    id: int
    name: str
    name_ja: str
    country: str
    org_type: str
    region: str
    description: str
    capabilities: list[TagLabel] = field(default_factory=list)

    def display_name(self, language: str) -> str:
        """The Japanese name for Japanese readers where set, else the name (as Organisation)."""
        return self.name_ja if language == "ja" and self.name_ja else self.name


class CardPagination(SelectPagination):
    """db.paginate's page of a select of CARD_COLUMNS, as OrganisationCards with their tags."""

    def _query_items(self) -> list[OrganisationCard]:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        cards = [OrganisationCard(*row) for row in self._query_args["session"].execute(stmt)]
        add_capabilities(cards)
        return cards


def card_page(stmt: Select, page: int, per_page: int) -> CardPagination:
    """Page `page` of `stmt` (a select of CARD_COLUMNS), not counted (count the matches apart)."""
    return CardPagination(select=stmt, session=db.session(), page=page, per_page=per_page,
                          max_per_page=None, error_out=False, count=False)


def add_capabilities(cards: list[OrganisationCard]) -> None:
    """Fill each card's capability tags, in one statement, in Organisation.capabilities' order."""
    if not cards:
        return
    by_id = {card.id: card for card in cards}
    rows = db.session.execute(
        select(OrganisationTag.organisation_id, Tag.id, Tag.label_en, Tag.label_ja, Tag.sensitivity)
        .join(Tag, Tag.id == OrganisationTag.tag_id)
        .where(OrganisationTag.organisation_id.in_(by_id), OrganisationTag.kind == "capability")
    )
    for org_id, *tag in rows:
        by_id[org_id].capabilities.append(TagLabel(*tag))
    for card in cards:
        card.capabilities.sort(key=lambda t: t.label_en.lower())
