"""A small world with one user per role, shared by the authorisation matrix and the fuzzers.

Roles: anonymous, member of organisation A, member of B, organiser of event X, organiser of
event Y, admin. Event X (organised by organiser_x) has A and B admitted; its URL parameters are
mapped in PARAMS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from app.extensions import db
from app.jobs.models import Job
from app.tokens.services import create_token

ROLES = ("anonymous", "member_a", "member_b", "organiser_x", "organiser_y", "admin")


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User
    secrets: dict = field(default_factory=dict)  # role -> read-write token secret
    objects: dict = field(default_factory=dict)  # name -> model instance


@pytest.fixture
def world(app, make_user, make_org, make_tag) -> World:
    w = World()
    for role, kind in (("member_a", "participant"), ("member_b", "participant"),
                       ("organiser_x", "organiser"), ("organiser_y", "organiser"), ("admin", "admin")):
        w.users[role] = make_user(email=f"{role}@example.com", role=kind, name=role)
    tag = make_tag("photonics", "Photonics", "フォトニクス", sensitivity="dual_use")
    make_tag("quantum", "Quantum", "量子")
    w.objects["tag"] = tag
    w.objects["org_a"] = make_org("Org A", country="GB", members=[w.users["member_a"]], capabilities=[tag])
    w.objects["org_b"] = make_org("Org B", country="JP", members=[w.users["member_b"]], looking_for=[tag])
    for role, user in w.users.items():
        w.secrets[role] = create_token(user, f"{role} token", "read-write")[1]
    w.objects["token_a"] = create_token(w.users["member_a"], "to revoke", "read")[0]
    job = Job(id="job0000000000000000000000000001", kind="test", owner_id=w.users["member_a"].id)
    db.session.add(job)
    w.objects["job"] = job
    _add_events(w)
    db.session.commit()
    return w


def _add_events(w: World) -> None:
    """Event X (organiser_x) with A and B admitted, a pending request A→B, a meeting and a visit;
    event Y (organiser_y) with nobody in it."""
    import datetime as dt

    from app.events.meeting_models import HostVisit, MeetingRequest
    from app.events.models import Participation
    from app.events.services.placement import create_meeting
    from app.events.services.setup import add_session, add_venue, save_event

    today = dt.date.today()
    for key, organiser in (("event_x", "organiser_x"), ("event_y", "organiser_y")):
        data = dict(kind="trade_show", title=f"Mission {key[-1].upper()}", description="A mission.",
                    starts_on=today + dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30),
                    timezone="Asia/Tokyo", registration_opens=today - dt.timedelta(days=1),
                    registration_closes=today + dt.timedelta(days=10), places=None,
                    request_expiry_hours=72, target_meetings=2, cross_border_only=True,
                    table_size=4, listed=True, role_rules=[])
        event = save_event(None, data, w.users[organiser])
        venue = add_venue(event, dict(name="Big Sight", address="Ariake", city="Tokyo",
                                      timezone="Asia/Tokyo", lat=35.63, lon=139.79))
        session = add_session(event, dict(venue_id=venue.id, day=data["starts_on"],
                                          start_time=dt.time(10), end_time=dt.time(12),
                                          meeting_minutes=30, break_minutes=0, tables=2))
        w.objects[key] = event
        w.objects[f"{key}_venue"], w.objects[f"{key}_session"] = venue, session
    event = w.objects["event_x"]
    a = Participation(event=event, organisation=w.objects["org_a"], role="delegate", status="admitted")
    b = Participation(event=event, organisation=w.objects["org_b"], role="host", status="admitted")
    db.session.add_all([a, b])
    db.session.flush()
    w.objects["participation_b"] = b
    request = MeetingRequest(event_id=event.id, from_id=a.id, to_id=b.id, status="pending",
                             expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    db.session.add(request)
    w.objects["request"] = request
    w.objects["meeting"] = create_meeting(event, a, b, "organiser")
    visit = HostVisit(event_id=event.id, host_id=b.id, venue_id=w.objects["event_x_venue"].id,
                      opens=dt.time(9), closes=dt.time(17))
    db.session.add(visit)
    db.session.flush()
    w.objects["visit"] = visit


def client_as(app, world: World, role: str):
    """A fresh test client signed in as `role` (through the session, without a password check)."""
    client = app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = str(world.users[role].id)
            session["_fresh"] = True
    return client


def api_headers(world: World, role: str) -> dict:
    """The Authorization header for `role`'s read-write token (none for anonymous)."""
    return {} if role == "anonymous" else {"Authorization": f"Bearer {world.secrets[role]}"}
