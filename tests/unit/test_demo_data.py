"""Checks on the shipped taxonomy and demo organisations (pure JSON, no app)."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "app" / "organisations" / "data" / "taxonomy.json"
DEMO_DIR = ROOT / "app" / "demo" / "data"

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
EMAIL = re.compile(r"^[a-z0-9][a-z0-9._-]*@([a-z0-9-]+(?:\.[a-z0-9-]+)*\.example)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

COUNTRIES = {"GB", "JP"}
ORG_TYPES = {"sme", "startup", "corporate", "academic", "research", "public"}
SIZE_BANDS = {"1-9", "10-49", "50-249", "250-999", "1000+"}
INTERESTS = {"joint_rnd", "supply_chain", "investment", "distribution", "licensing", "talent"}
SENSITIVITIES = {"none", "dual_use", "export_controlled"}

# Every field named in DESIGN.md, and the tag that stands for it.
DESIGN_FIELDS = {
    "compound semiconductors": "compound-semiconductors",
    "chip design": "chip-design",
    "fabrication": "semiconductor-fabrication",
    "advanced packaging": "advanced-packaging",
    "advanced materials": "advanced-materials",
    "photonics": "photonics",
    "AI and compute": "ai-compute",
    "Open RAN": "open-ran",
    "Beyond 5G/6G": "beyond-5g-6g",
    "non-terrestrial networks": "non-terrestrial-networks",
    "optical networks": "optical-networks",
    "submarine cables": "submarine-cables",
    "cyber resilience and IoT security": "cyber-resilience",
    "data infrastructure": "data-infrastructure",
    "quantum": "quantum",
    "clean energy": "clean-energy",
    "critical raw materials": "critical-raw-materials",
    "digital government": "digital-government",
}


@cache
def taxonomy() -> list[dict]:
    """The taxonomy as stored."""
    return json.loads(TAXONOMY.read_text(encoding="utf-8"))


@cache
def tag_parents() -> dict[str, str | None]:
    """Map of slug to parent slug."""
    return {tag["slug"]: tag["parent"] for tag in taxonomy()}


@cache
def organisations() -> list[dict]:
    """All demo organisations across the organisations*.json files."""
    orgs: list[dict] = []
    for path in sorted(DEMO_DIR.glob("organisations*.json")):
        orgs.extend(json.loads(path.read_text(encoding="utf-8")))
    return orgs


def field_of(slug: str) -> str:
    """The top-level field a tag belongs to."""
    parent = tag_parents()[slug]
    return slug if parent is None else parent


def language_mode(org: dict) -> str:
    """Classify an organisation's texts as 'en', 'ja', 'both' or 'mixed'."""
    modes = set()
    for key in ("description", "offers", "seeks"):
        paragraphs = [p for p in org[key].split("\n\n") if p.strip()]
        has_ja = [bool(JAPANESE.search(p)) for p in paragraphs]
        if not any(has_ja):
            modes.add("en")
        elif all(has_ja):
            modes.add("ja")
        elif not has_ja[0] and has_ja[-1]:
            modes.add("both")
        else:
            modes.add("mixed")
    return modes.pop() if len(modes) == 1 else "mixed"


# --- taxonomy ---------------------------------------------------------------------------


def test_taxonomy_has_enough_tags_with_unique_slugs() -> None:
    slugs = [tag["slug"] for tag in taxonomy()]
    assert len(slugs) >= 60
    assert [s for s, n in Counter(slugs).items() if n > 1] == []
    assert [s for s in slugs if not SLUG.match(s)] == []


def test_taxonomy_parents_exist_and_come_first() -> None:
    seen: set[str] = set()
    for tag in taxonomy():
        parent = tag["parent"]
        assert parent is None or parent in seen, (
            f"{tag['slug']}: parent {parent!r} not listed before it"
        )
        if parent is not None:
            assert tag_parents()[parent] is None, f"{tag['slug']}: tree deeper than two levels"
        seen.add(tag["slug"])


def test_taxonomy_field_count_is_sensible() -> None:
    fields = [tag for tag in taxonomy() if tag["parent"] is None]
    assert 12 <= len(fields) <= 16
    children = Counter(tag["parent"] for tag in taxonomy() if tag["parent"])
    assert all(children[f["slug"]] >= 3 for f in fields)


@pytest.mark.parametrize(("field", "slug"), sorted(DESIGN_FIELDS.items()))
def test_every_design_field_is_in_the_taxonomy(field: str, slug: str) -> None:
    assert slug in tag_parents(), f"DESIGN.md field {field!r} has no tag {slug!r}"


def test_every_tag_is_bilingual_and_has_a_valid_sensitivity() -> None:
    for tag in taxonomy():
        assert tag["en"].strip(), tag["slug"]
        assert JAPANESE.search(tag["ja"]), f"{tag['slug']}: ja label {tag['ja']!r} has no Japanese"
        assert tag["sensitivity"] in SENSITIVITIES, tag["slug"]
    assert {t["sensitivity"] for t in taxonomy()} == SENSITIVITIES


# --- organisations ---------------------------------------------------------------------


