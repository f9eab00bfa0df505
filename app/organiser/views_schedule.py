"""Organiser area: generate the meeting schedule, review the grid, move, swap, lock, publish."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError
from ..events.helpers import int_arg, owned_event, show_error
from ..events.meeting_models import Meeting
from ..events.models import Participation, Slot
from ..events.services import placement, schedule
from ..extensions import db
from ..jobs.models import Job
from ..jobs.services import submit
from .blueprint import bp


def _render(event, status: int = 200):
    slots, placed, unplaced = schedule.grid(event)
    job_id = request.args.get("job", "")
    job = db.session.get(Job, job_id) if job_id else None
    if job is not None and job.owner_id != current_user.id and not current_user.is_admin:
        job = None
    admitted = sorted((p for p in event.participations if p.admitted),
                      key=lambda p: p.organisation.name.lower())
    return render_template("organiser/schedule.html", event=event, slots=slots, placed=placed,
                           unplaced=unplaced, job=job, admitted=admitted,
                           tables=max((s.tables for s in slots), default=0)), status


@bp.get("/events/<int:event_id>/schedule")
def schedule_page(event_id: int):
    return _render(owned_event(event_id))


@bp.post("/events/<int:event_id>/schedule/generate")
def generate(event_id: int):
    event = owned_event(event_id)
    job = submit("schedule", "app.events.services.schedule:generate_schedule", event.id,
                 request.form.get("suggestions") == "y", track=True, owner_id=current_user.id)
    if job.status == "failed":
        flash(job.message or _("The schedule could not be generated."), "danger")
    elif job.status == "finished" and job.result:
        flash(_("Schedule generated: %(placed)d meetings placed, %(unplaced)d not placed, "
                "%(suggested)d suggested by the matcher.", **job.result), "success")
    return redirect(url_for("organiser.schedule_page", event_id=event.id, job=job.id))


def _meeting(event, meeting_id: int | None) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None or meeting.event_id != event.id:
        abort(404)
    return meeting


def _act(event, action, done: str):
    try:
        action()
    except DomainError as exc:
        show_error(exc)
        return _render(event, exc.status)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("organiser.schedule_page", event_id=event.id))


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/move")
def move(event_id: int, meeting_id: int):
    event = owned_event(event_id)
    meeting = _meeting(event, meeting_id)
    slot = db.session.get(Slot, int_arg(request.form.get("slot_id")) or 0)

    def action():
        if slot is None or slot.event_id != event.id:
            raise DomainError(_("Choose one of this event's times."))
        placement.place_meeting(meeting, slot, int_arg(request.form.get("table")), lock=True)

    return _act(event, action, _("Meeting moved and locked."))


@bp.post("/events/<int:event_id>/meetings/swap")
def swap(event_id: int):
    event = owned_event(event_id)
    first = _meeting(event, int_arg(request.form.get("first")))
    second = _meeting(event, int_arg(request.form.get("second")))
    return _act(event, lambda: placement.swap_meetings(first, second), _("Meetings swapped and locked."))


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/lock")
def lock(event_id: int, meeting_id: int):
    event = owned_event(event_id)
    meeting = _meeting(event, meeting_id)

    def action():
        if meeting.slot_id is None:
            raise DomainError(_("Only a placed meeting can be locked."))
        meeting.locked = not meeting.locked

    return _act(event, action, _("Lock changed."))


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/unplace")
def unplace(event_id: int, meeting_id: int):
    event = owned_event(event_id)
    meeting = _meeting(event, meeting_id)
    return _act(event, lambda: placement.unplace(meeting, _("Taken out by the organiser.")),
                _("Meeting taken out of the grid; it is still agreed."))


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/delete")
def delete(event_id: int, meeting_id: int):
    event = owned_event(event_id)
    meeting = _meeting(event, meeting_id)
    return _act(event, lambda: placement.remove_meeting(meeting), _("Meeting removed."))


@bp.post("/events/<int:event_id>/meetings")
def add_meeting(event_id: int):
    event = owned_event(event_id)
    p = db.session.get(Participation, int_arg(request.form.get("a")) or 0)
    q = db.session.get(Participation, int_arg(request.form.get("b")) or 0)

    def action():
        if p is None or q is None or p.event_id != event.id or q.event_id != event.id:
            raise DomainError(_("Choose two admitted participants of this event."))
        placement.create_meeting(event, p, q, "organiser")

    return _act(event, action, _("Meeting added; generate or move it into the grid."))


@bp.post("/events/<int:event_id>/schedule/publish")
def publish(event_id: int):
    event = owned_event(event_id)
    return _act(event, lambda: schedule.publish_schedule(event),
                _("The schedule is published and the participants are told."))
