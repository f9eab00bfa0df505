"""The day-before reminder command: tomorrow's meetings, each recipient's language and zone, once."""

import datetime as dt

import pytest
from sqlalchemy import select

from app.events.models import Slot
from app.events.services.placement import create_meeting, place_meeting
from app.extensions import db


@pytest.fixture
def published(make_event, join, make_user):
    event = make_event(first_day=dt.date(2026, 12, 17), tz="Asia/Tokyo", tables=3,
                       registration_opens=dt.date(2026, 11, 1), registration_closes=dt.date(2026, 12, 1))
    gb, gb_user = join(event, "Clyde Photonics", "GB")
    jp, jp_user = join(event, "Kansai Optics", "JP", name_ja="関西光学株式会社")
    gb_user.locale, jp_user.locale = "en", "ja"
    other, _ = join(event, "Tees Materials", "GB")
    slots = db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)).all()
    place_meeting(create_meeting(event, gb, jp, "organiser"), slots[0])
    create_meeting(event, other, jp, "organiser")  # not placed: no reminder for it
    event.schedule_published_at = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    db.session.commit()
    return event, gb_user, jp_user


def run(runner, now):
    result = runner.invoke(args=["notifications", "send-reminders", "--now", now])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_go_the_day_before_in_each_recipients_language(runner, outbox, published):
    # 10:00 on 16 Dec in Tokyo; the meetings are on 17 Dec from 10:00 Tokyo time
    assert "2 reminder e-mail(s) sent." in run(runner, "2026-12-16T01:00:00")
    by_address = {m.to[0]: m for m in outbox}
    _, gb_user, jp_user = published
    english = by_address[gb_user.email]
    assert english.subject == "Tomorrow: 1 meeting at trade_show mission"
    assert "Kansai Optics · table 1 · Big Sight" in english.body
    assert "1:00\u202fAM" in english.body and "10:00\u202fAM Tokyo" in english.body  # London, then Tokyo
    assert "/events/" in english.body and "/itinerary" in english.body
    japanese = by_address[jp_user.email]
    assert "Clyde Photonics · テーブル 1 · Big Sight" in japanese.body
    assert "明日" in japanese.subject
    assert japanese.alternatives[0][1] == "text/html"


def test_running_twice_sends_nothing_new(runner, outbox, published):
    run(runner, "2026-12-16T01:00:00")
    assert "0 reminder e-mail(s) sent." in run(runner, "2026-12-16T05:00:00")
    assert len(outbox) == 2


def test_no_reminder_two_days_before_or_for_unpublished_schedules(runner, outbox, published):
    assert "0 reminder" in run(runner, "2026-12-15T01:00:00")
    event, _, _ = published
    event.schedule_published_at = None
    db.session.commit()
    assert "0 reminder" in run(runner, "2026-12-16T01:00:00")


def test_those_who_switched_reminders_off_get_none(runner, outbox, published):
    _, gb_user, _ = published
    gb_user.email_prefs = {"meeting_reminder": False}
    db.session.commit()
    assert "1 reminder" in run(runner, "2026-12-16T01:00:00")
    assert [m.to[0] for m in outbox] != [gb_user.email]
