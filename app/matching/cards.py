"""Suggested partners as the suggestions page shows them, read as plain rows, not entities.

The page lists twenty partners with their explanations and a sensitive-technology marker each;
loading them as entities (each partner with its tag links, each link joined to its tag, parent
and grandparent), plus the whole taxonomy as entities, cost more CPU than rendering the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..organisations.cards import OrganisationCard, TagLabel
from ..organisations.models import Organisation, OrganisationTag, Tag
from ..organisations.services import SensitiveTag, effective_sensitivity, strictest_first
from .models import Suggestion
from .services import shown_suggestions


@dataclass(slots=True)
class SuggestionCard:
    """One suggested partner: who, how good a fit and why, and its sensitive technologies."""

    partner: OrganisationCard
    score: float
    components: dict
    explanation: dict
    sensitive: list[SensitiveTag]


def taxonomy_labels() -> dict[int, TagLabel]:
    """Every tag by id, in English label order (as services.taxonomy), from one plain query."""
    rows = db.session.execute(
        select(Tag.id, Tag.label_en, Tag.label_ja, Tag.sensitivity, Tag.parent_id).order_by(Tag.label_en)
    )
    return {row.id: TagLabel(*row) for row in rows}


def suggestion_cards(
    organisation: Organisation, tags: dict[int, TagLabel], org_type: str = "", tag: int | None = None,
    region: str = "", saved_only: bool = False,
) -> list[tuple[SuggestionCard, str | None]]:
    """services.suggestions_for as cards, each partner's sensitive tags (capability or interest,
    strictest first, as services.sensitive_tags) worked out from `tags` (taxonomy_labels())."""
    stmt = select(
        Suggestion.partner_id, Suggestion.score, Suggestion.components, Suggestion.explanation,
        Organisation.name, Organisation.name_ja, Organisation.country, Organisation.org_type,
        Organisation.region,
    ).join(Organisation, Organisation.id == Suggestion.partner_id)
    rows = shown_suggestions(organisation, stmt, org_type, tag, region, saved_only)
    held: dict[int, dict[int, None]] = {}
    if rows:
        for org_id, tag_id in db.session.execute(
            select(OrganisationTag.organisation_id, OrganisationTag.tag_id).where(
                OrganisationTag.organisation_id.in_([row.partner_id for row, _status in rows]))
        ):
            held.setdefault(org_id, {})[tag_id] = None
    shown = {t for ids in held.values() for t in ids if t in tags}  # only the partners' tags
    levels = {t: effective_sensitivity(tags[t], lambda x: tags.get(x.parent_id)) for t in shown}
    cards = []
    for row, status in rows:
        sensitive = strictest_first(SensitiveTag(tags[t], levels[t], (row.partner_id,))
                                    for t in held.get(row.partner_id, ())
                                    if t in shown and levels[t] != "none")
        partner = OrganisationCard(row.partner_id, row.name, row.name_ja, row.country, row.org_type,
                                   row.region, "")
        cards.append((SuggestionCard(partner, row.score, row.components, row.explanation, sensitive),
                      status))
    return cards
