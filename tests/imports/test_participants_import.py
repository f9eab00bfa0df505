"""Bulk import of an event's participants: existing organisations, new accounts invited, idempotent."""

import io

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.events.models import Participation
from app.extensions import db

HEADER = "organisation,country,email,name,role\n"


@pytest.fixture
def setup(client, auth, make_user, make_org, make_event):
    organiser = make_user("org@example.com", role="organiser")
    event = make_event(organiser=organiser)
    make_org("Kaga University", "JP", "academic", name_ja="加賀大学")
    make_org("Clyde Photonics", "GB", "sme")
    auth.login("org@example.com")
    return event


def upload(client, event, content):
    return client.post("/organiser/import", content_type="multipart/form-data", data={
        "kind": "participants", "event": str(event.id),
        "file": (io.BytesIO(content.encode("utf-8")), "people.csv")})


def participations(event) -> int:
    return db.session.scalar(select(func.count()).select_from(Participation)
                             .where(Participation.event_id == event.id))


def test_participants_are_admitted_and_new_people_invited(client, setup, outbox):
    event = setup
    content = HEADER + ("加賀大学,日本,tanaka@kaga.example,Tanaka Yui,host\n"
                        "Clyde Photonics,GB,fiona@clyde.example,Fiona Reid,\n"
                        "Clyde Photonics,GB,ian@clyde.example,Ian Reid,delegate\n")
    url = upload(client, event, content).location
    page = client.get(url).get_data(as_text=True)
    assert "3 new" in page and event.title in page
    assert client.post(url, data={}).status_code == 302
    assert participations(event) == 2
    tanaka = db.session.scalar(select(User).where(User.email == "tanaka@kaga.example"))
    assert tanaka.organisation.name == "Kaga University" and tanaka.locale == "ja"
    assert tanaka.timezone == "Asia/Tokyo"
    kaga = db.session.scalar(select(Participation)
                             .where(Participation.organisation_id == tanaka.organisation.id))
    assert kaga.status == "admitted" and kaga.role == "host"
    assert sorted(m.to[0] for m in outbox) == ["fiona@clyde.example", "ian@clyde.example",
                                               "tanaka@kaga.example"]
    japanese = next(m for m in outbox if m.to[0] == "tanaka@kaga.example")
    assert "/reset/" in japanese.body and "パスワード" in japanese.body
    # the same file again changes nothing and invites nobody
    url = upload(client, event, content).location
    assert "3 already registered" in client.get(url).get_data(as_text=True)
    client.post(url, data={})
    assert participations(event) == 2 and len(outbox) == 3


def test_each_rows_problems(client, setup):
    event = setup
    content = HEADER + ("Nowhere Ltd,GB,a@nowhere.example,,\n"
                        "Clyde Photonics,GB,not-an-email,,\n"
                        "Clyde Photonics,GB,b@clyde.example,,pilot\n"
                        "Clyde Photonics,GB,b@clyde.example,,\n"
                        ",,,,\n")
    page = client.get(upload(client, event, content).location).get_data(as_text=True)
    assert "No registered organisation “Nowhere Ltd” in United Kingdom" in page
    assert "“not-an-email” is not a valid e-mail address." in page
    assert "Unknown role “pilot”." in page
    assert "Duplicate of line 4." in page
    assert "0 new" in page


def test_participants_need_one_of_my_events(client, setup, make_event, make_user):
    response = client.post("/organiser/import", content_type="multipart/form-data", data={
        "kind": "participants", "event": "", "file": (io.BytesIO(b"organisation\nx\n"), "p.csv")})
    assert response.status_code == 400
    assert "Choose the event" in response.get_data(as_text=True)
    someone_elses = make_event(organiser=make_user(role="organiser"))
    assert upload(client, someone_elses, HEADER).status_code == 403
