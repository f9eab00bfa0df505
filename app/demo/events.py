"""Demo events, one of each kind, with admitted participants, requests and published plans.

Idempotent: an event is looked up by its seed key and left alone when it already exists.
Dates are set relative to the day of seeding, so a fresh demo always shows a coming mission.
Nobody is e-mailed: decisions and publication are recorded directly, not through notify().
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from ..accounts.models import User, utcnow
from ..events.meeting_models import MeetingRequest
from ..events.models import Event, Participation
from ..events.services import plans, schedule
from ..events.services.placement import create_meeting
from ..events.services.setup import add_session, add_venue, save_event
from ..extensions import db
from ..organisations.models import Organisation

ORGANISER = "organiser@kakehashi.example"

EVENTS = [
    # key, kind, title, days from today, length in days, zone, organisation files, role of each side
    dict(key="semicon-japan", kind="trade_show", title="SEMICON Japan UK pavilion: B2B meetings",
         description="UK compound-semiconductor, packaging and photonics firms meet Japanese fabs, "
                     "material makers and integrators at Tokyo Big Sight.",
         offset=21, days=2, zone="Asia/Tokyo", files=("gb_1", "jp_1"), roles=("exhibitor", "delegate"),
         venue=dict(name="Tokyo Big Sight, UK pavilion", address="3-11-1 Ariake, Koto-ku", city="Tokyo",
                    lat=35.6298, lon=139.7937), tables=6, meeting=30,
         sessions=((10, 0, 12, 30), (13, 30, 17, 0))),
    dict(key="open-ran-roundtable", kind="roundtable", title="UK–Japan Open RAN and 6G roundtable",
         description="Three rounds of table discussions between UK and Japanese network vendors, "
                     "operators and researchers.",
         offset=14, days=1, zone="Europe/London", files=("gb_2", "jp_2"), roles=("delegate", "delegate"),
         venue=dict(name="Digital Catapult", address="101 Euston Road", city="London",
                    lat=51.5282, lon=-0.1337), tables=4, meeting=40,
         sessions=((14, 0, 16, 30),)),
    dict(key="gbip-quantum-delegation", kind="delegation",
         title="Quantum and photonics delegation to Japan (GBIP style)",
         description="A UK delegation visits Japanese hosts over two days, with travel between sites.",
         offset=35, days=2, zone="Asia/Tokyo", files=("gb_3", "jp_3"), roles=("delegate", "host"),
         venue=dict(name="Delegation hotel, Marunouchi", address="1-1 Marunouchi, Chiyoda-ku",
                    city="Tokyo", lat=35.6812, lon=139.7671), tables=4, meeting=60,
         sessions=((9, 0, 18, 0),)),
    dict(key="materials-expert-mission", kind="expert",
         title="Critical materials expert mission", offset=49, days=1, zone="Asia/Tokyo",
         description="UK experts in materials and clean energy meet Japanese companies one to one.",
         files=("gb_1", "jp_3"), roles=("expert", "host"),
         venue=dict(name="Osaka Innovation Hub", address="3-1 Ofukacho, Kita-ku", city="Osaka",
                    lat=34.7055, lon=135.4937), tables=4, meeting=45,
         sessions=((9, 30, 12, 30), (14, 0, 17, 0))),
]
PER_SIDE = 6


def _keys(file: str) -> list[str]:
    from .loader import DEMO_DIR

    records = json.loads((DEMO_DIR / f"organisations_{file}.json").read_text(encoding="utf-8"))
    return [r["key"] for r in records]


def _participants(event: Event, spec: dict) -> list[Participation]:
    out = []
    for file, role in zip(spec["files"], spec["roles"], strict=True):
        keys = _keys(file)[PER_SIDE if spec["key"] == "materials-expert-mission" else 0:][:PER_SIDE]
        orgs = db.session.scalars(select(Organisation).where(Organisation.seed_key.in_(keys))
                                  .order_by(Organisation.seed_key))
        for org in orgs:
            p = Participation(event=event, organisation=org, role=role, status="admitted",
                              decided_at=utcnow())
            db.session.add(p)
            out.append(p)
    db.session.flush()
    return out


def _requests(event: Event, people: list[Participation], accept: int = 3) -> None:
    """`accept` accepted requests (which become meetings) and a few still waiting."""
    gb = [p for p in people if p.organisation.country == "GB"]
    jp = [p for p in people if p.organisation.country == "JP"]
    expiry = utcnow() + dt.timedelta(hours=event.request_expiry_hours)
    for i, (a, b) in enumerate(zip(gb, jp, strict=False)):
        accepted = i < accept
        req = MeetingRequest(event_id=event.id, sender=a, recipient=b, expires_at=expiry,
                             note="We would like to discuss a joint project.",
                             status="accepted" if accepted else "pending",
                             answered_at=utcnow() if accepted else None)
        db.session.add(req)
        db.session.flush()
        if accepted:
            create_meeting(event, a, b, "request", request_id=req.id)


def _create(spec: dict, organiser: User) -> Event:
    today = dt.date.today()
    first = today + dt.timedelta(days=spec["offset"])
    event = save_event(None, dict(
        kind=spec["kind"], title=spec["title"], description=spec["description"], starts_on=first,
        ends_on=first + dt.timedelta(days=spec["days"] - 1), timezone=spec["zone"],
        registration_opens=today - dt.timedelta(days=7),
        registration_closes=first - dt.timedelta(days=3), places=40, request_expiry_hours=72,
        target_meetings=3, cross_border_only=True, table_size=4, listed=True,
        role_rules=[("delegate", "host")] if spec["kind"] == "delegation" else []), organiser)
    event.seed_key = spec["key"]
    venue = add_venue(event, dict(timezone=spec["zone"], **spec["venue"]))
    for d in range(spec["days"]):
        for h1, m1, h2, m2 in spec["sessions"]:
            add_session(event, dict(venue_id=venue.id, day=first + dt.timedelta(days=d),
                                    start_time=dt.time(h1, m1), end_time=dt.time(h2, m2),
                                    meeting_minutes=spec["meeting"], break_minutes=10,
                                    tables=spec["tables"], label=f"Day {d + 1}"))
    return event


def _hosts_and_visits(event: Event, people: list[Participation]) -> None:
    hosts = [p for p in people if p.role == "host"][:4]
    sites = [("Tsukuba campus", "Tsukuba", 36.0835, 140.0764),
             ("Kawasaki lab", "Kawasaki", 35.5308, 139.7029),
             ("Yokohama R&D centre", "Yokohama", 35.4437, 139.6380),
             ("Hongo lab", "Tokyo", 35.7126, 139.7620)]
    for host, (name, city, lat, lon) in zip(hosts, sites, strict=False):
        venue = add_venue(event, dict(name=f"{host.organisation.name}, {name}", city=city,
                                      timezone=event.timezone, lat=lat, lon=lon))
        plans.add_visit(event, dict(host_id=host.id, venue_id=venue.id, opens=dt.time(10),
                                    closes=dt.time(17), duration_minutes=90, priority=50.0))


def seed_events() -> int:
    """Create the demo events that do not exist yet; returns how many were created."""
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    created = 0
    for spec in EVENTS:
        if db.session.scalar(select(Event.id).where(Event.seed_key == spec["key"])):
            continue
        event = _create(spec, organiser)
        people = _participants(event, spec)
        if spec["kind"] == "roundtable":
            _requests(event, people, accept=0)
            db.session.commit()
            plans.generate_seating(event.id, time_limit=1.0)
            event.seating_published_at = utcnow()
        elif spec["kind"] == "delegation":
            _hosts_and_visits(event, people)
            _requests(event, people, accept=0)
            db.session.commit()
            plans.generate_itinerary(event.id, time_limit=1.0)
            event.itinerary_published_at = utcnow()
        else:
            _requests(event, people)
            db.session.commit()
            schedule.generate_schedule(event.id, with_suggestions=True, time_limit=1.0)
            event.schedule_published_at = utcnow()
        db.session.flush()
        created += 1
    return created
