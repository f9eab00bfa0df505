"""Organiser area: roundtable seating per round and the delegation's itinerary of host visits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..errors import DomainError
from ..events.forms import VisitForm
from ..events.helpers import owned_event, show_error
from ..events.meeting_models import HostVisit, Seating
from ..events.services import plans
from ..events.services import visits as visit_moves
from ..extensions import db
from ..forms import choices
from ..jobs.models import Job
from ..jobs.services import submit
from .blueprint import bp


def _job():
    job = db.session.get(Job, request.args.get("job", "")) if request.args.get("job") else None
    return job if job is not None and (job.owner_id == current_user.id or current_user.is_admin) else None


def _job_flash(job) -> None:
    if job.status == "failed":
        flash(job.message or _("This work failed."), "danger")


@bp.get("/events/<int:event_id>/seating")
def seating(event_id: int):
    event = owned_event(event_id)
    rounds: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for seat in db.session.scalars(select(Seating).where(Seating.event_id == event.id)):
        rounds[seat.slot_id][seat.table_no].append(seat.participation)
    return render_template("organiser/seating.html", event=event, rounds=rounds, job=_job())


@bp.post("/events/<int:event_id>/seating/generate")
def generate_seating(event_id: int):
    event = owned_event(event_id)
    job = submit("seating", "app.events.services.plans:generate_seating", event.id, track=True,
                 owner_id=current_user.id)
    _job_flash(job)
    return redirect(url_for("organiser.seating", event_id=event.id, job=job.id))


def _publish(event, action, endpoint: str):
    try:
        action(event)
    except DomainError as exc:
        show_error(exc)
    else:
        db.session.commit()
        flash(_("Published; the participants are told."), "success")
    return redirect(url_for(endpoint, event_id=event.id))


@bp.post("/events/<int:event_id>/seating/publish")
def publish_seating(event_id: int):
    return _publish(owned_event(event_id), plans.publish_seating, "organiser.seating")


def _visit_form(event, form=None) -> VisitForm:
    form = form or VisitForm(prefix="visit")
    form.host_id.choices = choices([(p.id, p.organisation.name) for p in event.participations
                                    if p.admitted and p.role in ("host", "exhibitor", "expert")])
    form.venue_id.choices = choices([(v.id, f"{v.name} ({v.city})") for v in event.venues])
    return form


def _render_visits(event, form=None, status: int = 200):
    planned = list(db.session.scalars(select(HostVisit).where(HostVisit.event_id == event.id)
                                       .order_by(HostVisit.starts_at, HostVisit.id)))
    return render_template("organiser/visits.html", event=event, visits=planned,
                           days=sorted({s.day for s in event.sessions}),
                           form=_visit_form(event, form), job=_job()), status


@bp.get("/events/<int:event_id>/visits")
def visits(event_id: int):
    return _render_visits(owned_event(event_id))


@bp.post("/events/<int:event_id>/visits")
def add_visit(event_id: int):
    event = owned_event(event_id)
    form = _visit_form(event)
    if form.validate_on_submit():
        try:
            plans.add_visit(event, form.data)
        except DomainError as exc:
            show_error(exc, form)
            return _render_visits(event, form, exc.status)
        db.session.commit()
        flash(_("Candidate visit added."), "success")
        return redirect(url_for("organiser.visits", event_id=event.id))
    return _render_visits(event, form, 400)


@bp.post("/events/<int:event_id>/visits/<int:visit_id>/delete")
def delete_visit(event_id: int, visit_id: int):
    event = owned_event(event_id)
    visit = db.get_or_404(HostVisit, visit_id)
    if visit.event_id != event.id:
        abort(404)
    db.session.delete(visit)
    db.session.commit()
    flash(_("Visit removed."), "success")
    return redirect(url_for("organiser.visits", event_id=event.id))


@bp.post("/events/<int:event_id>/visits/generate")
def generate_itinerary(event_id: int):
    event = owned_event(event_id)
    job = submit("itinerary", "app.events.services.plans:generate_itinerary", event.id, track=True,
                 owner_id=current_user.id)
    _job_flash(job)
    return redirect(url_for("organiser.visits", event_id=event.id, job=job.id))


@bp.post("/events/<int:event_id>/visits/publish")
def publish_itinerary(event_id: int):
    return _publish(owned_event(event_id), plans.publish_itinerary, "organiser.visits")


@bp.post("/events/<int:event_id>/visits/<int:visit_id>/adjust")
def adjust_visit(event_id: int, visit_id: int):
    event = owned_event(event_id)
    visit = db.get_or_404(HostVisit, visit_id)
    if visit.event_id != event.id:
        abort(404)
    try:
        day = dt.date.fromisoformat(request.form.get("day", ""))
        start = dt.time.fromisoformat(request.form.get("start", ""))
    except ValueError:
        flash(_("Give a day and a start time."), "danger")
        return _render_visits(event, status=400)
    try:
        visit_moves.adjust_visit(event, visit, day, start)
    except DomainError as exc:
        show_error(exc)
        return _render_visits(event, status=exc.status)
    db.session.commit()
    flash(_("Visit moved; travel legs re-estimated."), "success")
    return redirect(url_for("organiser.visits", event_id=event.id))
