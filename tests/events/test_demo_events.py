"""The demo holds a living mission of each kind, and seeding twice changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from app.events.meeting_models import HostVisit, Meeting, MeetingRequest, Seating
from app.events.models import Event
from app.extensions import db


def _counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Event, Meeting, MeetingRequest, Seating, HostVisit)}


def test_seed_demo_creates_one_published_event_of_each_kind(runner, client, auth):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "4 demo events new" in result.output
    events = {e.kind: e for e in db.session.scalars(select(Event))}
    assert set(events) == {"roundtable", "trade_show", "delegation", "expert"}
    for event in events.values():
        assert sum(p.admitted for p in event.participations) >= 8
        assert db.session.scalar(select(func.count()).select_from(MeetingRequest)
                                 .where(MeetingRequest.event_id == event.id)) >= 3
        assert event.schedule_published_at or event.seating_published_at or event.itinerary_published_at
    for kind in ("trade_show", "expert"):
        placed = db.session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.event_id == events[kind].id, Meeting.slot_id.is_not(None)))
        assert placed >= 10
    first = _counts()
    again = runner.invoke(args=["seed-demo"])
    assert "0 demo events new" in again.output
    assert _counts() == first
    auth.login("organiser@kakehashi.example", "organiser-demo-2026")
    page = client.get(f"/organiser/events/{events['trade_show'].id}/schedule").get_data(as_text=True)
    assert "SEMICON Japan" in page
    auth.logout()
    member = events["trade_show"].participations[0].organisation.memberships[0].user
    auth.login(member.email, "kakehashi-demo")
    assert "Meeting with" in client.get(f"/events/{events['trade_show'].id}/itinerary").get_data(as_text=True)
