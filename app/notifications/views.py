"""The page where users choose which notifications they receive."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from .services import KINDS, wants

bp = Blueprint("notifications", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    if request.method == "POST":
        chosen = set(request.form.getlist("kinds"))
        current_user.email_prefs = {kind: kind in chosen for kind in KINDS}
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html",
        kinds=KINDS,
        enabled={kind for kind in KINDS if wants(current_user, kind)},
    )
