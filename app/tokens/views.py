"""The page where users create and revoke their personal access tokens for the API."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from . import services
from .forms import SCOPE_LABELS, TokenForm

bp = Blueprint("tokens", __name__)


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    return (
        render_template(
            "tokens/tokens.html",
            form=form,
            tokens=services.active_tokens(current_user),
            secret=secret,
            scope_labels=SCOPE_LABELS,
        ),
        status,
    )


@bp.get("/account/tokens")
@login_required
def index():
    return _page(TokenForm())


@bp.post("/account/tokens")
@login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = services.create_token(current_user, form.name.data, form.scope.data)
        except DomainError as exc:
            for name, messages in exc.fields.items():
                getattr(form, name).errors = list(messages)
            if not exc.fields:
                flash(exc.message, "danger")
            return _page(form, status=400)
        db.session.commit()
        # Shown in this response only: the secret is never stored and never put in the session.
        return _page(TokenForm(formdata=None), secret=secret, status=201)
    return _page(form, status=400)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    token = services.revoke_token(current_user, token_id)
    db.session.commit()
    flash(_("The token “%(name)s” no longer works.", name=token.name), "success")
    return redirect(url_for("tokens.index"))
