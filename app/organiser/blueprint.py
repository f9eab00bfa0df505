"""The organiser area: one blueprint under /organiser, one role check for every page."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("organiser", __name__, url_prefix="/organiser")


@bp.before_request
def organisers_only():
    """Anonymous visitors sign in; signed-in users who are not organisers or admins get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_organiser:
        abort(403)
    return None
