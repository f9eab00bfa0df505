"""Organiser area: event list, event page with venues and sessions, editing."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ..errors import DomainError
from ..events.forms import SessionForm, VenueForm
from ..events.helpers import owned_event, show_error
from ..events.meeting_models import Meeting, MeetingRequest
from ..events.models import Event, EventSession, Participation, Venue
from ..events.services import setup
from ..events.views_organiser import event_form_page
from ..extensions import db
from ..forms import choices
from . import views_people, views_plans, views_schedule  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]


@bp.get("/")
def index():
    stmt = select(Event).order_by(Event.starts_on.desc(), Event.id.desc())
    if not current_user.is_admin:
        stmt = stmt.where(Event.organiser_id == current_user.id)
    events = list(db.session.scalars(stmt))
    counts = dict(db.session.execute(select(Participation.event_id, func.count()).where(
        Participation.status == "admitted").group_by(Participation.event_id)).all())
    return render_template("organiser/index.html", events=events, counts=counts)


def _forms(event: Event, venue_form=None, session_form=None):
    venue_form = venue_form or VenueForm(prefix="venue", timezone=event.timezone)
    venue_form.timezone.choices = choices([("", "—")] + setup.zone_choices())
    session_form = session_form or SessionForm(prefix="session")
    session_form.venue_id.choices = choices([(v.id, f"{v.name} ({v.city})") for v in event.venues])
    return venue_form, session_form


def _render_event(event: Event, venue_form=None, session_form=None, status: int = 200):
    venue_form, session_form = _forms(event, venue_form, session_form)
    stats = {
        "admitted": sum(p.admitted for p in event.participations),
        "applied": sum(p.status == "applied" for p in event.participations),
        "requests": db.session.scalar(select(func.count()).select_from(MeetingRequest).where(
            MeetingRequest.event_id == event.id)),
        "meetings": db.session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.event_id == event.id)),
    }
    return render_template("organiser/event.html", event=event, venue_form=venue_form,
                           session_form=session_form, stats=stats,
                           bounds=setup.session_bounds), status


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    return _render_event(owned_event(event_id))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    return event_form_page(owned_event(event_id))


@bp.post("/events/<int:event_id>/venues")
def add_venue(event_id: int):
    event = owned_event(event_id)
    form, _session_form = _forms(event, VenueForm(prefix="venue"))
    if form.validate_on_submit():
        try:
            setup.add_venue(event, form.data)
        except DomainError as exc:
            show_error(exc, form)
        else:
            db.session.commit()
            flash(_("Venue added."), "success")
            return redirect(url_for("organiser.event", event_id=event.id))
    return _render_event(event, venue_form=form, status=400)


@bp.post("/events/<int:event_id>/venues/<int:venue_id>/delete")
def delete_venue(event_id: int, venue_id: int):
    event = owned_event(event_id)
    venue = db.get_or_404(Venue, venue_id)
    try:
        if venue.event_id != event.id:
            raise DomainError(_("That venue belongs to another event."))
        setup.remove_venue(event, venue)
    except DomainError as exc:
        show_error(exc)
        return _render_event(event, status=exc.status)
    db.session.commit()
    flash(_("Venue removed."), "success")
    return redirect(url_for("organiser.event", event_id=event.id))


@bp.post("/events/<int:event_id>/sessions")
def add_session(event_id: int):
    event = owned_event(event_id)
    _venue_form, form = _forms(event, session_form=SessionForm(prefix="session"))
    if form.validate_on_submit():
        try:
            setup.add_session(event, form.data, reschedule=form.reschedule.data)
        except DomainError as exc:
            show_error(exc, form)
            return _render_event(event, session_form=form, status=exc.status)
        db.session.commit()
        flash(_("Session added; the slot grid now has %(n)d slots.", n=len(event.slots)), "success")
        return redirect(url_for("organiser.event", event_id=event.id))
    return _render_event(event, session_form=form, status=400)


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/delete")
def delete_session(event_id: int, session_id: int):
    event = owned_event(event_id)
    session = db.get_or_404(EventSession, session_id)
    try:
        if session.event_id != event.id:
            raise DomainError(_("That session belongs to another event."))
        setup.remove_session(event, session, reschedule=request.form.get("reschedule") == "y")
    except DomainError as exc:
        show_error(exc)
        return _render_event(event, status=exc.status)
    db.session.commit()
    flash(_("Session removed."), "success")
    return redirect(url_for("organiser.event", event_id=event.id))
