"""Creating and editing an event (the form both /events/new and the organiser area use)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..security import role_required
from .blueprint import bp
from .forms import EventForm, role_pair_choices
from .helpers import show_error
from .models import Event
from .services.setup import save_event, zone_choices


def event_form(event: Event | None) -> EventForm:
    """The event form, filled from the event (or the request), its selects populated."""
    form = EventForm(obj=event)
    form.timezone.choices = choices(zone_choices())
    form.role_rules.choices = role_pair_choices()
    if event is not None and request.method == "GET":
        zone = event.timezone
        from zoneinfo import ZoneInfo

        form.registration_opens.data = event.registration_opens_at.astimezone(ZoneInfo(zone)).date()
        form.registration_closes.data = event.registration_closes_at.astimezone(ZoneInfo(zone)).date()
        form.role_rules.data = ["-".join(pair) for pair in event.role_rules or []]
    return form


def event_form_page(event: Event | None):
    """Show the event form; on a valid POST save it and go to the event's organiser page."""
    form = event_form(event)
    if form.validate_on_submit():
        data = dict(form.data)
        data["role_rules"] = [tuple(v.split("-", 1)) for v in form.role_rules.data or []]
        try:
            saved = save_event(event, data, current_user)
        except DomainError as exc:
            show_error(exc, form)
        else:
            db.session.commit()
            flash(_("The event is saved."), "success")
            return redirect(url_for("organiser.event", event_id=saved.id))
    return render_template("events/edit.html", form=form, event=event), 400 if form.errors else 200


@bp.route("/events/new", methods=["GET", "POST"])
@role_required("organiser")
def new():
    return event_form_page(None)
