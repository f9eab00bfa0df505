"""The audit log page for administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..extensions import db
from ..inputs import page_number
from ..security import role_required
from . import services

bp = Blueprint("audit", __name__)


@bp.get("/admin/audit")
@role_required("admin")
def admin_log():
    action = (request.args.get("action") or "").strip()[:60]
    page = db.paginate(
        services.audit_query(action=action), page=page_number(), per_page=50, error_out=False
    )
    return render_template(
        "audit/admin_log.html", page=page, action=action, actions=services.known_actions()
    )
