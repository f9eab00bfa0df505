"""Roundtable seating per round and the delegation's itinerary with travel legs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.events.meeting_models import HostVisit, Seating
from app.events.services.setup import add_venue
from app.extensions import db


def test_roundtable_seating_generated_published_and_shown(client, auth, make_event, make_user, join):
    organiser = make_user("olive@example.com", role="organiser")
    event = make_event(organiser=organiser, kind="roundtable", start=dt.time(14), end=dt.time(15),
                       meeting=30, table_size=4)
    people = [join(event, f"Org {i}", "GB" if i % 2 else "JP")[0] for i in range(8)]
    auth.login("olive@example.com")
    r = client.post(f"/organiser/events/{event.id}/seating/generate")
    assert r.status_code == 302
    seats = db.session.scalars(select(Seating)).all()
    assert len(seats) == 8 * len(event.slots)
    for slot in event.slots:
        tables: dict[int, list] = {}
        for s in seats:
            if s.slot_id == slot.id:
                tables.setdefault(s.table_no, []).append(s.participation.organisation.country)
        assert all(sorted(c) == ["GB", "GB", "JP", "JP"] for c in tables.values())
    assert "Round 2" in client.get(f"/organiser/events/{event.id}/seating").get_data(as_text=True)
    assert client.post(f"/organiser/events/{event.id}/seating/publish").status_code == 302
    auth.logout()
    user = people[0].organisation.memberships[0].user
    auth.login(user.email)
    page = client.get(f"/events/{event.id}/itinerary").get_data(as_text=True)
    assert page.count("Roundtable") >= 2


def test_delegation_itinerary_with_travel_legs(client, auth, make_event, make_user, join):
    organiser = make_user("olive@example.com", role="organiser")
    event = make_event(organiser=organiser, kind="delegation", days=2, start=dt.time(9), end=dt.time(18),
                       meeting=60, role_rules=[("delegate", "host")])
    sendai = add_venue(event, dict(name="Tohoku Lab", city="Sendai", timezone="Asia/Tokyo",
                                   lat=38.25, lon=140.87))
    kawasaki = add_venue(event, dict(name="Kawasaki Fab", city="Kawasaki", timezone="Asia/Tokyo",
                                     lat=35.53, lon=139.70))
    db.session.commit()
    _delegate, delegate_user = join(event, "UK Delegation Co", "GB", role="delegate")
    host1, _ = join(event, "Tohoku Materials", "JP", role="host")
    host2, _ = join(event, "Kawasaki Devices", "JP", role="host")
    auth.login("olive@example.com")
    for host, venue in ((host1, sendai), (host2, kawasaki)):
        r = client.post(f"/organiser/events/{event.id}/visits", data={
            "visit-host_id": str(host.id), "visit-venue_id": str(venue.id), "visit-opens": "10:00",
            "visit-closes": "16:00", "visit-duration_minutes": "90", "visit-priority": "60"})
        assert r.status_code == 302
    r = client.post(f"/organiser/events/{event.id}/visits", data={
        "visit-host_id": str(host1.id), "visit-venue_id": str(sendai.id), "visit-opens": "16:00",
        "visit-closes": "10:00", "visit-duration_minutes": "90", "visit-priority": "60"})
    assert r.status_code == 400 and "closes before it opens" in r.get_data(as_text=True)
    r = client.post(f"/organiser/events/{event.id}/visits/generate")
    assert r.status_code == 302
    visits = db.session.scalars(select(HostVisit)).all()
    assert all(v.starts_at is not None for v in visits)
    assert all(v.travel_minutes and v.travel_minutes > 0 for v in visits)
    assert client.post(f"/organiser/events/{event.id}/visits/publish").status_code == 302
    auth.logout()
    auth.login(delegate_user.email)
    page = client.get(f"/events/{event.id}/itinerary").get_data(as_text=True)
    assert "Visit to Tohoku Materials" in page and "Visit to Kawasaki Devices" in page
    assert "min by" in page


def test_organiser_adjusts_a_planned_visit(client, auth, make_event, make_user, join):
    organiser = make_user("olive@example.com", role="organiser")
    event = make_event(organiser=organiser, kind="delegation", days=2, start=dt.time(9), end=dt.time(18),
                       meeting=60, role_rules=[("delegate", "host")])
    lab = add_venue(event, dict(name="Tohoku Lab", city="Sendai", timezone="Asia/Tokyo",
                                lat=38.25, lon=140.87))
    fab = add_venue(event, dict(name="Kawasaki Fab", city="Kawasaki", timezone="Asia/Tokyo",
                                lat=35.53, lon=139.70))
    host1, _ = join(event, "Tohoku Materials", "JP", role="host")
    host2, _ = join(event, "Kawasaki Devices", "JP", role="host")
    from app.events.services.plans import add_visit

    first = add_visit(event, dict(host_id=host1.id, venue_id=lab.id, opens=dt.time(10),
                                  closes=dt.time(17), duration_minutes=90))
    second = add_visit(event, dict(host_id=host2.id, venue_id=fab.id, opens=dt.time(10),
                                   closes=dt.time(17), duration_minutes=90))
    db.session.commit()
    auth.login("olive@example.com")
    day = event.starts_on.isoformat()
    url = f"/organiser/events/{event.id}/visits/{{}}/adjust"
    assert client.post(url.format(first.id), data={"day": day, "start": "10:00"}).status_code == 302
    r = client.post(url.format(second.id), data={"day": day, "start": "12:00"})
    assert r.status_code == 409 and "Not enough time to travel from Tohoku Lab to Kawasaki Fab" in \
        r.get_data(as_text=True)
    r = client.post(url.format(second.id), data={"day": day, "start": "10:30"})
    assert r.status_code == 409 and "overlaps the visit to Tohoku Materials" in r.get_data(as_text=True)
    r = client.post(url.format(second.id), data={"day": day, "start": "08:00"})
    assert r.status_code == 400 and "from 10:00 to 17:00" in r.get_data(as_text=True)
    assert client.post(url.format(second.id), data={"day": day, "start": "15:20"}).status_code == 302
    db.session.expire_all()
    assert second.from_venue_id == lab.id and second.travel_minutes > 60
    assert second.starts_at.astimezone(dt.timezone(dt.timedelta(hours=9))).hour == 15
