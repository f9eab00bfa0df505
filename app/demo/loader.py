"""Load the bilingual taxonomy and the fictional demo organisations, idempotently."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..accounts.models import Membership, User
from ..extensions import db
from ..organisations.models import Organisation, Tag
from ..organisations.services import PROFILE_FIELDS, set_tags

TAXONOMY_FILE = Path(__file__).resolve().parents[1] / "organisations" / "data" / "taxonomy.json"
DEMO_DIR = Path(__file__).resolve().parent / "data"

DEMO_PASSWORD = "kakehashi-demo"
STAFF = (
    # email, name, role, password
    ("admin@kakehashi.example", "Aiko Admin", "admin", "admin-demo-2026"),
    ("organiser@kakehashi.example", "Oliver Organiser", "organiser", "organiser-demo-2026"),
)


@dataclass
class SeedReport:
    tags: int = 0
    organisations: int = 0
    users: int = 0
    created: dict[str, int] = field(default_factory=dict)


def load_taxonomy(path: Path = TAXONOMY_FILE) -> dict[str, Tag]:
    """Create or update every tag in the taxonomy file; returns tags by slug."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    by_slug = {t.slug: t for t in db.session.scalars(select(Tag))}
    for entry in entries:
        tag = by_slug.get(entry["slug"])
        if tag is None:
            tag = Tag(slug=entry["slug"])
            db.session.add(tag)
            by_slug[tag.slug] = tag
        tag.label_en, tag.label_ja = entry["en"], entry["ja"]
        tag.sensitivity = entry.get("sensitivity", "none")
        tag.parent = by_slug[entry["parent"]] if entry.get("parent") else None
    db.session.flush()
    return by_slug


def demo_organisations() -> list[dict]:
    """Every demo organisation record, from all organisations*.json files, in key order."""
    records: list[dict] = []
    for path in sorted(DEMO_DIR.glob("organisations*.json")):
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    return sorted(records, key=lambda r: r["key"])


def _staff_user(email: str, name: str, role: str, password: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role)
        user.set_password(password)
        db.session.add(user)
    return user


def seed_demo(progress: Callable[[int, int], None] | None = None) -> SeedReport:
    """Load taxonomy, organisations, their contact users and the staff accounts; safe to repeat."""
    report = SeedReport()
    tags = load_taxonomy()
    report.tags = len(tags)
    for email, name, role, password in STAFF:
        _staff_user(email, name, role, password)
    records = demo_organisations()
    existing = {o.seed_key: o for o in db.session.scalars(select(Organisation))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    shared_hash: str | None = None
    for n, record in enumerate(records, 1):
        organisation = existing.get(record["key"])
        if organisation is None:
            organisation = Organisation(seed_key=record["key"])
            db.session.add(organisation)
            report.created["organisations"] = report.created.get("organisations", 0) + 1
        contact = record.get("contact") or {}
        values = {
            **{k: record.get(k, "") for k in PROFILE_FIELDS if k in record},
            "interests": list(record.get("interests", [])),
            "contact_name": contact.get("name", ""),
            "contact_email": contact.get("email", ""),
            "contact_phone": contact.get("phone", ""),
        }
        for key, value in values.items():
            setattr(organisation, key, value)
        db.session.flush()
        set_tags(
            organisation,
            [tags[s].id for s in record.get("capabilities", [])],
            [tags[s].id for s in record.get("looking_for", [])],
        )
        email = contact.get("email", "").lower()
        if email:
            user = users.get(email)
            if user is None:
                user = User(email=email, name=contact.get("name") or record["name"])
                if shared_hash is None:
                    user.set_password(DEMO_PASSWORD)
                    shared_hash = user.password_hash
                user.password_hash = shared_hash
                user.timezone = "Asia/Tokyo" if record["country"] == "JP" else "Europe/London"
                user.locale = "ja" if record["country"] == "JP" else "en"
                db.session.add(user)
                users[email] = user
                db.session.flush()
            if not user.is_member_of(organisation.id):
                db.session.add(Membership(user=user, organisation=organisation))
        if progress:
            progress(n, len(records))
    db.session.flush()
    report.organisations = len(records)
    report.users = len(users)
    from .events import seed_events

    report.created["events"] = seed_events()
    return report
