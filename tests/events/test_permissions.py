"""Who may see what: participants, other organisers, anonymous visitors."""

from __future__ import annotations

import pytest


@pytest.fixture
def two_events(make_event, make_user, join):
    mine = make_user("olive@example.com", role="organiser")
    other = make_user("otto@example.com", role="organiser")
    first = make_event(organiser=mine)
    second = make_event(organiser=other)
    gb, gb_user = join(first, "Alpha", "GB")
    join(second, "Beta", "JP")
    return first, second, gb_user


@pytest.mark.parametrize("path", [
    "/organiser/events/{id}", "/organiser/events/{id}/edit", "/organiser/events/{id}/participants",
    "/organiser/events/{id}/schedule", "/organiser/events/{id}/seating", "/organiser/events/{id}/visits",
    "/organiser/events/{id}/outcomes", "/organiser/events/{id}/export/participants.csv",
])
def test_another_organisers_event_admin_is_forbidden(client, auth, two_events, path):
    _first, second, _ = two_events
    auth.login("olive@example.com")
    assert client.get(path.format(id=second.id)).status_code == 403
    assert client.post(f"/organiser/events/{second.id}/schedule/publish").status_code == 403


def test_participant_cannot_enter_the_organiser_area_or_another_events_schedule(client, auth, two_events):
    first, second, gb_user = two_events
    auth.login(gb_user.email)
    assert client.get("/organiser/").status_code == 403
    assert client.get(f"/organiser/events/{first.id}/schedule").status_code == 403
    assert client.get(f"/events/{second.id}/itinerary").status_code == 403
    assert client.get(f"/events/{second.id}/itinerary.ics").status_code == 403
    assert client.get(f"/events/{second.id}/requests").status_code == 403
    assert client.get(f"/events/{first.id}/itinerary").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, two_events):
    first, _second, _ = two_events
    for path in ("/organiser/", f"/events/{first.id}/itinerary", "/events/new"):
        r = client.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert client.get("/events").status_code == 200
    assert client.get(f"/events/{first.id}").status_code == 200


def test_participant_cannot_create_events(client, auth, two_events):
    _first, _second, gb_user = two_events
    auth.login(gb_user.email)
    assert client.get("/events/new").status_code == 403


def test_organisers_see_only_their_events_admins_all(client, auth, two_events, make_user):
    first, second, _ = two_events
    auth.login("olive@example.com")
    page = client.get("/organiser/").get_data(as_text=True)
    assert f"/organiser/events/{first.id}\"" in page and f"/organiser/events/{second.id}\"" not in page
    auth.logout()
    make_user("root@example.com", role="admin")
    auth.login("root@example.com")
    page = client.get("/organiser/").get_data(as_text=True)
    assert f"/organiser/events/{second.id}\"" in page
    assert client.get(f"/organiser/events/{second.id}/schedule").status_code == 200


def test_nav_shows_events_and_organiser_entries(client, auth, two_events):
    auth.login("olive@example.com")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/events"' in page and 'href="/organiser/"' in page
