"""The form that creates a personal access token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..forms import choices

SCOPE_LABELS = {
    "read": _l("Read only: look things up"),
    "read-write": _l("Read and write: also change your profile and answer meeting requests"),
}


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[
            DataRequired(_l("Name the token, for example “CRM sync”.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
        ],
    )
    scope = RadioField(_l("Access"), choices=choices(SCOPE_LABELS.items()), default="read")
    submit = SubmitField(_l("Create token"))
