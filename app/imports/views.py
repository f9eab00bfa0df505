"""Bulk import for organisers: upload, preview every row's problems, then confirm."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..forms import choices
from ..security import role_required
from . import organisations, participants, storage
from .forms import KINDS, ConfirmForm, UploadForm
from .reading import extension_of, read_rows

bp = Blueprint("imports", __name__, url_prefix="/organiser/import")

IMPORTERS = {
    # kind: (check(rows, event) -> Preview, apply(preview, event) -> int, example rows)
    "organisations": (lambda rows, _event: organisations.check_organisations(rows),
                      lambda preview, _event: organisations.import_organisations(preview),
                      organisations.TEMPLATE),
    "participants": (participants.check_participants, participants.import_participants,
                     participants.TEMPLATE),
}


@bp.before_request
@role_required("organiser")
def _organisers_only():
    """Only organisers and admins import."""


def _my_events() -> list[Event]:
    stmt = select(Event).order_by(Event.starts_on.desc(), Event.id.desc())
    if not current_user.is_admin:
        stmt = stmt.where(Event.organiser_id == current_user.id)
    return list(db.session.scalars(stmt))


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.kind.choices = choices(KINDS.items())
    form.event.choices = choices([("", "—")] + [(str(e.id), e.title) for e in _my_events()])
    return form


def _event_for(event_id) -> Event | None:
    """The event named by the upload, if the current user runs it; 403 for someone else's."""
    if not event_id:
        return None
    if not str(event_id).isdigit():
        abort(404)
    event = db.get_or_404(Event, int(event_id))
    if not event.admin_by(current_user):
        abort(403)
    return event


@bp.route("", methods=["GET", "POST"])
def index():
    form = _upload_form()
    if form.validate_on_submit():
        upload = form.file.data
        event_id = form.event.data if form.kind.data == "participants" else ""
        try:
            ext = extension_of(upload.filename or "")
            data = upload.read()
            read_rows(data, ext)  # refuse unreadable files now, with the reason
        except DomainError as exc:
            form.file.errors = [exc.message]
        else:
            if form.kind.data == "participants" and not event_id:
                form.event.errors = [_("Choose the event the participants take part in.")]
            else:
                _event_for(event_id)
                token = storage.save_upload(data, ext, upload.filename, form.kind.data,
                                            current_user.id, event_id=event_id)
                return redirect(url_for("imports.preview", token=token))
    return render_template("imports/upload.html", form=form), 400 if form.errors else 200


def _preview_of(token: str):
    stored = storage.load_upload(token, current_user.id)
    if stored is None:
        flash(_("That upload has expired or is not yours. Upload the file again."), "warning")
        return None, None
    data, info = stored
    info["event"] = _event_for(info.get("event_id"))
    check = IMPORTERS[info["kind"]][0]
    return check(read_rows(data, info["ext"]), info["event"]), info


@bp.route("/<token>", methods=["GET", "POST"])
def preview(token: str):
    result, info = _preview_of(token)
    if result is None:
        return redirect(url_for("imports.index"))
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        if result.missing_columns:
            flash(_("The file lacks required columns; nothing was imported."), "danger")
            status = 400
        elif result.has_errors and not form.valid_only.data:
            flash(_("Nothing was imported: some rows have problems. Correct the file and upload "
                    "it again, or tick “import the valid rows”."), "danger")
            status = 400
        else:
            count = IMPORTERS[info["kind"]][1](result, info["event"])
            db.session.commit()
            storage.discard_upload(token)
            flash(_("%(new)d imported, %(old)d already registered, %(bad)d skipped with problems.",
                    new=count, old=result.count("exists"), bad=result.count("error")), "success")
            if info["event"] is not None:
                return redirect(url_for("organiser.participants", event_id=info["event"].id))
            return redirect(url_for("imports.index"))
    return render_template("imports/preview.html", result=result, info=info, form=form,
                           kinds=KINDS), status


@bp.get("/template/<kind>.csv")
def template(kind: str):
    """A CSV with the columns the import reads and one example row."""
    if kind not in IMPORTERS:
        abort(404)
    out = io.StringIO()
    csv.writer(out).writerows(IMPORTERS[kind][2])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=kakehashi-{kind}.csv"})
