"""Nobody is ever double-booked: the database refuses it, and simultaneous accepts serialise."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict
from app.events.meeting_models import Meeting, MeetingRequest, MeetingSeat
from app.events.models import Participation
from app.events.services.placement import create_meeting, place_meeting
from app.events.services.requests import accept_request, send_request
from app.extensions import db


@pytest.fixture
def trio(make_event, join):
    event = make_event(tables=2)
    a, _ = join(event, "Aston", "GB")
    c, _ = join(event, "Cardiff", "GB")
    b, _ = join(event, "Beppu", "JP")
    return event, a, b, c


def test_database_refuses_a_second_seat_in_the_same_slot(trio):
    event, a, b, c = trio
    slot = event.slots[0]
    first = create_meeting(event, a, b, "request")
    second = create_meeting(event, c, b, "request")
    place_meeting(first, slot)
    db.session.commit()
    second.slot_id, second.table_no = slot.id, 2
    db.session.add(MeetingSeat(meeting_id=second.id, participation_id=b.id, slot_id=slot.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_database_refuses_two_meetings_at_one_table(trio, join):
    event, a, b, c = trio
    d, _ = join(event, "Date", "JP")
    slot = event.slots[0]
    place_meeting(create_meeting(event, a, b, "request"), slot, 1)
    db.session.commit()
    other = create_meeting(event, c, d, "request")
    other.slot_id, other.table_no = slot.id, 1
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_placing_over_a_booked_participant_is_a_clear_conflict(trio):
    event, a, b, c = trio
    slot = event.slots[0]
    place_meeting(create_meeting(event, a, b, "request"), slot)
    second = create_meeting(event, c, b, "request")
    db.session.commit()
    with pytest.raises(Conflict, match="Beppu already has a meeting at that time"):
        place_meeting(second, slot)
    db.session.rollback()
    assert db.session.get(Meeting, second.id).slot_id is None


def test_two_simultaneous_accepts_for_the_same_slot(app, postgres_only, trio):
    event, a, b, c = trio
    slot = event.slots[0]
    ids = [send_request(event, a, b.id, slot_id=slot.id).id,
           send_request(event, c, b.id, slot_id=slot.id).id]
    db.session.commit()
    b_id = b.id
    barrier = threading.Barrier(2, timeout=10)
    results: dict[int, str] = {}

    def accept(request_id: int) -> None:
        with app.app_context():
            try:
                req = db.session.get(MeetingRequest, request_id)
                me = db.session.get(Participation, b_id)
                barrier.wait()
                accept_request(req, me)
                db.session.commit()
                results[request_id] = "accepted"
            except Conflict as exc:
                db.session.rollback()
                results[request_id] = exc.message
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results.values())[0] == "Beppu already has a meeting at that time."
    assert list(results.values()).count("accepted") == 1
    db.session.expire_all()
    statuses = sorted(db.session.scalars(select(MeetingRequest.status)))
    assert statuses == ["accepted", "pending"]  # the loser's request is untouched
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
    assert db.session.scalar(select(func.count()).select_from(MeetingSeat)) == 2
