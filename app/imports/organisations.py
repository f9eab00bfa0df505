"""Importing organisation profiles: check every row, then create the new ones."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..organisations.models import COUNTRIES, ORG_TYPES, SIZE_BANDS, Organisation, Tag
from ..organisations.services import update_organisation
from .checks import Checked, Preview, check_email, check_length, missing_columns, pick, vocabulary
from .reading import Row

COLUMNS = {
    "name": ("name", "organisation", "organisation_name", "organization", "company"),
    "name_ja": ("name_ja", "japanese_name", "name_in_japanese"),
    "country": ("country",),
    "org_type": ("type", "org_type", "organisation_type"),
    "size_band": ("size", "size_band"),
    "region": ("region", "prefecture"),
    "city": ("city",),
    "website": ("website", "url"),
    "description": ("description",),
    "offers": ("offers",),
    "seeks": ("seeks",),
    "capabilities": ("capabilities", "tags"),
    "looking_for": ("looking_for", "interest_tags"),
    "contact_name": ("contact_name",),
    "contact_email": ("contact_email", "email", "contact_e_mail"),
    "contact_phone": ("contact_phone", "phone", "telephone"),
}
REQUIRED = ("name", "country", "org_type")
LABELS = {
    "name": _l("Name"), "name_ja": _l("Name in Japanese"), "country": _l("Country"),
    "org_type": _l("Type"), "region": _l("Region"), "city": _l("City"), "website": _l("Website"),
    "description": _l("Description"), "offers": _l("What we offer"), "seeks": _l("What we seek"),
    "contact_name": _l("Contact person"), "contact_phone": _l("Contact telephone"),
}
LIMITS = {"name": 200, "name_ja": 200, "region": 100, "city": 100, "website": 300,
          "description": 5000, "offers": 2000, "seeks": 2000, "contact_name": 120,
          "contact_phone": 40}
COUNTRY_ALIASES = {"uk": "GB", "great britain": "GB", "britain": "GB", "イギリス": "GB",
                   "英国": "GB", "日本": "JP", "jpn": "JP", "gbr": "GB"}
TEMPLATE = [
    ["name", "name_ja", "country", "type", "region", "city", "website", "description", "offers",
     "seeks", "capabilities", "looking_for", "contact_name", "contact_email", "contact_phone"],
    ["Clyde Photonics Ltd", "", "GB", "sme", "Scotland", "Glasgow", "https://clyde.example",
     "Indium phosphide lasers for optical networks.", "InP lasers", "Packaging partners",
     "photonics; indium-phosphide", "advanced-packaging", "Fiona Reid", "fiona@clyde.example", ""],
]
TAG_SPLIT = re.compile(r"[;|,、，\n]+")


def check_organisations(rows: list[Row]) -> Preview:
    """Every row's problems, which rows are new, and which are already registered."""
    countries = vocabulary(COUNTRIES, COUNTRY_ALIASES)
    types = vocabulary(ORG_TYPES)
    sizes = vocabulary(SIZE_BANDS)
    tags = _tag_lookup()
    existing = {(n.lower(), c) for n, c in db.session.execute(
        select(func.lower(Organisation.name), Organisation.country))}
    seen: dict[tuple[str, str], int] = {}
    checked = []
    for row in rows:
        values = {key: pick(row, aliases) for key, aliases in COLUMNS.items()}
        result = Checked(row.line, values["name"] or values["name_ja"] or "—")
        problems = result.problems
        for key in REQUIRED:
            if not values[key]:
                problems.append(_("%(field)s is missing.", field=LABELS[key]))
        data: dict = {}
        for key, limit in LIMITS.items():
            data[key] = check_length(values[key], limit, LABELS[key], problems)
        data["country"] = _lookup(values["country"], countries, _("country"), problems)
        data["org_type"] = _lookup(values["org_type"], types, _("type"), problems)
        data["size_band"] = _lookup(values["size_band"], sizes, _("size"), problems) or ""
        if data["website"] and not re.match(r"^https?://[^\s/]+\.[^\s]+$", data["website"]):
            problems.append(_("“%(value)s” is not a web address like https://example.com.",
                              value=data["website"]))
        data["contact_email"] = check_email(values["contact_email"], problems)
        data["capabilities"] = _tags(values["capabilities"], tags, problems)
        data["looking_for"] = _tags(values["looking_for"], tags, problems)
        data["interests"] = []
        key = (data["name"].lower(), data["country"])
        if data["name"] and data["country"]:
            if key in seen:
                problems.append(_("Duplicate of line %(line)d.", line=seen[key]))
            else:
                seen[key] = row.line
            result.exists = key in existing
        result.data = data
        checked.append(result)
    return Preview("organisations", checked, missing_columns(rows, COLUMNS, REQUIRED))


def import_organisations(preview: Preview) -> int:
    """Create the organisations of every new, valid row; returns how many."""
    for row in preview.importable:
        organisation = Organisation()
        update_organisation(organisation, row.data)
        db.session.add(organisation)
    db.session.flush()
    return len(preview.importable)


def _lookup(value: str, table: dict[str, str], label: str, problems: list[str]) -> str:
    if not value:
        return ""
    key = table.get(value.strip().lower())
    if key is None:
        problems.append(_("Unknown %(field)s “%(value)s”.", field=label, value=value))
        return ""
    return key


def _tag_lookup() -> dict[str, int]:
    found: dict[str, int] = {}
    for tag in db.session.scalars(select(Tag)):
        for name in (tag.label_ja, tag.label_en, tag.slug):
            found[name.strip().lower()] = tag.id
    return found


def _tags(value: str, lookup: dict[str, int], problems: list[str]) -> list[int]:
    ids = []
    for name in (n.strip() for n in TAG_SPLIT.split(value or "")):
        if not name:
            continue
        if name.lower() in lookup:
            ids.append(lookup[name.lower()])
        else:
            problems.append(_("Unknown tag “%(tag)s”.", tag=name))
    return list(dict.fromkeys(ids))
