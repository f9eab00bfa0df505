"""Every item on the issue's bad-input list is refused with a clear message; nothing agreed is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.events.meeting_models import Meeting, MeetingRequest
from app.events.models import EventSession
from app.extensions import db


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organiser_event(make_event, make_user, auth):
    organiser = make_user("olive@example.com", role="organiser")
    event = make_event(organiser=organiser, start=dt.time(10), end=dt.time(12))
    auth.login("olive@example.com")
    return event


def _session(event, **overrides):
    data = {"session-venue_id": str(event.venues[0].id), "session-day": event.starts_on.isoformat(),
            "session-start_time": "14:00", "session-end_time": "16:00",
            "session-meeting_minutes": "30", "session-break_minutes": "0", "session-tables": "2"}
    data.update({f"session-{k}": v for k, v in overrides.items()})
    return data


@pytest.mark.parametrize("overrides, message", [
    ({"start_time": "11:00", "end_time": "13:00"}, "overlaps another session"),
    ({"meeting_minutes": "180"}, "A meeting is longer than the session"),
    ({"start_time": "16:00", "end_time": "14:00"}, "cannot end before it starts"),
])
def test_session_refused(client, organiser_event, overrides, message):
    event = organiser_event
    slots_before = len(event.slots)
    r = client.post(f"/organiser/events/{event.id}/sessions", data=_session(event, **overrides))
    assert r.status_code == 400
    assert message in r.get_data(as_text=True)
    assert _count(EventSession) == 1
    db.session.expire_all()
    assert len(event.slots) == slots_before


def test_event_ending_before_it_starts_is_refused(client, make_user, auth):
    make_user("olive@example.com", role="organiser")
    auth.login("olive@example.com")
    r = client.post("/events/new", data={
        "kind": "roundtable", "title": "Backwards", "starts_on": "2030-05-10", "ends_on": "2030-05-01",
        "timezone": "Europe/London", "registration_opens": "2030-01-01",
        "registration_closes": "2030-04-01", "request_expiry_hours": "48", "target_meetings": "3",
        "table_size": "8"})
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    assert "The last day comes before the first." in page
    assert 'value="Backwards"' in page  # what was typed is kept


def test_venue_without_time_zone_is_refused(client, organiser_event):
    event = organiser_event
    for zone in ("", "Mars/Olympus_Mons"):
        r = client.post(f"/organiser/events/{event.id}/venues", data={
            "venue-name": "Nowhere Hall", "venue-city": "Nowhere", "venue-timezone": zone})
        assert r.status_code == 400
        assert "time zone" in r.get_data(as_text=True)
    assert len(event.venues) == 1


def test_application_after_the_window_closes(client, make_event, make_user, make_org, auth):
    today = dt.date.today()
    event = make_event(registration_opens=today - dt.timedelta(days=10),
                       registration_closes=today - dt.timedelta(days=2))
    user = make_user("late@example.com")
    make_org("Late Ltd", "GB", members=[user])
    auth.login("late@example.com")
    r = client.post(f"/events/{event.id}/apply", data={"role": "delegate"})
    assert r.status_code == 400
    assert "Registration for this event is closed." in r.get_data(as_text=True)
    assert not event.participations


def test_request_to_oneself_or_a_non_participant(client, make_event, join, make_org, auth):
    event = make_event()
    me, user = join(event, "Alpha", "GB")
    outsider = make_org("Outsider KK", "JP")
    auth.login(user.email)
    r = client.post(f"/events/{event.id}/requests", data={"to_id": str(me.id), "slot_id": "0"})
    assert r.status_code == 400
    assert "You cannot send a meeting request to yourself." in r.get_data(as_text=True)
    r = client.post(f"/events/{event.id}/requests", data={"to_id": str(outsider.id + 999), "slot_id": "0"})
    assert r.status_code == 400
    assert "admitted participants of this event" in r.get_data(as_text=True)
    assert _count(MeetingRequest) == 0


def test_same_country_request_refused_by_the_default_rule(client, make_event, join, auth):
    event = make_event()
    _me, user = join(event, "Alpha", "GB")
    other, _ = join(event, "Beta", "GB")
    auth.login(user.email)
    r = client.post(f"/events/{event.id}/requests", data={"to_id": str(other.id), "slot_id": "0"})
    assert r.status_code == 400
    assert "UK organisations with Japanese ones only" in r.get_data(as_text=True)


def test_accepting_an_expired_or_withdrawn_request(client, make_event, join, auth):
    from app.events.services.requests import send_request, withdraw_request

    event = make_event()
    gb, gb_user = join(event, "Alpha", "GB")
    jp, jp_user = join(event, "Beta", "JP")
    jp2, _ = join(event, "Gamma", "JP")
    expired = send_request(event, gb, jp.id)
    expired.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    withdrawn = send_request(event, gb, jp2.id)
    withdraw_request(withdrawn, gb)
    db.session.commit()
    auth.login(jp_user.email)
    r = client.post(f"/events/{event.id}/requests/{expired.id}/accept")
    assert r.status_code == 409
    assert "This request has expired" in r.get_data(as_text=True)
    db.session.expire_all()
    assert expired.status == "expired"
    assert _count(Meeting) == 0
    auth.logout()
    auth.login(db.session.get(type(jp2), jp2.id).organisation.memberships[0].user.email)
    r = client.post(f"/events/{event.id}/requests/{withdrawn.id}/accept")
    assert r.status_code == 409
    assert "withdrawn" in r.get_data(as_text=True)
    assert _count(Meeting) == 0


def test_published_grid_needs_an_explicit_reschedule(client, organiser_event, join):
    from app.events.services.placement import create_meeting, place_meeting
    from app.events.services.schedule import publish_schedule

    event = organiser_event
    gb, _ = join(event, "Alpha", "GB")
    jp, _ = join(event, "Beta", "JP")
    meeting = create_meeting(event, gb, jp, "request")
    place_meeting(meeting, event.slots[0])
    publish_schedule(event)
    db.session.commit()
    session_id = event.sessions[0].id
    r = client.post(f"/organiser/events/{event.id}/sessions", data=_session(event))
    assert r.status_code == 409
    assert "needs an explicit re-schedule" in r.get_data(as_text=True)
    r = client.post(f"/organiser/events/{event.id}/sessions/{session_id}/delete")
    assert r.status_code == 409
    db.session.expire_all()
    assert meeting.slot_id is not None and len(event.slots) == 4
    # with the explicit re-schedule the grid changes; the agreed meeting stays, unplaced
    r = client.post(f"/organiser/events/{event.id}/sessions/{session_id}/delete",
                    data={"reschedule": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    assert event.slots == [] and event.schedule_published_at is None
    assert meeting.slot_id is None and meeting.unplaced_reason
    assert _count(Meeting) == 1
