"""The upload form and the confirmation form of a bulk import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SubmitField

from ..forms import choices

KINDS = {"organisations": _l("Organisations"), "participants": _l("Participants of an event")}


class UploadForm(FlaskForm):
    kind = SelectField(_l("What the file lists"), choices=choices(KINDS.items()))
    event = SelectField(_l("Event (for participants)"), choices=[], validate_choice=False)
    file = FileField(_l("CSV or Excel file"), validators=[FileRequired(_l("Choose a file to upload."))])
    submit = SubmitField(_l("Check the file"))


class ConfirmForm(FlaskForm):
    valid_only = BooleanField(_l("Import the valid rows and skip the rows with problems"))
    submit = SubmitField(_l("Import"))
