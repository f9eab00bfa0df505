"""A small world with one user per role, shared by the authorisation matrix and the fuzzers.

Roles: anonymous, member of organisation A, member of B, organiser of event X, organiser of
event Y, admin. When events exist, add event_x/event_y here (organised by organiser_x/_y) and
map their URL parameters in PARAMS.
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
    return w


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
