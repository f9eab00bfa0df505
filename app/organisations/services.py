"""Organisation operations: profiles, tags, completeness, directory search, taxonomy upkeep."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import Membership, User
from ..errors import DomainError, NotAllowed
from ..extensions import db
from .models import Organisation, OrganisationTag, Tag, normalise_for_search

PROFILE_FIELDS = (
    "name", "name_ja", "country", "org_type", "size_band", "region", "city", "website",
    "description", "offers", "seeks", "interests", "contact_name", "contact_email",
    "contact_phone",
)  # fmt: skip


def can_edit(user: User, organisation: Organisation) -> bool:
    """Members of the organisation and admins may change it."""
    return user.is_authenticated and (user.is_admin or user.is_member_of(organisation.id))


def ensure_can_edit(user: User, organisation: Organisation) -> None:
    """Raise NotAllowed unless `user` may change `organisation`."""
    if not can_edit(user, organisation):
        raise NotAllowed(_("Only members of this organisation can change its profile."))


def create_organisation(data: dict[str, Any], by: User) -> Organisation:
    """Register an organisation with `by` as its first member."""
    organisation = Organisation()
    update_organisation(organisation, data)
    db.session.add(organisation)
    db.session.add(Membership(user=by, organisation=organisation))
    if by.timezone in (None, "", "UTC"):
        by.timezone = "Asia/Tokyo" if organisation.country == "JP" else "Europe/London"
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, data: dict[str, Any]) -> None:
    """Copy the profile fields and tags present in validated data; absent ones stay as they are."""
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if field == "interests":
                setattr(organisation, field, list(value or []))
            else:
                setattr(organisation, field, (value or "").strip())
    if "capabilities" in data or "looking_for" in data:
        capabilities = data.get("capabilities", [t.id for t in organisation.capabilities])
        looking_for = data.get("looking_for", [t.id for t in organisation.looking_for])
        set_tags(organisation, capabilities or [], looking_for or [])


def set_tags(organisation: Organisation, capabilities: Iterable[int], interests: Iterable[int]):
    """Replace the organisation's tags; an id not in the taxonomy is refused."""
    wanted = {("capability", int(t)) for t in capabilities} | {
        ("interest", int(t)) for t in interests
    }
    ids = {tag_id for _kind, tag_id in wanted}
    storable = {i for i in ids if 0 < i < 2**31}  # larger ids cannot exist and overflow the driver
    known = set(db.session.scalars(select(Tag.id).where(Tag.id.in_(storable)))) if storable else set()
    if ids - known:
        raise DomainError(_("Unknown tag: %(ids)s", ids=", ".join(map(str, sorted(ids - known)))))
    current = {(link.kind, link.tag_id): link for link in organisation.tag_links}
    for key, link in current.items():
        if key not in wanted:
            organisation.tag_links.remove(link)
    for kind, tag_id in sorted(wanted - set(current)):
        organisation.tag_links.append(OrganisationTag(tag_id=tag_id, kind=kind))


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


COMPLETENESS_CHECKS = (
    ("description", _l("a description of what you do"), lambda o: len(o.description) >= 80),
    ("offers", _l("what you offer"), lambda o: bool(o.offers)),
    ("seeks", _l("what you seek"), lambda o: bool(o.seeks)),
    ("capabilities", _l("at least three capability tags"), lambda o: len(o.capabilities) >= 3),
    ("looking_for", _l("at least one interest tag"), lambda o: bool(o.looking_for)),
    ("interests", _l("your collaboration interests"), lambda o: bool(o.interests)),
    ("region", _l("your region or prefecture"), lambda o: bool(o.region)),
    ("website", _l("your website"), lambda o: bool(o.website)),
    ("contact", _l("a contact person and e-mail"), lambda o: bool(o.contact_email)),
    ("name_ja", _l("your name in Japanese"), lambda o: o.country != "JP" or bool(o.name_ja)),
)


