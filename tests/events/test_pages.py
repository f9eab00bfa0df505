"""Every events and organiser page renders, in English and Japanese, with data on it."""

from __future__ import annotations

import datetime as dt

import pytest

from app.events.services.placement import create_meeting, place_meeting
from app.events.services.requests import send_request
from app.events.services.schedule import publish_schedule
from app.extensions import db


@pytest.fixture
def busy_event(make_event, make_user, join):
    organiser = make_user("olive@example.com", role="organiser")
    event = make_event(organiser=organiser, start=dt.time(9), end=dt.time(11))
    gb, gb_user = join(event, "Alpha", "GB")
    jp, _ = join(event, "Beta", "JP")
    jp2, _ = join(event, "Gamma", "JP")
    join(event, "Delta", "GB", status="applied")
    send_request(event, gb, jp2.id, "Hello", slot_id=event.slots[1].id)
    place_meeting(create_meeting(event, gb, jp, "request"), event.slots[0])
    create_meeting(event, gb, jp2, "organiser")
    publish_schedule(event)
    db.session.commit()
    return event, gb_user


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_pages_render(client, auth, busy_event, locale):
    event, gb_user = busy_event
    from app.accounts.models import User

    for user in db.session.query(User):
        user.locale = locale
    db.session.commit()
    auth.login("olive@example.com")
    for path in ("/organiser/", "", "/edit", "/participants", "/participants?status=admitted&country=JP",
                 "/schedule", "/seating", "/visits", "/outcomes"):
        url = path if path.startswith("/organiser") else f"/organiser/events/{event.id}{path}"
        r = client.get(url)
        assert r.status_code == 200, url
    assert client.get("/events/new").status_code == 200
    assert client.get(f"/events/{event.id}/itinerary").status_code == 200
    auth.logout()
    auth.login(gb_user.email)
    for path in ("/events", f"/events/{event.id}", f"/events/{event.id}/partners",
                 f"/events/{event.id}/requests", f"/events/{event.id}/itinerary"):
        r = client.get(path)
        assert r.status_code == 200, path
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert 'name="slot"' in page  # admitted participants mark the times they cannot make


def test_availability_keeps_booked_times_and_withdrawal_cancels_open_items(client, auth, busy_event):
    from sqlalchemy import select

    from app.events.meeting_models import Meeting, MeetingRequest

    event, gb_user = busy_event
    booked, free = event.slots[0].id, event.slots[2].id
    auth.login(gb_user.email)
    r = client.post(f"/events/{event.id}/availability", data={"slot": [str(booked)]})
    assert r.status_code == 409
    assert "already have a meeting at one of those times" in r.get_data(as_text=True)
    r = client.post(f"/events/{event.id}/availability", data={"slot": [str(free)]})
    assert r.status_code == 302
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'value="{free}" id="slot-{free}" checked' in page
    assert client.post(f"/events/{event.id}/withdraw").status_code == 302
    assert db.session.scalar(select(MeetingRequest.status)) == "withdrawn"
    assert db.session.scalar(select(Meeting.id)) is None
