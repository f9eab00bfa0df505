"""The numbers behind an event's dashboard, each as a Chart ready to draw or export."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..events.meeting_models import OUTCOMES, REQUEST_STATUSES, Meeting, MeetingRequest
from ..events.models import Event, Participation, Slot
from ..events.services.outcomes import outcome_totals
from ..extensions import db
from ..i18n import current_language, in_zone
from ..organisations.models import COUNTRIES, ORG_TYPES, Tag
from .charts import Chart

CHARTS = ("applications", "requests", "meetings", "coverage", "tables", "outcomes")


def _participations(event: Event) -> list[Participation]:
    return list(db.session.scalars(select(Participation).where(Participation.event_id == event.id)))


def applications(event: Event) -> Chart:
    """Applications and admissions by type of organisation, for each country."""
    applied: Counter = Counter()
    admitted: Counter = Counter()
    for p in _participations(event):
        key = (p.organisation.country, p.organisation.org_type)
        if p.status != "withdrawn":
            applied[key] += 1
        if p.admitted:
            admitted[key] += 1
    types = [t for t in ORG_TYPES if any(applied[(c, t)] for c in COUNTRIES)]
    series = []
    for country, name in COUNTRIES.items():
        series.append((_("%(country)s: applied", country=name), [applied[(country, t)] for t in types]))
        series.append((_("%(country)s: admitted", country=name), [admitted[(country, t)] for t in types]))
    return Chart("applications", _("Applications and admissions"), _("Type of organisation"),
                 _("Organisations"), [str(ORG_TYPES[t]) for t in types], series)


def requests(event: Event) -> Chart:
    """Meeting requests by what became of them."""
    counts = dict(db.session.execute(select(MeetingRequest.status, func.count()).where(
        MeetingRequest.event_id == event.id).group_by(MeetingRequest.status)).all())
    total = sum(counts.values())
    statuses = list(REQUEST_STATUSES)
    return Chart("requests", _("Meeting requests"), _("Status"), _("Requests"),
                 [_("Sent")] + [str(REQUEST_STATUSES[s]) for s in statuses],
                 [(_("Requests"), [total] + [counts.get(s, 0) for s in statuses])])


def meetings_per_participant(event: Event) -> tuple[Chart, list[tuple[Participation, int]]]:
    """How many participants have 0, 1, 2… meetings; and the admitted ones below the target."""
    admitted = [p for p in _participations(event) if p.admitted]
    per: Counter = Counter()
    pairs = db.session.execute(select(Meeting.a_id, Meeting.b_id).where(Meeting.event_id == event.id))
    for a_id, b_id in pairs:
        per[a_id] += 1
        per[b_id] += 1
    histogram = Counter(per[p.id] for p in admitted)
    top = max([event.target_meetings, *histogram]) if admitted else 0
    chart = Chart("meetings", _("Meetings per participant"), _("Meetings"), _("Participants"),
                  [str(n) for n in range(top + 1)],
                  [(_("Participants"), [histogram[n] for n in range(top + 1)])])
    below = sorted(((p, per[p.id]) for p in admitted if per[p.id] < event.target_meetings),
                   key=lambda item: (item[1], item[0].organisation.name))
    return chart, below


def coverage(event: Event) -> Chart:
    """Admitted organisations per field of the taxonomy, UK against Japan."""
    lang = current_language()
    parents = {t.id: t for t in db.session.scalars(select(Tag))}
    counts: Counter = Counter()
    for p in _participations(event):
        if not p.admitted:
            continue
        fields = set()
        for tag in p.organisation.capabilities:
            root = tag
            while root.parent_id is not None and root.parent_id in parents:
                root = parents[root.parent_id]
            fields.add(root.id)
        for field_id in fields:
            counts[(p.organisation.country, field_id)] += 1
    field_ids = sorted({f for _c, f in counts}, key=lambda f: parents[f].label(lang))
    return Chart("coverage", _("Fields covered, UK and Japan"), _("Field"), _("Organisations"),
                 [parents[f].label(lang) for f in field_ids],
                 [(str(name), [counts[(c, f)] for f in field_ids]) for c, name in COUNTRIES.items()],
                 horizontal=True)


def table_use(event: Event) -> Chart:
    """Share of tables holding a meeting in each slot, in the event's time zone."""
    slots = list(db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.starts_at)))
    used = dict(db.session.execute(select(Meeting.slot_id, func.count()).where(
        Meeting.event_id == event.id, Meeting.slot_id.is_not(None)).group_by(Meeting.slot_id)).all())
    return Chart("tables", _("Table use per slot"), _("Slot (%(zone)s)", zone=event.timezone),
                 _("Tables in use (%)"),
                 [in_zone(s.starts_at, event.timezone, "short") for s in slots],
                 [(_("Tables in use (%)"),
                   [round(100 * used.get(s.id, 0) / s.tables, 1) if s.tables else 0 for s in slots])])


def outcomes(event: Event) -> tuple[Chart, object]:
    """What the participants report after the event: held, no-shows and outcomes by kind."""
    totals = outcome_totals(event)
    categories = [_("Held"), _("No-show")] + [str(label) for label in OUTCOMES.values()]
    values = [totals.took_place, totals.no_shows] + [totals.outcomes.get(k, 0) for k in OUTCOMES]
    return Chart("outcomes", _("Outcomes after the event"), _("Outcome"), _("Meetings"),
                 categories, [(_("Meetings"), values)]), totals


def chart(event: Event, name: str) -> Chart:
    """One chart of the dashboard by name."""
    if name == "meetings":
        return meetings_per_participant(event)[0]
    if name == "outcomes":
        return outcomes(event)[0]
    return {"applications": applications, "requests": requests, "coverage": coverage,
            "tables": table_use}[name](event)
