"""Bulk import for organisers: upload, preview every row's problems, then confirm."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..security import role_required
from . import organisations, storage
from .forms import KINDS, ConfirmForm, UploadForm
from .reading import extension_of, read_rows

bp = Blueprint("imports", __name__, url_prefix="/organiser/import")

IMPORTERS = {
    # kind: (check(rows, **meta) -> Preview, apply(preview, **meta) -> int, template rows)
    "organisations": (organisations.check_organisations, organisations.import_organisations,
                      organisations.TEMPLATE),
}


@bp.before_request
@role_required("organiser")
def _organisers_only():
    """Only organisers and admins import."""


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.kind.choices = choices((k, v) for k, v in KINDS.items() if k in IMPORTERS)
    form.event.choices = choices([("", "—")])
    return form


@bp.route("", methods=["GET", "POST"])
def index():
    form = _upload_form()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            ext = extension_of(upload.filename or "")
            data = upload.read()
            read_rows(data, ext)  # refuse unreadable files now, with the reason
        except DomainError as exc:
            form.file.errors = [exc.message]
        else:
            token = storage.save_upload(data, ext, upload.filename, form.kind.data, current_user.id)
            return redirect(url_for("imports.preview", token=token))
    return render_template("imports/upload.html", form=form), 400 if form.errors else 200


def _preview_of(token: str):
    stored = storage.load_upload(token, current_user.id)
    if stored is None:
        flash(_("That upload has expired or is not yours. Upload the file again."), "warning")
        return None, None
    data, info = stored
    check = IMPORTERS[info["kind"]][0]
    return check(read_rows(data, info["ext"])), info


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
            count = IMPORTERS[info["kind"]][1](result)
            db.session.commit()
            storage.discard_upload(token)
            flash(_("%(new)d imported, %(old)d already registered, %(bad)d skipped with problems.",
                    new=count, old=result.count("exists"), bad=result.count("error")), "success")
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
