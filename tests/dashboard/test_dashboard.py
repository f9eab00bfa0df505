"""The organiser's dashboard of an event: every chart as a page section, SVG and CSV."""

import csv
import io

import pytest
from sqlalchemy import select

from app.events.meeting_models import MeetingRequest
from app.events.models import Slot
from app.events.services.placement import create_meeting, place_meeting
from app.extensions import db

CHARTS = ("applications", "requests", "meetings", "coverage", "tables", "outcomes")


@pytest.fixture
def event(make_event, join, make_user, taxonomy):
    organiser = make_user("boss@example.com", role="organiser")
    event = make_event(organiser=organiser, target_meetings=2)
    photonics = taxonomy["photonics"]
    gb1, _ = join(event, "Clyde Photonics", "GB", org_type="sme", capabilities=[photonics])
    gb2, _ = join(event, "Severn Chips", "GB", org_type="startup")
    jp1, _ = join(event, "Kansai Optics", "JP", org_type="corporate", capabilities=[photonics])
    join(event, "Osaka Waiting", "JP", org_type="sme", status="applied")
    slot = db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)).first()
    meeting = create_meeting(event, gb1, jp1, "organiser")
    place_meeting(meeting, slot)
    create_meeting(event, gb2, jp1, "organiser")
    db.session.add(MeetingRequest(event_id=event.id, sender=gb1, recipient=jp1, status="declined",
                                  expires_at=slot.starts_at))
    db.session.commit()
    return event


def test_only_the_events_organiser_sees_it(client, auth, make_user, event):
    url = f"/organiser/events/{event.id}/dashboard"
    assert client.get(url).status_code == 302
    make_user("other@example.com", role="organiser")
    auth.login("other@example.com")
    assert client.get(url).status_code == 403
    assert client.get(url + "/requests.csv").status_code == 403
    auth.logout()
    make_user("admin@example.com", role="admin")
    auth.login("admin@example.com")
    assert client.get(url).status_code == 200


def test_the_dashboard_shows_each_chart_with_its_numbers(client, auth, event):
    auth.login("boss@example.com")
    page = client.get(f"/organiser/events/{event.id}/dashboard").get_data(as_text=True)
    for name in CHARTS:
        assert f"dashboard/{name}.csv" in page
    assert "Applications and admissions" in page and "Fields covered, UK and Japan" in page
    # below the target of two meetings: everyone but Kansai Optics (two meetings)
    below = page.split("Below the target")[1]
    assert "Clyde Photonics" in below and "Severn Chips" in below and "Kansai Optics" not in below


def _csv(client, event, name):
    response = client.get(f"/organiser/events/{event.id}/dashboard/{name}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_numbers(client, auth, event):
    auth.login("boss@example.com")
    applications = {row[0]: row[1:] for row in _csv(client, event, "applications")}
    # columns: UK applied, UK admitted, Japan applied, Japan admitted
    assert applications["SME"] == ["1", "1", "1", "0"]
    assert applications["Corporate"] == ["0", "0", "1", "1"]
    requests = dict(_csv(client, event, "requests")[1:])
    assert requests["Sent"] == "1" and requests["Declined"] == "1" and requests["Accepted"] == "0"
    histogram = dict(_csv(client, event, "meetings")[1:])
    assert histogram == {"0": "0", "1": "2", "2": "1"}
    coverage = _csv(client, event, "coverage")
    assert coverage[0] == ["Field", "United Kingdom", "Japan"]
    assert coverage[1][1:] == ["1", "1"]
    tables = _csv(client, event, "tables")
    assert tables[1][1] == "50"  # one of two tables in use in the first slot
    assert all(row[1] == "0" for row in tables[2:])


def test_each_chart_is_an_svg_image(client, auth, event):
    auth.login("boss@example.com")
    for name in CHARTS:
        response = client.get(f"/organiser/events/{event.id}/dashboard/{name}.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.data.startswith(b"<?xml") and b"<svg" in response.data
    assert client.get(f"/organiser/events/{event.id}/dashboard/nothing.svg").status_code == 404
    assert client.get(f"/organiser/events/{event.id}/dashboard/requests.png").status_code == 404


def test_in_japanese(client, auth, event):
    auth.login("boss@example.com")
    client.post("/language", data={"lang": "ja", "next": "/"})
    page = client.get(f"/organiser/events/{event.id}/dashboard").get_data(as_text=True)
    assert "参加申込と参加承認" in page
    svg = client.get(f"/organiser/events/{event.id}/dashboard/coverage.svg").get_data(as_text=True)
    assert "フォトニクス" in svg


def test_an_empty_event_says_what_to_do_next(client, auth, make_event, make_user):
    organiser = make_user("empty@example.com", role="organiser")
    event = make_event(organiser=organiser)
    auth.login("empty@example.com")
    page = client.get(f"/organiser/events/{event.id}/dashboard").get_data(as_text=True)
    assert "No applications yet." in page and "No meeting requests yet." in page
