"""Sign-up, sign-in, sign-out, password reset, account settings, and user roles for admins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..audit import services as audit
from ..errors import Conflict, DomainError
from ..extensions import db
from ..mail import send_email
from ..ratelimit import by_address, limit
from ..security import ROLES, role_required
from . import services
from .forms import (
    AccountForm,
    ConfirmSignupForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from .models import User, normalise_email

bp = Blueprint("accounts", __name__)


def _safe_next(default: str) -> str:
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


def _sign_in(user: User, remember: bool = False) -> None:
    """Start a fresh session for `user`, keeping only the language choice."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


def _apply_field_errors(form, exc: DomainError) -> None:
    for name, messages in exc.fields.items():
        getattr(form, name).errors = list(messages)


@bp.route("/signup", methods=["GET", "POST"])
@limit("RATE_LIMIT_SIGN_UP")
@limit("RATE_LIMIT_SIGN_UP_PER_ADDRESS", key_func=by_address)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    if form.validate_on_submit():
        locale = str(get_locale())
        token = services.start_signup(form.name.data, form.email.data, form.password.data, locale)
        db.session.commit()
        address = normalise_email(form.email.data)
        if token is not None:
            send_email(address, _l("Confirm your Kakehashi account"), "accounts/email/confirm",
                       locale=locale, name=form.name.data.strip(),
                       link=url_for("accounts.confirm_signup", token=token, _external=True))
        else:  # the owner hears of it; the person signing up gets the same answer as anyone
            existing = services.find_user_by_email(address)
            send_email(address, _l("Someone tried to sign up to Kakehashi with your address"),
                       "accounts/email/signup_exists", locale=existing.locale or locale,
                       user=existing, login=url_for("accounts.login", _external=True),
                       reset=url_for("accounts.reset_request", _external=True))
        session["signup_email"] = address
        return redirect(url_for("accounts.signup_sent"))
    return render_template("accounts/signup.html", form=form), 400 if form.errors else 200


@bp.get("/signup/sent")
def signup_sent():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    return render_template("accounts/signup_sent.html", email=session.get("signup_email"))


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
@limit("RATE_LIMIT_SIGN_IN")
def confirm_signup(token: str):
    pending = services.pending_signup(token)
    if pending is None:
        flash(_("That link has expired or was already used. Sign up again, or sign in if you "
                "already confirmed your account."), "warning")
        return redirect(url_for("accounts.signup"))
    form = ConfirmSignupForm()
    if form.validate_on_submit():
        try:
            user = services.confirm_signup(pending, form.password.data)
        except Conflict as exc:
            flash(exc.message, "info")
            return redirect(url_for("accounts.login"))
        except DomainError as exc:
            _apply_field_errors(form, exc)
        else:
            db.session.commit()
            session.pop("signup_email", None)
            _sign_in(user)
            flash(_("Welcome to Kakehashi. Now tell us about your organisation."), "success")
            return redirect(url_for("organisations.create"))
    return render_template("accounts/confirm_signup.html", form=form, pending=pending), (
        400 if form.errors else 200)


@bp.route("/login", methods=["GET", "POST"])
@limit("RATE_LIMIT_SIGN_IN")
@limit("RATE_LIMIT_SIGN_IN_PER_ADDRESS", key_func=by_address)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors = [_("That e-mail address and password do not match an account.")]
        else:
            _sign_in(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(_safe_next(url_for("main.index")))
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limit("RATE_LIMIT_RESET")
@limit("RATE_LIMIT_RESET_PER_ADDRESS", key_func=by_address)
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.active:
            link = url_for(
                "accounts.reset_password", token=services.make_reset_token(user), _external=True
            )
            send_email(
                user.email,
                _l("Reset your Kakehashi password"),
                "accounts/email/reset",
                locale=user.locale,
                user=user,
                link=link,
            )
        flash(
            _("If that address has an account, we have sent it a link to reset the password."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limit("RATE_LIMIT_RESET")
def reset_password(token: str):
    user = services.user_from_reset_token(token)
    if user is None:
        flash(_("That reset link has expired or was already used. Ask for a new one."), "warning")
        return redirect(url_for("accounts.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        _sign_in(user)
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("main.index"))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.locale = form.locale.data
        current_user.timezone = form.timezone.data
        session["lang"] = form.locale.data
        db.session.commit()
        refresh()  # say it in the language just chosen
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/account.html", form=form), 400 if form.errors else 200


@bp.get("/admin/users")
@role_required("admin")
def admin_users():
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("accounts/admin_users.html", users=users, roles=ROLES)


@bp.post("/admin/users/<int:user_id>/role")
@role_required("admin")
def admin_set_role(user_id: int):
    user = db.get_or_404(User, user_id)
    previous = user.role
    try:
        services.change_role(user, request.form.get("role", ""))
    except DomainError as exc:
        flash(exc.message, "danger")
    else:
        audit.record_audit(current_user, "user.role_changed", user, {"from": previous, "to": user.role})
        db.session.commit()
        flash(_("%(email)s is now %(role)s.", email=user.email, role=user.role), "success")
    return redirect(url_for("accounts.admin_users"))
