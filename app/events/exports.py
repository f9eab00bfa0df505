"""Lists an organiser takes away: participants, requests, meetings, schedule as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from ..extensions import db
from .meeting_models import Meeting, MeetingRequest
from .models import Event

Table = tuple[list[str], list[list]]


def _local(event: Event, value) -> str:
    return value.astimezone(ZoneInfo(event.timezone)).strftime("%Y-%m-%d %H:%M") if value else ""


def participants(event: Event) -> Table:
    rows = [[p.organisation.name, p.organisation.country, p.role, p.status, p.organisation.contact_name,
             p.organisation.contact_email, p.organisation.contact_phone, _local(event, p.created_at)]
            for p in sorted(event.participations, key=lambda p: p.organisation.name.lower())]
    return [_("Organisation"), _("Country"), _("Role"), _("Status"), _("Contact"), _("E-mail"),
            _("Phone"), _("Applied")], rows


def requests(event: Event) -> Table:
    reqs = db.session.scalars(select(MeetingRequest).where(MeetingRequest.event_id == event.id)
                              .order_by(MeetingRequest.created_at))
    rows = [[r.sender.organisation.name, r.recipient.organisation.name, r.status,
             _local(event, r.created_at), _local(event, r.expires_at), _local(event, r.answered_at),
             r.note] for r in reqs]
    return [_("From"), _("To"), _("Status"), _("Sent"), _("Expires"), _("Answered"), _("Note")], rows


def meetings(event: Event) -> Table:
    ms = db.session.scalars(select(Meeting).where(Meeting.event_id == event.id).order_by(Meeting.id))
    rows = [[m.a.organisation.name, m.b.organisation.name, m.source,
             _local(event, m.slot.starts_at) if m.slot else "", m.table_no or "",
             _("yes") if m.locked else "", m.unplaced_reason] for m in ms]
    return [_("Participant"), _("Partner"), _("Source"), _("Starts"), _("Table"), _("Locked"),
            _("Why unplaced")], rows


def schedule(event: Event) -> Table:
    placed = {(m.slot_id, m.table_no): m for m in db.session.scalars(
        select(Meeting).where(Meeting.event_id == event.id, Meeting.slot_id.is_not(None)))}
    tables = max((s.tables for s in event.slots), default=0)
    rows = []
    for slot in event.slots:
        row = [_local(event, slot.starts_at), slot.session.venue.name]
        for t in range(1, tables + 1):
            m = placed.get((slot.id, t))
            row.append(f"{m.a.organisation.name} / {m.b.organisation.name}" if m else "")
        rows.append(row)
    return [_("Time"), _("Venue")] + [_("Table %(n)d", n=t) for t in range(1, tables + 1)], rows


LISTS: dict[str, Callable[[Event], Table]] = {
    "participants": participants, "requests": requests, "meetings": meetings, "schedule": schedule,
}


def _safe(value):
    """Keep spreadsheet formulas out of cells users typed."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    head, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table, title: str) -> bytes:
    head, rows = table
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(head)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
