"""No N+1: the main pages send a fixed, small number of SQL statements however much data there is.

Each page is rendered twice, with 4 and with 24 organisations (and members, tags, …); the count
must not grow with the data and must stay under the page's bound.
"""

import pytest
from flask import g
from sqlalchemy import select

from app.extensions import db
from app.matching.services import rebuild_suggestions
from app.organisations.models import Tag
from tests.querycount import count_statements

# Measured counts + 1 (see the report: `pytest tests/test_query_counts.py -s` prints them).
BOUNDS = {
    "home": 2,
    "directory": 5,
    "directory_filtered": 7,
    "organisation": 5,
    "organisation_as_member": 6,
    "tag_search": 2,
    "suggestions": 7,
    "my_itinerary": 8,  # + both sides' tags, for the sensitive-technology marker
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
        "suggestions": ("/matches", True),
    }


def measure(app, world, auth, client) -> dict[str, int]:
    counts = {}
    for name, (url, signed_in) in pages(world).items():
        if signed_in:
            auth.login("member@example.co.uk")
        client.get(url)  # warm up: per-process caches (the matcher's index) catch up once
        db.session.remove()  # then count cold: nothing in the identity map, no user cached in g
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
    world["grow"](4)
    rebuild_suggestions()
    db.session.commit()
    small = measure(app, world, auth, client)
    world["grow"](20)
    rebuild_suggestions()
    db.session.commit()
    large = measure(app, world, auth, client)
    assert large == small, "a page's statement count grows with the data (N+1)"
    print("statements per page:", large)


def test_my_itinerary_sends_the_same_statements_for_two_or_six_meetings(app, world, auth, client):
    """The itinerary loads each meeting's slot, venue and partner with it, not one by one."""
    import datetime as dt

    from app.events.meeting_models import Meeting
    from app.events.models import Participation, Slot
    from app.events.services.setup import add_session, add_venue, save_event
    from app.organisations.models import Organisation

    world["grow"](12)
    member = db.session.get(Organisation, world["home_id"]).memberships[0].user
    first_day = dt.date.today() + dt.timedelta(days=30)
    event = save_event(None, dict(
        kind="trade_show", title="Mission", description="", starts_on=first_day, ends_on=first_day,
        timezone="Asia/Tokyo", registration_opens=dt.date.today(), places=None,
        registration_closes=dt.date.today() + dt.timedelta(days=9), request_expiry_hours=72,
        target_meetings=6, cross_border_only=True, table_size=4, listed=True, role_rules=[]), member)
    venue = add_venue(event, dict(name="Big Sight", address="", city="Tokyo", timezone="Asia/Tokyo",
                                  lat=None, lon=None))
    add_session(event, dict(venue_id=venue.id, day=first_day, start_time=dt.time(9),
                            end_time=dt.time(13), meeting_minutes=30, break_minutes=0, tables=4))
    jp_ids = db.session.scalars(select(Organisation.id).where(Organisation.country == "JP")).all()
    mine = Participation(event_id=event.id, organisation_id=world["home_id"], role="delegate",
                         status="admitted")
    partners = [Participation(event_id=event.id, organisation_id=i, role="host", status="admitted")
                for i in jp_ids]
    db.session.add_all([mine, *partners])
    db.session.flush()
    slots = db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)).all()
    event.schedule_published_at = dt.datetime.now(dt.UTC)
    db.session.commit()
    url = f"/events/{event.id}/itinerary"
    event_id, email, mine_id = event.id, member.email, mine.id
    partner_ids, slot_ids = [p.id for p in partners], [s.id for s in slots]

    def count_with(n: int) -> int:
        for i in range(len(db.session.scalars(select(Meeting)).all()), n):
            a, b = sorted((mine_id, partner_ids[i]))
            db.session.add(Meeting(event_id=event_id, a_id=a, b_id=b, source="organiser",
                                   slot_id=slot_ids[i], table_no=1))
        db.session.commit()
        auth.login(email)
        client.get(url)
        db.session.remove()
        g.pop("_login_user", None)
        with count_statements(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200 and response.get_data(as_text=True).count("Photonics 0") >= n
        auth.logout()
        return len(statements)

    two, six = count_with(2), count_with(6)
    assert six == two <= BOUNDS["my_itinerary"], f"{two} then {six} statements"
    print("my itinerary:", six, "statements")


def test_the_api_organisation_list_sends_the_same_statements_for_few_or_many(app, world, client):
    """Contact visibility is decided for the whole page at once, not per organisation."""
    from app.accounts.models import User
    from app.tokens.services import create_token

    member = db.session.scalar(select(User).where(User.email == "member@example.co.uk"))
    _token, secret = create_token(member, "counts", "read")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    counts = []
    for n in (4, 20):
        world["grow"](n)
        client.get("/api/v1/organisations", headers=headers)
        db.session.remove()
        g.pop("_login_user", None)
        with count_statements(db.engine) as statements:
            response = client.get("/api/v1/organisations?per_page=50", headers=headers)
        assert response.status_code == 200
        assert len(response.get_json()["items"]) == n + (4 if n == 20 else 0) + 1
        counts.append(len(statements))
    print("api organisation list:", counts[1], "statements")
    assert counts[0] == counts[1] <= 6, counts
