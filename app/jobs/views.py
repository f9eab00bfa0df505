"""Job status as JSON, polled by the progress indicator."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify
from flask_login import current_user, login_required

from ..extensions import db
from .models import Job

bp = Blueprint("jobs", __name__)


@bp.get("/jobs/<job_id>")
@login_required
def status(job_id: str):
    job = db.get_or_404(Job, job_id)
    if job.owner_id != current_user.id and not current_user.is_admin:
        abort(403)
    return jsonify(job.to_dict())
