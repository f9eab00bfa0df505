"""Small view helpers shared by the events and organiser pages."""

from __future__ import annotations

from flask import abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm

from ..errors import DomainError
from ..extensions import db
from ..inputs import id_or_none
from .models import Event


def get_event(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def owned_event(event_id: int) -> Event:
    """The event when the current user organises it (or is an admin); 403 otherwise."""
    event = get_event(event_id)
    if not event.admin_by(current_user):
        abort(403)
    return event


def show_error(exc: DomainError, form: FlaskForm | None = None) -> None:
    """Put a domain error next to its fields (when the form has them) and in a flash message."""
    db.session.rollback()
    placed = False
    if form is not None:
        for name, messages in exc.fields.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = list(field.errors or []) + list(messages)
                placed = True
    flash(exc.message, "danger")
    if form is not None and not placed and form.errors == {}:
        form.form_errors.append(exc.message)


def int_arg(value) -> int | None:
    """A positive id or number from form or query text that the database can hold, else None."""
    return id_or_none(str(value or ""))
