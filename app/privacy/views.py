"""Download my data and delete my account, from the account page."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from ..extensions import db
from . import services
from .forms import DeleteAccountForm

bp = Blueprint("privacy", __name__)


@bp.get("/account/data")
@login_required
def download():
    body = json.dumps(services.export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="kakehashi-data-{current_user.id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors = [_("That is not your password.")]
        else:
            services.delete_account(current_user._get_current_object())
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Thank you for using Kakehashi."), "info")
            return redirect(url_for("main.index"))
    organisations = [
        (m.organisation, len(m.organisation.memberships) > 1) for m in current_user.memberships
    ]
    return (
        render_template("privacy/delete.html", form=form, organisations=organisations),
        400 if form.errors else 200,
    )
