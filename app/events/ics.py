"""Calendar files: an itinerary as iCalendar, with the event's time zone as a VTIMEZONE."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from ..accounts.models import utcnow
from .models import Event
from .services.itinerary import Entry


def itinerary_ics(event: Event, entries: list[Entry], host: str) -> bytes:
    """An iCalendar file whose times carry TZID of each venue's zone (VTIMEZONE included)."""
    cal = Calendar()
    cal.add("prodid", "-//Kakehashi//Itinerary//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", event.title)
    zones = {event.timezone} | {e.venue.timezone for e in entries if e.venue is not None}
    for zone in sorted(zones):
        first = min((e.starts_at for e in entries), default=None)
        last = max((e.ends_at for e in entries), default=None)
        if first is None:
            break
        cal.add_component(Timezone.from_tzid(zone, first_date=first.date(), last_date=last.date()))
    for e in entries:
        zone = ZoneInfo(e.venue.timezone if e.venue is not None else event.timezone)
        item = VEvent()
        item.add("uid", f"{e.uid}@{host}")
        item.add("dtstamp", utcnow())
        item.add("dtstart", e.starts_at.astimezone(zone))
        item.add("dtend", e.ends_at.astimezone(zone))
        item.add("summary", e.title)
        where = ", ".join(x for x in (e.venue.name, e.venue.address, e.venue.city) if x) if e.venue else ""
        if e.place:
            where = f"{where} — {e.place}" if where else e.place
        if where:
            item.add("location", where)
        notes = [event.title]
        if e.travel:
            notes.append(_("Travel: %(leg)s", leg=e.travel))
        item.add("description", "\n".join(notes))
        cal.add_component(item)
    return cal.to_ical()
