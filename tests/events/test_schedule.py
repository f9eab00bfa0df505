"""Schedule generation with the engines, review operations, unplaced reasons, exports, expiry."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.events.meeting_models import Meeting, MeetingRequest
from app.events.models import Unavailability
from app.events.services.placement import create_meeting, place_meeting
from app.events.services.requests import send_request
from app.extensions import db


@pytest.fixture
def mission(make_event, make_user, join, make_tag, auth):
    organiser = make_user("olive@example.com", role="organiser")
    gan, sic = make_tag("gan-power"), make_tag("sic-wafers")
    event = make_event(organiser=organiser, start=dt.time(10), end=dt.time(11), meeting=30, tables=1,
                       target_meetings=1)
    gb1, _ = join(event, "Aston GaN", "GB", capabilities=[gan], looking_for=[sic])
    gb2, _ = join(event, "Bath SiC", "GB", capabilities=[sic], looking_for=[gan])
    jp1, _ = join(event, "Chiba Wafers", "JP", capabilities=[sic], looking_for=[gan])
    jp2, _ = join(event, "Daito Power", "JP", capabilities=[gan], looking_for=[sic])
    auth.login("olive@example.com")
    return event, gb1, gb2, jp1, jp2


def test_generate_places_requests_and_suggestions_and_explains_the_rest(client, mission):
    event, gb1, gb2, jp1, jp2 = mission
    a = create_meeting(event, gb1, jp1, "request")
    b = create_meeting(event, gb2, jp1, "request")
    c = create_meeting(event, gb1, jp2, "organiser")
    db.session.add(Unavailability(participation_id=jp2.id, slot_id=event.slots[0].id))
    db.session.add(Unavailability(participation_id=jp2.id, slot_id=event.slots[1].id))
    db.session.commit()
    r = client.post(f"/organiser/events/{event.id}/schedule/generate", data={"suggestions": "y"})
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert a.slot_id and b.slot_id and a.slot_id != b.slot_id  # both requests placed, no clash
    assert c.slot_id is None
    assert "Daito Power has no free slot" in c.unplaced_reason
    assert "Daito Power has no free slot" in page
    suggested = db.session.scalars(select(Meeting).where(Meeting.source == "suggestion")).all()
    assert {frozenset((m.a_id, m.b_id)) for m in suggested} <= {frozenset((gb2.id, jp2.id))}


def test_move_swap_lock_and_rerun_keeps_locked(client, mission):
    event, gb1, gb2, jp1, jp2 = mission
    first = create_meeting(event, gb1, jp1, "request")
    second = create_meeting(event, gb2, jp2, "request")
    place_meeting(first, event.slots[0])
    place_meeting(second, event.slots[1])
    db.session.commit()
    r = client.post(f"/organiser/events/{event.id}/meetings/{second.id}/move",
                    data={"slot_id": str(event.slots[0].id), "table": "1"})
    assert r.status_code == 409
    assert "Table 1 is taken at that time." in r.get_data(as_text=True)
    r = client.post(f"/organiser/events/{event.id}/meetings/swap",
                    data={"first": str(first.id), "second": str(second.id)})
    assert r.status_code == 302
    db.session.expire_all()
    assert (first.slot_id, second.slot_id) == (event.slots[1].id, event.slots[0].id)
    assert first.locked and second.locked
    client.post(f"/organiser/events/{event.id}/schedule/generate")
    db.session.expire_all()
    assert (first.slot_id, second.slot_id) == (event.slots[1].id, event.slots[0].id)
    r = client.post(f"/organiser/events/{event.id}/meetings/{first.id}/lock")
    db.session.expire_all()
    assert not first.locked
    r = client.post(f"/organiser/events/{event.id}/meetings/{first.id}/delete")
    assert r.status_code == 409  # an accepted request cannot be removed, only moved


def test_exports_as_csv_and_xlsx(client, mission):
    event, gb1, _gb2, jp1, _jp2 = mission
    send_request(event, gb1, jp1.id, "=HYPERLINK(bad)")
    place_meeting(create_meeting(event, gb1, jp1, "organiser"), event.slots[0])
    db.session.commit()
    csv_text = client.get(f"/organiser/events/{event.id}/export/requests.csv").get_data(as_text=True)
    assert "Aston GaN" in csv_text and "'=HYPERLINK(bad)" in csv_text
    for name in ("participants", "requests", "meetings", "schedule"):
        r = client.get(f"/organiser/events/{event.id}/export/{name}.xlsx")
        assert r.status_code == 200
        sheet = load_workbook(io.BytesIO(r.data)).active
        assert sheet.max_row >= 2
    sheet = load_workbook(io.BytesIO(client.get(
        f"/organiser/events/{event.id}/export/schedule.xlsx").data)).active
    assert sheet.cell(2, 3).value == "Aston GaN / Chiba Wafers"
    assert client.get(f"/organiser/events/{event.id}/export/secrets.csv").status_code == 404


def test_expire_requests_command_tells_the_sender(runner, mission, outbox):
    event, gb1, _gb2, jp1, jp2 = mission
    late = send_request(event, gb1, jp1.id)
    fresh = send_request(event, gb1, jp2.id)
    late.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    db.session.commit()
    outbox.clear()
    result = runner.invoke(args=["events", "expire-requests"])
    assert "1 meeting request(s) expired." in result.output
    db.session.expire_all()
    assert (late.status, fresh.status) == ("expired", "pending")
    assert any("did not answer" in m.body for m in outbox)
    assert db.session.scalar(select(func.count()).select_from(MeetingRequest)) == 2


def test_places_cap(client, make_event, join, auth, make_user):
    organiser = make_user("cap@example.com", role="organiser")
    event = make_event(organiser=organiser, places=1)
    join(event, "First", "GB")
    waiting, _ = join(event, "Second", "JP", status="applied")
    auth.login("cap@example.com")
    r = client.post(f"/organiser/events/{event.id}/participants/{waiting.id}/decide",
                    data={"decision": "admitted"})
    assert r.status_code == 409
    assert "All 1 places are taken" in r.get_data(as_text=True)
    r = client.post(f"/organiser/events/{event.id}/participants/{waiting.id}/decide",
                    data={"decision": "waitlisted"})
    assert r.status_code == 302


def test_a_queued_job_shows_its_progress_bar(client, mission, make_user):
    from app.jobs.models import Job

    event = mission[0]
    organiser_id = event.organiser_id
    db.session.add(Job(id="f" * 32, kind="schedule", status="running", progress=40,
                       message="Placing meetings in slots…", owner_id=organiser_id))
    db.session.commit()
    page = client.get(f"/organiser/events/{event.id}/schedule?job={'f' * 32}").get_data(as_text=True)
    assert 'data-job-url="/jobs/' in page and "Placing meetings in slots…" in page
    assert f'data-done-url="/organiser/events/{event.id}/schedule"' in page
