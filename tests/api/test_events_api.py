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


def test_the_sender_withdraws_a_waiting_request(setting):
    event, alpha, beta, c = setting
    req = send_request(event, alpha, beta.id)
    db.session.commit()
    url = f"/api/v1/events/{event.id}/requests/{req.id}/withdraw"
    _error(c["beta"].post(url), 403)  # only the sender
    withdrawn = c["alpha"].post(url)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    _error(c["alpha"].post(url), 409)  # no longer waiting
    _error(c["beta"].post(f"/api/v1/events/{event.id}/requests/{req.id}/accept"), 409)


def test_availability_is_read_and_replaced_by_token(setting):
    event, alpha, beta, c = setting
    url = f"/api/v1/events/{event.id}/availability"
    slots = c["alpha"].get(url).get_json()["slots"]
    assert len(slots) == len(event.slots) and all(s["available"] for s in slots)
    first, second = slots[0]["slot_id"], slots[1]["slot_id"]
    saved = c["alpha"].put(url, json={"unavailable_slot_ids": [first]})
    assert saved.status_code == 200
    assert [s["slot_id"] for s in saved.get_json()["slots"] if not s["available"]] == [first]
    assert [u.slot_id for u in db.session.get(type(alpha), alpha.id).unavailable] == [first]
    assert "not part of this event" in _error(c["alpha"].put(url, json={"unavailable_slot_ids": [99999]}),
                                              400)["message"]
    place_meeting(create_meeting(event, alpha, beta, "request"), db.session.get(type(event.slots[0]), second))
    db.session.commit()
    _error(c["alpha"].put(url, json={"unavailable_slot_ids": [second]}), 409)  # a meeting is there
    _error(c["beta_read"].put(url, json={"unavailable_slot_ids": []}), 403)  # read-only token
    _error(c["organiser"].get(url), 403)  # not a participant
    assert [s["available"] for s in c["alpha"].get(url).get_json()["slots"]][:2] == [False, True]


def test_each_side_records_a_meetings_outcome_once_it_has_happened(setting):
    event, alpha, beta, c = setting
    slot = event.slots[0]
    meeting = create_meeting(event, alpha, beta, "request")
    place_meeting(meeting, slot)
    publish_schedule(event)
    db.session.commit()
    url = f"/api/v1/events/{event.id}/meetings/{meeting.id}/outcome"
    assert "taken place" in _error(c["alpha"].put(url, json={"took_place": True, "outcome": "mou"}),
                                   400)["message"]
    length = slot.ends_at - slot.starts_at
    slot.starts_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    slot.ends_at = slot.starts_at + length
    db.session.commit()
    assert "outcome" in _error(c["alpha"].put(url, json={"took_place": True}), 400)["fields"]
    assert "outcome" in _error(c["alpha"].put(url, json={"took_place": True, "outcome": "x"}), 422)["fields"]
    recorded = c["alpha"].put(url, json={"took_place": True, "outcome": "mou"})
    assert recorded.status_code == 200
    assert recorded.get_json()["outcome"] == "mou" and recorded.get_json()["took_place"] is True
    no_show = c["beta"].put(url, json={"took_place": False, "outcome": "mou"}).get_json()
    assert no_show["took_place"] is False and no_show["outcome"] is None
    _error(c["organiser"].put(url, json={"took_place": True, "outcome": "mou"}), 403)
    assert {(o.participation_id, o.outcome) for o in db.session.get(Meeting, meeting.id).outcomes} == {
        (alpha.id, "mou"), (beta.id, None)}


def test_withdrawing_from_the_event_by_token(setting, join):  # noqa: F811
    event, alpha, beta, c = setting
    req = send_request(event, beta, alpha.id)
    db.session.commit()
    url = f"/api/v1/events/{event.id}/withdraw"
    left = c["alpha"].post(url)
    assert left.status_code == 200 and left.get_json()["status"] == "withdrawn"
    assert db.session.get(MeetingRequest, req.id).status == "withdrawn"
    _error(c["alpha"].post(url), 403)  # already gone
    gamma, _user = join(event, "Gamma", "GB")
    create_meeting(event, beta, gamma, "request")  # an agreed meeting keeps Beta in
    db.session.commit()
    assert "agreed" in _error(c["beta"].post(url), 409)["message"]
