"""No N+1: the main pages send a fixed, small number of SQL statements however much data there is.

Each page is rendered twice, with 4 and with 24 organisations (and members, tags, …); the count
must not grow with the data and must stay under the page's bound.
"""

import pytest
from flask import g

from app.extensions import db
from app.organisations.models import Tag
from tests.querycount import count_statements

# Measured counts + 1 (see the report: `pytest tests/test_query_counts.py -s` prints them).
BOUNDS = {
    "home": 2,
    "directory": 5,
    "directory_filtered": 7,
    "organisation": 5,  # + the matching panel: suggested partners, similar organisations
    "organisation_as_member": 6,
    "tag_search": 2,
}


@pytest.fixture
def world(app, make_user, make_org, taxonomy):
    """A signed-up member and a growing set of tagged organisations from both countries."""
    tags = sorted((t for t in taxonomy.values() if t.parent_id is not None), key=lambda t: t.slug)
    member = make_user("member@example.co.uk")
    home = make_org("Home Photonics", "GB", members=[member], capabilities=tags[:4], looking_for=tags[4:6],
                    region="Scotland")
    made = []
    tag_ids = [t.id for t in tags]
    world = {"home_id": home.id, "tag_id": tags[1].id}  # tags[1] is on "Photonics 001", in Kanto

    def grow(n: int) -> None:
        tags = [db.session.get(Tag, i) for i in tag_ids]
        for i in range(n):
            country = "JP" if i % 2 else "GB"
            user = make_user(f"u{len(made)}@example.com")
            made.append(make_org(f"Photonics {len(made):03}", country, members=[user],
                                 capabilities=tags[i % 20: i % 20 + 3], looking_for=tags[i % 7: i % 7 + 2],
                                 region="Kanto" if country == "JP" else "Scotland",
                                 name_ja="フォトニクス" if country == "JP" else ""))

    world["grow"] = grow
    return world


def pages(world) -> dict[str, tuple[str, bool]]:
    """Page name → (URL, signed in as the member?)."""
    home, tag = world["home_id"], world["tag_id"]
    return {
        "home": ("/", False),
        "directory": ("/organisations", False),
        "directory_filtered": (f"/organisations?q=photonics&country=JP&type=sme&tag={tag}&region=Kanto",
                               True),
        "organisation": (f"/organisations/{home}", False),
        "organisation_as_member": (f"/organisations/{home}", True),
        "tag_search": ("/tags/search?q=photon", False),
    }


def measure(app, world, auth, client) -> dict[str, int]:
    counts = {}
    for name, (url, signed_in) in pages(world).items():
        if signed_in:
            auth.login("member@example.co.uk")
        db.session.remove()  # start cold: nothing in the identity map, no user cached in g
        g.pop("_login_user", None)
        with count_statements(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if name == "directory_filtered":
            assert "Photonics 001" in response.get_data(as_text=True)
        counts[name] = len(statements)
        if signed_in:
            auth.logout()
        assert len(statements) <= BOUNDS[name], f"{name}: {len(statements)} statements\n{statements}"
    return counts


@pytest.fixture
def app_config(app_config):
    # Steady state of a web worker: its match index is built and not due to catch up.
    return {**app_config, "MATCH_CATCH_UP_SECONDS": 3600}


def test_main_pages_send_a_bounded_number_of_statements(app, world, auth, client):
    from app.matching.index import build_index

    world["grow"](4)
    build_index()
    small = measure(app, world, auth, client)
    world["grow"](20)
    large = measure(app, world, auth, client)
    assert large == small, "a page's statement count grows with the data (N+1)"
    print("statements per page:", large)