def test_enough_organisations_with_unique_keys_and_names() -> None:
    orgs = organisations()
    assert len(orgs) >= 150
    for attr in ("key", "name"):
        values = Counter(org[attr] for org in orgs)
        assert [v for v, n in values.items() if n > 1] == [], f"duplicate {attr}"
    names_ja = Counter(org["name_ja"] for org in orgs if org["name_ja"])
    assert [v for v, n in names_ja.items() if n > 1] == []


def test_organisation_fields_are_valid() -> None:
    for org in organisations():
        key = org["key"]
        assert SLUG.match(key), key
        assert org["country"] in COUNTRIES, key
        assert org["org_type"] in ORG_TYPES, key
        assert org["size_band"] in SIZE_BANDS, key
        assert org["interests"] and set(org["interests"]) <= INTERESTS, key
        assert len(set(org["interests"])) == len(org["interests"]), key
        for attr in ("name", "region", "city", "description", "offers", "seeks"):
            assert org[attr].strip(), f"{key}: empty {attr}"


def test_organisation_tags_exist() -> None:
    known = tag_parents()
    for org in organisations():
        caps, wants = org["capabilities"], org["looking_for"]
        assert 3 <= len(caps) <= 10, org["key"]
        assert 1 <= len(wants) <= 6, org["key"]
        assert len(set(caps)) == len(caps) and len(set(wants)) == len(wants), org["key"]
        unknown = [s for s in caps + wants if s not in known]
        assert unknown == [], f"{org['key']}: unknown tags {unknown}"


def test_countries_are_balanced_and_every_type_is_on_both_sides() -> None:
    orgs = organisations()
    per_country = Counter(org["country"] for org in orgs)
    assert per_country["GB"] >= 70 and per_country["JP"] >= 70
    pairs = Counter((org["country"], org["org_type"]) for org in orgs)
    for country in COUNTRIES:
        for org_type in ORG_TYPES:
            assert pairs[country, org_type] >= 5, (
                f"only {pairs[country, org_type]} {org_type} in {country}"
            )


def test_smes_and_start_ups_have_fewer_than_250_staff() -> None:
    large = [
        org["key"]
        for org in organisations()
        if org["org_type"] in {"sme", "startup"} and org["size_band"] in {"250-999", "1000+"}
    ]
    assert large == []


def test_every_organisation_has_a_possible_partner_across_the_bridge() -> None:
    orgs = organisations()
    offered: dict[str, set[str]] = {country: set() for country in COUNTRIES}
    for org in orgs:
        offered[org["country"]].update(org["capabilities"])
    for org in orgs:
        (other,) = COUNTRIES - {org["country"]}
        assert offered[other] & set(org["looking_for"]), f"{org['key']}: no partner in {other}"


def test_many_pairs_complement_each_other_both_ways() -> None:
    orgs = organisations()
    gb = [o for o in orgs if o["country"] == "GB"]
    jp = [o for o in orgs if o["country"] == "JP"]

    def wants(a: dict, b: dict) -> bool:
        return bool(set(a["looking_for"]) & set(b["capabilities"]))

    mutual = sum(1 for a in gb for b in jp if wants(a, b) and wants(b, a))
    assert mutual >= 100


@pytest.mark.parametrize("country", sorted(COUNTRIES))
def test_every_field_has_capable_organisations_on_each_side(country: str) -> None:
    counts: Counter[str] = Counter()
    for org in organisations():
        if org["country"] == country:
            counts.update({field_of(slug) for slug in org["capabilities"]})
    fields = [tag["slug"] for tag in taxonomy() if tag["parent"] is None]
    thin = {f: counts[f] for f in fields if counts[f] < 5}
    assert thin == {}


def test_japanese_organisations_have_japanese_names_and_mixed_languages() -> None:
    jp = [org for org in organisations() if org["country"] == "JP"]
    for org in jp:
        assert JAPANESE.search(org["name_ja"]), f"{org['key']}: name_ja lacks Japanese"
        assert not JAPANESE.search(org["name"]), f"{org['key']}: name should be romanised"
    modes = Counter(language_mode(org) for org in jp)
    assert modes["mixed"] == 0
    assert modes["ja"] >= 10 and modes["en"] >= 10 and modes["both"] >= 10


def test_british_organisations_are_mostly_english_with_a_few_bilingual() -> None:
    modes = Counter(language_mode(org) for org in organisations() if org["country"] == "GB")
    assert modes["ja"] == 0 and modes["mixed"] == 0
    assert modes["both"] >= 3
    assert modes["en"] > modes["both"]


def test_contacts_use_example_domains_and_well_formed_phones() -> None:
    emails: Counter[str] = Counter()
    for org in organisations():
        url = urlparse(org["website"])
        host = url.hostname or ""
        assert url.scheme == "https" and host.endswith(".example"), org["key"]
        contact = org["contact"]
        match = EMAIL.match(contact["email"])
        assert match, f"{org['key']}: bad email {contact['email']!r}"
        assert host.removeprefix("www.") == match.group(1), org["key"]
        assert contact["name"].strip() and contact["title"].strip(), org["key"]
        prefix, national_digits = ("+44 ", 10) if org["country"] == "GB" else ("+81 ", 9)
        phone = contact["phone"]
        assert phone.startswith(prefix), org["key"]
        assert len(re.sub(r"\D", "", phone.removeprefix(prefix))) == national_digits, phone
        emails[contact["email"]] += 1
    assert [e for e, n in emails.items() if n > 1] == []
