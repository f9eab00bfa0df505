"""The directory: full-text search in English and Japanese, filters, pagination, privacy."""

import pytest


@pytest.fixture
def orgs(make_org, taxonomy):
    compound = taxonomy["compound-semiconductors"]
    sub = next(t for t in taxonomy.values() if t.parent_id == compound.id)
    return {
        "gan": make_org("Severn GaN Epitaxy", "GB", "sme", region="Wales",
                        description="GaN-on-SiC epitaxial wafers for RF power amplifiers.",
                        capabilities=[sub], contact_email="private@severn.example"),
        "kyushu": make_org("Kyushu Substrates", "JP", "corporate", name_ja="九州基板株式会社",
                           region="Kumamoto", description="化合物半導体向けの高品質SiC基板を製造しています。",
                           capabilities=[compound]),
        "ai": make_org("Thames Vision AI", "GB", "startup", region="London",
                       description="Edge AI inference accelerators for cameras.",
                       capabilities=[taxonomy["ai-compute"]]),
        "uni": make_org("Tohoku Institute of Optics", "JP", "academic", region="Miyagi",
                        description="Silicon photonics and optical interconnect research.",
                        offers="Cleanroom access", seeks="Packaging partners in the UK"),
    }


def names(client, query: str) -> list[str]:
    html = client.get("/organisations" + query).get_data(as_text=True)
    return sorted(n for n in ("Severn GaN Epitaxy", "Kyushu Substrates",
                              "Thames Vision AI", "Tohoku Institute of Optics") if n in html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Kyushu Substrates", "Severn GaN Epitaxy", "Thames Vision AI", "Tohoku Institute of Optics"]),
        ("?q=gan", ["Severn GaN Epitaxy"]),
        ("?q=GAN+rf", ["Severn GaN Epitaxy"]),
        ("?q=化合物半導体", ["Kyushu Substrates"]),
        ("?q=九州基板", ["Kyushu Substrates"]),
        ("?q=packaging", ["Tohoku Institute of Optics"]),
        ("?q=nothing-like-this", []),
        ("?q=100%25", []),
        ("?country=JP", ["Kyushu Substrates", "Tohoku Institute of Optics"]),
        ("?type=startup", ["Thames Vision AI"]),
        ("?region=kuma", ["Kyushu Substrates"]),
        ("?country=GB&type=sme", ["Severn GaN Epitaxy"]),
    ],
)
def test_search_and_filters(client, orgs, query, expected):
    assert names(client, query) == expected


def test_a_field_tag_also_matches_its_sub_tags(client, orgs, taxonomy):
    field = taxonomy["compound-semiconductors"].id
    assert names(client, f"?tag={field}") == ["Kyushu Substrates", "Severn GaN Epitaxy"]


def test_bad_filters_get_a_message_not_an_error(client, orgs):
    assert client.get("/organisations?country=FR").status_code == 400
    assert client.get("/organisations?tag=banana").status_code == 400
    assert client.get("/organisations?q=" + "x" * 300).status_code == 400
    assert client.get("/organisations?page=-3").status_code == 200


def test_japanese_readers_see_japanese_names(client, orgs):
    html = client.get("/organisations?country=JP", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "九州基板株式会社" in html


def test_pagination(client, make_org):
    for n in range(25):
        make_org(f"Org {n:02d}")
    first = client.get("/organisations").get_data(as_text=True)
    second = client.get("/organisations?page=2").get_data(as_text=True)
    assert "Org 00" in first and "Org 19" in first and "Org 20" not in first
    assert "Org 20" in second and "Org 24" in second and "Org 00" not in second


def test_a_very_common_search_counts_to_a_cap_and_asks_to_narrow_it(app, client, make_org):
    app.config.update(DIRECTORY_COUNT_CAP=4, DIRECTORY_PAGE_SIZE=2)
    for n in range(7):
        make_org(f"Photonics Works {n}", description="Photonics foundry services.")
    make_org("Quantum Only", description="Ion traps.")
    first = client.get("/organisations?q=photonics").get_data(as_text=True)
    assert "More than 4 organisations match; here are the first 4." in first
    assert "Page 1 of 2" in first and "Photonics Works 0" in first and "Photonics Works 2" not in first
    beyond = client.get("/organisations?q=photonics&page=9").get_data(as_text=True)
    assert "Page 2 of 2" in beyond and "Photonics Works 2" in beyond
    exact = client.get("/organisations?q=ion+traps").get_data(as_text=True)
    assert "1 organisation" in exact and "More than" not in exact


def test_contact_details_never_appear_in_the_directory(client, orgs):
    assert "private@severn.example" not in client.get("/organisations").get_data(as_text=True)


def test_the_empty_state_says_what_to_do(client, orgs):
    html = client.get("/organisations?q=zzzzzz").get_data(as_text=True)
    assert "No organisation matches this search." in html
