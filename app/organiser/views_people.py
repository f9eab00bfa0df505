"""Organiser area: participants and their applications, exports, outcome totals."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..errors import DomainError
from ..events import exports
from ..events.helpers import owned_event, show_error
from ..events.models import ROLES, STATUSES, Participation
from ..events.services import outcomes, participation
from ..extensions import db
from .blueprint import bp


def _render_participants(event, status: int = 200):
    wanted = {k: request.args.get(k, "") for k in ("status", "role", "country")}
    people = [p for p in event.participations
              if (not wanted["status"] or p.status == wanted["status"])
              and (not wanted["role"] or p.role == wanted["role"])
              and (not wanted["country"] or p.organisation.country == wanted["country"])]
    people.sort(key=lambda p: (p.status != "applied", p.organisation.name.lower()))
    return render_template("organiser/participants.html", event=event, people=people, wanted=wanted,
                           statuses=STATUSES, roles=ROLES,
                           admitted=participation.admitted_count(event)), status


@bp.get("/events/<int:event_id>/participants")
def participants(event_id: int):
    return _render_participants(owned_event(event_id))


@bp.post("/events/<int:event_id>/participants/<int:participation_id>/decide")
def decide(event_id: int, participation_id: int):
    event = owned_event(event_id)
    person = db.get_or_404(Participation, participation_id)
    if person.event_id != event.id:
        abort(404)
    try:
        participation.decide_application(person, request.form.get("decision", ""))
    except DomainError as exc:
        show_error(exc)
        return _render_participants(event, exc.status)
    db.session.commit()
    flash(_("%(org)s: %(status)s.", org=person.organisation.name, status=STATUSES[person.status]),
          "success")
    return redirect(url_for("organiser.participants", event_id=event.id, **request.args))


@bp.get("/events/<int:event_id>/export/<name>.<fmt>")
def export(event_id: int, name: str, fmt: str):
    event = owned_event(event_id)
    if name not in exports.LISTS or fmt not in ("csv", "xlsx"):
        abort(404)
    table = exports.LISTS[name](event)
    filename = f"event-{event.id}-{name}.{fmt}"
    if fmt == "csv":
        return Response(exports.to_csv(table), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    return Response(exports.to_xlsx(table, name),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/events/<int:event_id>/outcomes")
def outcome_totals(event_id: int):
    event = owned_event(event_id)
    return render_template("organiser/outcomes.html", event=event,
                           totals=outcomes.outcome_totals(event))
