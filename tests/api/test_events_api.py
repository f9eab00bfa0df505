"""/api/v1/events: events, participations, meeting requests, meetings and the itinerary by token."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from app.events.meeting_models import Meeting, MeetingRequest
from app.events.services.placement import create_meeting, place_meeting
from app.events.services.requests import send_request
from app.events.services.schedule import publish_schedule
from app.extensions import db
from app.tokens.services import create_token
from tests.events.conftest import join, make_event  # noqa: F401 (fixtures)

from .conftest import ApiClient


@pytest.fixture
def setting(client, make_event, join):  # noqa: F811
    """An event in Tokyo with Alpha (GB) and Beta (JP) admitted; API clients for both members."""
    event = make_event(tz="Asia/Tokyo")
    alpha, alpha_user = join(event, "Alpha", "GB")
    beta, beta_user = join(event, "Beta", "JP")
    clients = {}
    for name, user, scope in (("alpha", alpha_user, "read-write"), ("beta", beta_user, "read-write"),
                              ("beta_read", beta_user, "read"),
                              ("organiser", event.organiser, "read-write")):
        clients[name] = ApiClient(client, create_token(user, name, scope)[1])
    db.session.commit()
    return event, alpha, beta, clients


def _error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()["error"]
    assert set(body) == {"code", "message", "fields"}
    return body


def test_events_list_and_one_event(setting, make_event):  # noqa: F811
    event, _a, _b, c = setting
    hidden = make_event(listed=False)
    body = c["alpha"].get("/api/v1/events?per_page=1").get_json()
    assert [e["title"] for e in body["items"]] == [event.title]
    assert body["pagination"]["total"] == 1 and body["links"]["next"] is None
    one = c["alpha"].get(f"/api/v1/events/{event.id}").get_json()
    assert one["timezone"] == "Asia/Tokyo" and one["registration_open"] is True
    assert one["registration_closes_at"].endswith("+00:00")
    assert hidden.id not in [e["id"] for e in c["organiser"].get("/api/v1/events").get_json()["items"]]
    _error(c["alpha"].get("/api/v1/events/999999"), 404)
    _error(ApiClient(c["alpha"].client, None).get("/api/v1/events"), 401)


def test_participations_mine_or_all_for_the_organiser(setting):
    event, alpha, _b, c = setting
    mine = c["alpha"].get(f"/api/v1/events/{event.id}/participations").get_json()["items"]
    assert [p["id"] for p in mine] == [alpha.id]
    everyone = c["organiser"].get(f"/api/v1/events/{event.id}/participations").get_json()
    assert {p["organisation"]["name"] for p in everyone["items"]} == {"Alpha", "Beta"}


def test_apply_by_token(setting, make_user, make_org, client):
    event, _a, _b, c = setting
    user = make_user()
    make_org("Gamma", country="GB", members=[user])
    write = ApiClient(client, create_token(user, "w", "read-write")[1])
    read = ApiClient(client, create_token(user, "r", "read")[1])
    db.session.commit()
    url = f"/api/v1/events/{event.id}/participations"
    _error(read.post(url, json={"role": "delegate"}), 403)
    assert _error(write.post(url, json={"role": "wizard"}), 422)["fields"]
    made = write.post(url, json={"role": "delegate", "note": "Hello"})
    assert made.status_code == 201 and made.get_json()["status"] == "applied"
    _error(write.post(url, json={"role": "delegate"}), 409)


def test_request_accept_and_the_meeting_with_contacts(setting):
    event, alpha, beta, c = setting
    base = f"/api/v1/events/{event.id}"
    sent = c["alpha"].post(f"{base}/requests", json={"to_participation_id": beta.id, "note": "Meet?",
                                                       "slot_id": event.slots[0].id})
    assert sent.status_code == 201, sent.get_json()
    req = sent.get_json()
    assert req["direction"] == "sent" and req["to"]["organisation"]["name"] == "Beta"
    assert req["proposed_time"]["starts_at"].endswith("+00:00")
    _error(c["alpha"].post(f"{base}/requests", json={"to_participation_id": beta.id}), 409)
    received = c["beta"].get(f"{base}/requests").get_json()["items"]
    assert [(r["id"], r["direction"]) for r in received] == [(req["id"], "received")]
    assert c["beta"].get(f"{base}/meetings").get_json()["items"] == []
    _error(c["beta_read"].post(f"{base}/requests/{req['id']}/accept"), 403)
    _error(c["alpha"].post(f"{base}/requests/{req['id']}/accept"), 403)  # only the one asked
    accepted = c["beta"].post(f"{base}/requests/{req['id']}/accept")
    assert accepted.status_code == 200
    meeting = accepted.get_json()
    assert {p["organisation"]["name"]: p["contact"]["email"] for p in meeting["parties"]} == {
        "Alpha": "alpha@example.com", "Beta": "beta@example.com"}
    assert meeting["time"] is None  # the schedule is not published yet
    _error(c["beta"].post(f"{base}/requests/{req['id']}/decline"), 409)  # already answered
    mine = c["alpha"].get(f"{base}/meetings").get_json()["items"]
    assert [m["id"] for m in mine] == [meeting["id"]]


def test_decline_and_expiry(setting):
    event, alpha, beta, c = setting
    base = f"/api/v1/events/{event.id}"
    req = send_request(event, alpha, beta.id)
    db.session.commit()
    declined = c["beta"].post(f"{base}/requests/{req.id}/decline")
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    late = send_request(event, alpha, beta.id)
    late.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    assert "expired" in _error(c["beta"].post(f"{base}/requests/{late.id}/accept"), 409)["message"]
    assert db.session.get(MeetingRequest, late.id).status == "expired"
    assert db.session.query(Meeting).count() == 0


def test_bad_requests_and_other_events(setting, make_event, join):  # noqa: F811
    event, alpha, beta, c = setting
    other = make_event()
    stranger, _u = join(other, "Delta", "JP")
    base = f"/api/v1/events/{event.id}"
    _error(c["alpha"].post(f"{base}/requests", json={"to_participation_id": stranger.id}), 400)
    _error(c["alpha"].post(f"{base}/requests", json={"to_participation_id": alpha.id}), 400)
    assert "to_participation_id" in _error(c["alpha"].post(f"{base}/requests", json={}), 422)["fields"]
    _error(c["alpha"].post(f"{base}/requests", json={"to_participation_id": beta.id, "x": 1}), 422)
    req = send_request(other, stranger, join(other, "Echo", "GB")[0].id)
    db.session.commit()
    _error(c["beta"].post(f"{base}/requests/{req.id}/accept"), 404)  # another event's request
    for path in ("requests", "meetings", "itinerary", "itinerary.ics"):
        _error(c["alpha"].get(f"/api/v1/events/{other.id}/{path}"), 403)  # not a participant there


def test_itinerary_json_and_ics(setting):
    event, alpha, beta, c = setting
    place_meeting(create_meeting(event, alpha, beta, "request"), event.slots[0])
    publish_schedule(event)
    db.session.commit()
    body = c["alpha"].get(f"/api/v1/events/{event.id}/itinerary").get_json()
    assert body["timezone"] == "Asia/Tokyo"
    (day,) = body["days"]
    (entry,) = day["entries"]
    assert entry["starts_at"].endswith("+00:00") and entry["local_starts_at"].endswith("+09:00")
    assert entry["local_starts_at"].startswith(f"{day['date']}T10:00")
    assert entry["partners"][0]["name"] == "Beta"
    meetings = c["alpha"].get(f"/api/v1/events/{event.id}/meetings").get_json()["items"]
    assert meetings[0]["time"]["starts_at"] == entry["starts_at"] and meetings[0]["table_no"] == 1
    response = c["alpha"].get(f"/api/v1/events/{event.id}/itinerary.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    (vevent,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert vevent.decoded("DTSTART").utcoffset() == dt.timedelta(hours=9)
    organiser = c["organiser"].get(f"/api/v1/events/{event.id}/itinerary").get_json()
    assert organiser["days"][0]["entries"][0]["title"] == "Alpha ↔ Beta"
