"""Account forms; every message is shown next to its field."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from ..forms import choices

PASSWORD_MIN = 10

PREFERRED_ZONES = ["Europe/London", "Asia/Tokyo"]


def timezone_choices():
    """London and Tokyo first, then every other IANA zone alphabetically."""
    others = sorted(z for z in available_timezones() if "/" in z and z not in PREFERRED_ZONES)
    return choices((z, z) for z in PREFERRED_ZONES + ["UTC"] + others)


class EmailMixin:
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )


class SignupForm(EmailMixin, FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=120, message=_l("Use at most 120 characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=200,
                message=_l("Use between 10 and 200 characters."),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
    )
    consent = BooleanField(
        _l("I agree that Kakehashi keeps my details as the privacy notice explains."),
        validators=[InputRequired(_l("You need to agree to the privacy notice to sign up."))],
    )
    submit = SubmitField(_l("Create account"))


class LoginForm(EmailMixin, FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in"))
    submit = SubmitField(_l("Sign in"))


class ResetRequestForm(EmailMixin, FlaskForm):
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password = SignupForm.password
    confirm = SignupForm.confirm
    submit = SubmitField(_l("Set new password"))


class ConfirmSignupForm(FlaskForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter the password you chose when you signed up."))],
    )
    submit = SubmitField(_l("Confirm and sign in"))


class AccountForm(FlaskForm):
    name = SignupForm.name
    locale = SelectField(_l("Language"), choices=choices([("en", "English"), ("ja", "日本語")]))
    timezone = SelectField(_l("Time zone"))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()
