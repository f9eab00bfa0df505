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
    db.session.commit()
    _events(w)
    return w


def _events(w: World) -> None:
    """Event X (organiser_x) with A as delegate and B as host: a venue, a session, an agreed and
    placed meeting, a pending request, a candidate visit, a published schedule; event Y
    (organiser_y) empty."""
    import datetime as dt

    from app.events.meeting_models import MeetingRequest
    from app.events.models import Participation
    from app.events.services import plans
    from app.events.services.placement import create_meeting, place_meeting
    from app.events.services.setup import add_session, add_venue, save_event

    day = dt.date.today() + dt.timedelta(days=30)
    base = dict(kind="trade_show", description="", starts_on=day, ends_on=day, timezone="Asia/Tokyo",
                registration_opens=dt.date.today() - dt.timedelta(days=1),
                registration_closes=dt.date.today() + dt.timedelta(days=10), places=None,
                request_expiry_hours=48, target_meetings=2, cross_border_only=True, table_size=4,
                listed=True, role_rules=[])
    event = save_event(None, dict(base, title="Event X"), w.users["organiser_x"])
    save_event(None, dict(base, title="Event Y"), w.users["organiser_y"])
    venue = add_venue(event, dict(name="Hall", city="Tokyo", timezone="Asia/Tokyo"))
    session = add_session(event, dict(venue_id=venue.id, day=day, start_time=dt.time(10),
                                      end_time=dt.time(11), meeting_minutes=30, tables=2))
    a = Participation(event=event, organisation=w.objects["org_a"], role="delegate", status="admitted")
    b = Participation(event=event, organisation=w.objects["org_b"], role="host", status="admitted")
    db.session.add_all([a, b])
    db.session.flush()
    meeting = create_meeting(event, a, b, "request")
    place_meeting(meeting, event.slots[0])
    request = MeetingRequest(event_id=event.id, sender=a, recipient=b, note="",
                             expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    db.session.add(request)
    visit = plans.add_visit(event, dict(host_id=b.id, venue_id=venue.id, opens=dt.time(10),
                                        closes=dt.time(16), duration_minutes=60))
    event.schedule_published_at = dt.datetime.now(dt.UTC)
    db.session.commit()
    w.objects.update(event_x=event, venue=venue, session=session, meeting=meeting,
                     request=request, visit=visit, participation_b=b)


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
