"""Participant pages: browse, apply, availability, partners, requests, itinerary, outcomes."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from ..accounts.models import utcnow
from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..i18n import in_zone
from . import ics
from .blueprint import bp
from .forms import ApplyForm, OutcomeForm, RequestForm
from .helpers import get_event, int_arg, show_error
from .meeting_models import Meeting, MeetingRequest
from .models import Event
from .services import itinerary as itin
from .services import outcomes, participation, requests, suggestions


@bp.get("/events")
def index():
    stmt = select(Event).order_by(Event.starts_on, Event.id)
    if not current_user.is_authenticated or not current_user.is_admin:
        owner = current_user.id if current_user.is_authenticated else -1
        stmt = stmt.where(or_(Event.listed.is_(True), Event.organiser_id == owner))
    return render_template("events/index.html", events=list(db.session.scalars(stmt)))


def _slot_label(event: Event, slot) -> str:
    return in_zone(slot.starts_at, slot.session.venue.timezone, "EEE d MMM HH:mm")


def _render_show(event: Event, form: ApplyForm | None = None, status: int = 200):
    mine = participation.participation_of(current_user, event)
    return render_template("events/show.html", event=event, mine=mine, form=form or ApplyForm(),
                           slot_label=_slot_label,
                           unavailable={u.slot_id for u in mine.unavailable} if mine else set()), status


@bp.get("/events/<int:event_id>")
def show(event_id: int):
    return _render_show(get_event(event_id))


@bp.post("/events/<int:event_id>/apply")
@login_required
def apply(event_id: int):
    event = get_event(event_id)
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            participation.apply_to_event(event, current_user, form.role.data, form.note.data or "")
        except DomainError as exc:
            show_error(exc, form)
        else:
            db.session.commit()
            flash(_("Your application is sent; the organiser will decide."), "success")
            return redirect(url_for("events.show", event_id=event.id))
    return _render_show(event, form, 400)


@bp.post("/events/<int:event_id>/withdraw")
@login_required
def withdraw(event_id: int):
    event = get_event(event_id)
    mine = participation.participation_of(current_user, event)
    if mine is None or mine.status == "withdrawn":
        abort(403)
    participation.withdraw_participation(mine)
    db.session.commit()
    flash(_("Your organisation has withdrawn from this event."), "info")
    return redirect(url_for("events.show", event_id=event.id))


@bp.post("/events/<int:event_id>/availability")
@login_required
def availability(event_id: int):
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    try:
        participation.set_unavailable(mine, [int_arg(v) or 0 for v in request.form.getlist("slot")])
    except DomainError as exc:
        show_error(exc)
        return _render_show(event, status=exc.status)
    db.session.commit()
    flash(_("Your availability is saved."), "success")
    return redirect(url_for("events.show", event_id=event.id))


def _request_form(event: Event, mine) -> RequestForm:
    form = RequestForm()
    others = sorted((p for p in event.participations if p.admitted and p.id != mine.id),
                    key=lambda p: p.organisation.name.lower())
    form.to_id.choices = choices([(0, "—")] + [(p.id, p.organisation.name) for p in others])
    form.slot_id.choices = choices([(0, _("Any time (the organiser schedules it)"))] +
                                   [(s.id, _slot_label(event, s)) for s in event.slots])
    return form


@bp.get("/events/<int:event_id>/partners")
@login_required
def partners(event_id: int):
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    return render_template("events/partners.html", event=event, mine=mine,
                           suggestions=suggestions.suggested_partners(event, mine),
                           form=_request_form(event, mine))


def _render_requests(event, mine, form, status=200):
    requests.expire_requests(event)
    db.session.commit()
    received, sent = requests.requests_for(mine)
    return render_template("events/requests.html", event=event, mine=mine, form=form,
                           received=received, sent=sent, slot_label=_slot_label,
                           can_see=itin.can_see_contacts), status


@bp.route("/events/<int:event_id>/requests", methods=["GET", "POST"], endpoint="requests")
@login_required
def requests_page(event_id: int):
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    form = _request_form(event, mine)
    if request.method == "GET":
        return _render_requests(event, mine, form)
    if form.validate_on_submit():
        try:
            requests.send_request(event, mine, form.to_id.data or None, form.note.data or "",
                                  form.slot_id.data or None)
        except DomainError as exc:
            show_error(exc, form)
            form.to_id.errors = list(form.to_id.errors) + [exc.message]
        else:
            db.session.commit()
            flash(_("Your request is sent."), "success")
            return redirect(url_for("events.requests", event_id=event.id))
    return _render_requests(event, mine, form, 400)


ANSWERS = {"accept", "accept_later", "decline", "withdraw"}


@bp.post("/events/<int:event_id>/requests/<int:request_id>/<action>")
@login_required
def answer(event_id: int, request_id: int, action: str):
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    req = db.get_or_404(MeetingRequest, request_id)
    if req.event_id != event.id or action not in ANSWERS:
        abort(404)
    try:
        if action == "accept":
            requests.accept_request(req, mine)
        elif action == "accept_later":
            requests.accept_request(req, mine, at_proposed_time=False)
        elif action == "decline":
            requests.decline_request(req, mine)
        else:
            requests.withdraw_request(req, mine)
    except DomainError as exc:
        db.session.rollback()
        requests.expire_requests(event)
        db.session.commit()
        flash(exc.message, "danger")
        return _render_requests(event, mine, _request_form(event, mine), exc.status)
    db.session.commit()
    flash({"accept": _("Accepted: the meeting is agreed."), "accept_later": _("Accepted: the "
           "organiser will schedule the time."), "decline": _("Declined."),
           "withdraw": _("Request withdrawn.")}[action], "success")
    return redirect(url_for("events.requests", event_id=event.id))


@bp.get("/events/<int:event_id>/itinerary")
@login_required
def itinerary(event_id: int):
    event = get_event(event_id)
    return _render_itinerary(event)


def _render_itinerary(event: Event, form: OutcomeForm | None = None, status: int = 200):
    if event.admin_by(current_user):
        mine, entries = None, itin.event_entries(event)
    else:
        mine = participation.admitted_participation(current_user, event)
        entries = itin.participant_entries(event, mine)
    return render_template("events/itinerary.html", event=event, mine=mine,
                           days=itin.by_day(entries, event.timezone),
                           my_zone=current_user.timezone or "UTC", can_see=itin.can_see_contacts,
                           outcome_form=form or OutcomeForm(), now=utcnow(),
                           outcome_of=outcomes.outcome_of), status


@bp.get("/events/<int:event_id>/itinerary.ics")
@login_required
def itinerary_ics(event_id: int):
    event = get_event(event_id)
    if event.admin_by(current_user):
        entries = itin.event_entries(event)
    else:
        entries = itin.participant_entries(event, participation.admitted_participation(current_user, event))
    body = ics.itinerary_ics(event, entries, request.host)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="kakehashi-event-{event.id}.ics"'})


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/outcome")
@login_required
def outcome(event_id: int, meeting_id: int):
    event = get_event(event_id)
    mine = participation.admitted_participation(current_user, event)
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.event_id != event.id:
        abort(404)
    form = OutcomeForm()
    if not form.validate_on_submit():
        flash(_("Say whether the meeting took place, and what came of it."), "danger")
        return _render_itinerary(event, form, 400)
    try:
        outcomes.record_outcome(meeting, mine, form.took_place.data == "yes", form.outcome.data or None)
    except DomainError as exc:
        show_error(exc, form)
        return _render_itinerary(event, form, exc.status)
    db.session.commit()
    flash(_("Thank you: the outcome is recorded."), "success")
    return redirect(url_for("events.itinerary", event_id=event.id))
