"""The whole journey through the pages: create, apply, admit, request, accept, generate,
publish, itinerary, ICS, outcome."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from sqlalchemy import select

from app.events.meeting_models import Meeting
from app.events.models import Event, Participation
from app.extensions import db


def pass_days(event, days: int) -> None:
    """Move the event's slots into the past, as if the days had gone by."""
    for slot in event.slots:
        slot.starts_at -= dt.timedelta(days=days)
        slot.ends_at -= dt.timedelta(days=days)
    db.session.commit()


def test_organiser_to_outcome(client, auth, make_user, make_org, outbox):
    organiser = make_user("olive@example.com", role="organiser")
    gb_user = make_user("gb@example.com", timezone="Europe/London")
    jp_user = make_user("jp@example.com", timezone="Asia/Tokyo")
    make_org("Bristol Photonics", "GB", members=[gb_user], contact_email="hello@bristol.example",
             contact_name="Beth")
    make_org("Sendai Materials", "JP", members=[jp_user], contact_email="info@sendai.example",
             contact_name="Sato")
    day = dt.date.today() + dt.timedelta(days=40)

    r = client.post("/login", data={"email": "olive@example.com", "password": "correct horse battery"})
    assert r.status_code == 302  # the real sign-in form once; later sign-ins are quick
    r = client.post("/events/new", data={
        "kind": "trade_show", "title": "SEMICON Japan mission", "description": "Meet fabs.",
        "starts_on": day.isoformat(), "ends_on": day.isoformat(), "timezone": "Asia/Tokyo",
        "registration_opens": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "registration_closes": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
        "places": "10", "request_expiry_hours": "48", "target_meetings": "3", "table_size": "8",
        "cross_border_only": "y", "listed": "y"})
    assert r.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.organiser_id == organiser.id
    r = client.post(f"/organiser/events/{event.id}/venues", data={
        "venue-name": "Tokyo Big Sight", "venue-city": "Tokyo", "venue-timezone": "Asia/Tokyo",
        "venue-address": "3-11-1 Ariake", "venue-lat": "35.63", "venue-lon": "139.79"})
    assert r.status_code == 302
    venue_id = event.venues[0].id
    r = client.post(f"/organiser/events/{event.id}/sessions", data={
        "session-venue_id": str(venue_id), "session-day": day.isoformat(),
        "session-start_time": "10:00", "session-end_time": "12:00",
        "session-meeting_minutes": "30", "session-break_minutes": "0", "session-tables": "3"})
    assert r.status_code == 302
    assert len(event.slots) == 4
    auth.logout()

    for email in ("gb@example.com", "jp@example.com"):
        auth.login(email)
        assert "SEMICON Japan mission" in client.get("/events").get_data(as_text=True)
        r = client.post(f"/events/{event.id}/apply", data={"role": "delegate", "note": "Keen"})
        assert r.status_code == 302
        auth.logout()

    auth.login("olive@example.com")
    page = client.get(f"/organiser/events/{event.id}/participants?status=applied").get_data(as_text=True)
    assert "Bristol Photonics" in page and "Sendai Materials" in page
    for p in db.session.scalars(select(Participation)):
        r = client.post(f"/organiser/events/{event.id}/participants/{p.id}/decide",
                        data={"decision": "admitted"})
        assert r.status_code == 302
    auth.logout()
    assert any("admitted" in m.body for m in outbox)

    gb, jp = (db.session.scalar(select(Participation).join(Participation.organisation)
                                .where(Participation.organisation.has(name=n)))
              for n in ("Bristol Photonics", "Sendai Materials"))
    auth.login("gb@example.com")
    assert "Sendai Materials" in client.get(f"/events/{event.id}/partners").get_data(as_text=True)
    r = client.post(f"/events/{event.id}/requests", data={"to_id": str(jp.id), "slot_id": "0",
                                                          "note": "Let us talk GaN."})
    assert r.status_code == 302
    assert "info@sendai.example" not in client.get(f"/events/{event.id}/requests").get_data(as_text=True)
    auth.logout()

    auth.login("jp@example.com")
    page = client.get(f"/events/{event.id}/requests").get_data(as_text=True)
    assert "Let us talk GaN." in page
    req_id = db.session.scalar(select(Meeting.id))  # none yet
    assert req_id is None
    from app.events.meeting_models import MeetingRequest

    req = db.session.scalar(select(MeetingRequest))
    r = client.post(f"/events/{event.id}/requests/{req.id}/accept")
    assert r.status_code == 302
    assert "hello@bristol.example" in client.get(f"/events/{event.id}/requests").get_data(as_text=True)
    auth.logout()

    auth.login("olive@example.com")
    r = client.post(f"/organiser/events/{event.id}/schedule/generate", data={})
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "1 meetings placed" in page or "Schedule generated" in page
    meeting = db.session.scalar(select(Meeting))
    assert meeting.slot_id is not None and meeting.table_no == 1
    r = client.post(f"/organiser/events/{event.id}/schedule/publish")
    assert r.status_code == 302
    auth.logout()
    assert any("schedule" in (m.subject or "").lower() for m in outbox)

    auth.login("gb@example.com")
    page = client.get(f"/events/{event.id}/itinerary").get_data(as_text=True)
    assert "Meeting with Sendai Materials" in page
    assert "Your time (Europe/London)" in page  # the event's zone and the user's, side by side
    assert "info@sendai.example" in page
    ics = client.get(f"/events/{event.id}/itinerary.ics")
    assert ics.mimetype == "text/calendar"
    vevents = [c for c in Calendar.from_ical(ics.data).walk("VEVENT")]
    assert len(vevents) == 1 and "Sendai Materials" in str(vevents[0]["SUMMARY"])
    assert vevents[0].decoded("DTSTART").tzinfo is not None

    # the meeting day passes
    pass_days(event, 60)
    r = client.post(f"/events/{event.id}/meetings/{meeting.id}/outcome",
                    data={"took_place": "yes", "outcome": "nda"})
    assert r.status_code == 302
    auth.logout()

    auth.login("olive@example.com")
    page = client.get(f"/organiser/events/{event.id}/outcomes").get_data(as_text=True)
    assert "NDA" in page
    whole = Calendar.from_ical(client.get(f"/events/{event.id}/itinerary.ics").data)
    assert "Bristol Photonics" in str(list(whole.walk("VEVENT"))[0]["SUMMARY"])
