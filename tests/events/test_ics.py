"""ICS export: TZID and VTIMEZONE right on both sides of a daylight-saving change."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from app.events.services.placement import create_meeting, place_meeting
from app.events.services.schedule import publish_schedule
from app.extensions import db

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("day, london_hour", [
    (dt.date(2031, 3, 28), 1),   # Friday before BST starts (30 March 2031): GMT, Tokyo is UTC+9
    (dt.date(2031, 4, 4), 2),    # a week later: BST
    (dt.date(2031, 10, 24), 2),  # before BST ends (26 October 2031)
    (dt.date(2031, 10, 31), 1),  # after
])
def test_tokyo_ten_oclock_in_london(client, auth, make_event, join, day, london_hour):
    event = make_event(first_day=day, start=dt.time(10), end=dt.time(11), meeting=30,
                       registration_opens=dt.date.today() - dt.timedelta(days=1),
                       registration_closes=dt.date.today())
    gb, gb_user = join(event, "Alpha", "GB")
    jp, _ = join(event, "Beta", "JP")
    place_meeting(create_meeting(event, gb, jp, "request"), event.slots[0])
    publish_schedule(event)
    db.session.commit()
    auth.login(gb_user.email)
    data = client.get(f"/events/{event.id}/itinerary.ics").data
    assert b"DTSTART;TZID=Asia/Tokyo:" in data
    cal = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    (vevent,) = cal.walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0) and start.utcoffset() == dt.timedelta(hours=9)
    assert start.astimezone(LONDON).hour == london_hour
    assert start.astimezone(LONDON).date() == day
    page = client.get(f"/events/{event.id}/itinerary").get_data(as_text=True)
    assert f"0{london_hour}:00" in page  # the London column shows the participant's own time