def completeness(organisation: Organisation) -> Completeness:
    """How complete a profile is, with what is still missing in plain words."""
    missing = [str(label) for _key, label, ok in COMPLETENESS_CHECKS if not ok(organisation)]
    total = len(COMPLETENESS_CHECKS)
    return Completeness(round(100 * (total - len(missing)) / total), missing)


def tag_with_descendants(tag_id: int) -> set[int]:
    """The tag and every tag below it in the taxonomy."""
    children: dict[int | None, list[int]] = {}
    for tid, parent in db.session.execute(select(Tag.id, Tag.parent_id)):
        children.setdefault(parent, []).append(tid)
    found, todo = set(), [tag_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def directory_query(
    q: str = "", country: str = "", org_type: str = "", tag: int | None = None, region: str = "",
    columns: tuple = (),
) -> Select:
    """Organisations matching every search term and filter, by name: entities with their tags,
    or only `columns` of them (cards.CARD_COLUMNS for the directory page)."""
    if columns:
        stmt = select(*columns)
    else:
        stmt = select(Organisation).options(selectinload(Organisation.tag_links))
    stmt = stmt.where(Organisation.anonymised_at.is_(None))
    for term in normalise_for_search(q).split()[:10]:
        # One LIKE over the pre-normalised search_text (trigram-indexed on PostgreSQL) is far
        # cheaper than ILIKE over five columns.
        stmt = stmt.where(Organisation.search_text.like(f"%{_escape_like(term)}%", escape="\\"))
    if country:
        stmt = stmt.where(Organisation.country == country)
    if org_type:
        stmt = stmt.where(Organisation.org_type == org_type)
    if region:
        stmt = stmt.where(Organisation.region.ilike(f"%{_escape_like(region)}%", escape="\\"))
    if tag is not None:
        tagged = select(OrganisationTag.organisation_id).where(
            OrganisationTag.tag_id.in_(tag_with_descendants(tag))
        )
        stmt = stmt.where(Organisation.id.in_(tagged))
    return stmt.order_by(Organisation.name, Organisation.id)


def count_capped(stmt: Select, cap: int) -> int:
    """How many organisations `stmt` finds, counting no further than cap + 1: a common word
    matches thousands, and counting them all would cost more than showing the page."""
    ids = stmt.with_only_columns(Organisation.id).order_by(None).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


def taxonomy() -> list[tuple[Tag, list[Tag]]]:
    """The taxonomy as (field, technologies) pairs in English label order."""
    return _by_field(db.session.scalars(select(Tag).order_by(Tag.label_en)).all())


def tag_choices(language: str) -> list[tuple[int, str]]:
    """(id, label) of every tag for a select: each field, then its technologies, in the order
    of `taxonomy()`. Read as plain rows: the directory renders it on every request, and loading
    the tags as entities (each joined to its parent) cost more than the directory's own query."""
    rows = db.session.execute(
        select(Tag.id, Tag.parent_id, Tag.label_en, Tag.label_ja).order_by(Tag.label_en)
    ).all()

    def label(row) -> str:
        return row.label_ja if language == "ja" and row.label_ja else row.label_en

    return [(t.id, label(t)) for root, techs in _by_field(rows) for t in [root, *techs]]


def _by_field(tags):
    """Tags (entities or rows with id and parent_id, in display order) grouped as
    (field, its technologies) pairs, fields and technologies each keeping that order."""
    by_parent: dict[int, list] = {}
    for t in tags:
        if t.parent_id is not None:
            by_parent.setdefault(t.parent_id, []).append(t)
    return [(root, by_parent.get(root.id, [])) for root in tags if root.parent_id is None]


def add_tag(slug: str, label_en: str, label_ja: str, parent_id: int | None, sensitivity="none"):
    """Add a tag to the taxonomy; slugs are unique."""
    if db.session.scalar(select(Tag.id).where(Tag.slug == slug)):
        raise DomainError(_("A tag with this identifier exists already."))
    tag = Tag(
        slug=slug, label_en=label_en, label_ja=label_ja, parent_id=parent_id,
        sensitivity=sensitivity,
    )  # fmt: skip
    db.session.add(tag)
    db.session.flush()
    return tag


def merge_tags(source: Tag, target: Tag) -> int:
    """Move every use of `source` onto `target`, then delete `source`; returns uses moved."""
    if source.id == target.id:
        raise DomainError(_("A tag cannot be merged into itself."))
    if target.id in tag_with_descendants(source.id):
        raise DomainError(_("A tag cannot be merged into one of its own sub-tags."))
    links = db.session.scalars(
        select(OrganisationTag).where(OrganisationTag.tag_id == source.id)
    ).all()
    existing = set(
        db.session.execute(
            select(OrganisationTag.organisation_id, OrganisationTag.kind).where(
                OrganisationTag.tag_id == target.id
            )
        ).all()
    )
    moved = [(link.organisation_id, link.kind) for link in links]
    db.session.execute(delete(OrganisationTag).where(OrganisationTag.tag_id == source.id))
    for organisation_id, kind in moved:
        if (organisation_id, kind) not in existing:
            db.session.add(
                OrganisationTag(organisation_id=organisation_id, tag_id=target.id, kind=kind)
            )
    db.session.execute(update(Tag).where(Tag.parent_id == source.id).values(parent_id=target.id))
    db.session.delete(source)
    db.session.flush()
    db.session.expire_all()
    return len(moved)


def tag_usage() -> dict[int, int]:
    """How many organisation profiles use each tag."""
    return dict(
        db.session.execute(
            select(OrganisationTag.tag_id, func.count()).group_by(OrganisationTag.tag_id)
        ).all()
    )


SEVERITY = {"none": 0, "dual_use": 1, "export_controlled": 2}


@dataclass(frozen=True)
class SensitiveTag:
    tag: Tag
    level: str  # "dual_use" or "export_controlled" (its own, or inherited from a broader field)
    held_by: tuple[int, ...]  # ids of the organisations carrying it, as capability or interest


def effective_sensitivity(tag, parent: Callable = attrgetter("parent")) -> str:
    """The tag's sensitivity, or a broader field's when that is stricter.

    `parent` gives a tag's broader field (None at the top): Tag.parent by default, which is
    loaded with the tag (joined, two levels), so this walk sends no queries; the suggestions
    page passes a lookup in its plain taxonomy rows instead.
    """
    level, seen, current = tag.sensitivity, {tag.id}, parent(tag)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if SEVERITY[current.sensitivity] > SEVERITY[level]:
            level = current.sensitivity
        current = parent(current)
    return level


def strictest_first(found: Iterable[SensitiveTag]) -> list[SensitiveTag]:
    """Sensitive tags in the order pages list them: export-controlled first, then by label."""
    return sorted(found, key=lambda s: (-SEVERITY[s.level], s.tag.label_en.lower()))


def sensitive_tags(a: Organisation, b: Organisation | None = None) -> list[SensitiveTag]:
    """Dual-use or export-controlled tags that a meeting between `a` and `b` may touch.

    Every sensitive tag either organisation carries (capability or interest) counts, because
    either side may be asked about it. Export-controlled tags come first. Events, suggestions
    and organisation pages show the result with templates/organisations/_sensitivity.html.
    """
    held: dict[int, tuple[Tag, set[int]]] = {}
    for org in (a, b):
        if org is None:
            continue
        for link in org.tag_links:
            held.setdefault(link.tag_id, (link.tag, set()))[1].add(org.id)
    found = []
    for tag, owners in held.values():
        level = effective_sensitivity(tag)
        if level != "none":
            found.append(SensitiveTag(tag, level, tuple(sorted(owners))))
    return strictest_first(found)


def merge_sensitive(found: Iterable[list[SensitiveTag]]) -> list[SensitiveTag]:
    """Each sensitive tag once across many pairs (an organiser's summary), the strictest first."""
    seen: dict[int, SensitiveTag] = {}
    for items in found:
        for item in items:
            seen.setdefault(item.tag.id, item)
    return strictest_first(seen.values())
