"""Forms of the events area: the event, its venues and sessions, applying, requests, outcomes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import choices
from ..organisations.forms import MultiCheckboxField
from .meeting_models import OUTCOMES
from .models import KINDS, ROLES

ROLE_PAIRS = [("delegate", "host"), ("delegate", "exhibitor"), ("delegate", "expert"),
              ("expert", "host"), ("exhibitor", "host"), ("delegate", "delegate")]


def role_pair_choices():
    return choices((f"{a}-{b}", f"{ROLES[a]} ↔ {ROLES[b]}") for a, b in ROLE_PAIRS)


def _int(label, low, high, required=True, default=None):
    checks = [InputRequired(message=_l("Enter a number."))] if required else [Optional()]
    return IntegerField(label, checks + [NumberRange(low, high, message=_l(
        "Enter a whole number from %(min)s to %(max)s."))], default=default)


class EventForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(KINDS.items()), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    starts_on = DateField(_l("First day"), validators=[InputRequired(message=_l("Enter a date."))])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(message=_l("Enter a date."))])
    timezone = SelectField(_l("Time zone"), validate_choice=False,
                           validators=[DataRequired(message=_l("Choose a time zone."))])
    registration_opens = DateField(_l("Registration opens"),
                                   validators=[InputRequired(message=_l("Enter a date."))])
    registration_closes = DateField(_l("Registration closes"),
                                    validators=[InputRequired(message=_l("Enter a date."))])
    places = _int(_l("Places (blank for no cap)"), 1, 100_000, required=False)
    request_expiry_hours = _int(_l("Unanswered requests expire after (hours)"), 1, 24 * 60, default=72)
    target_meetings = _int(_l("Target meetings per participant"), 0, 50, default=6)
    table_size = _int(_l("Seats per roundtable table"), 2, 30, default=8)
    cross_border_only = BooleanField(_l("UK ↔ Japan meetings only"), default=True)
    role_rules = MultiCheckboxField(_l("Roles that may meet (none ticked: any roles)"),
                                     validators=[Optional()])
    listed = BooleanField(_l("Listed on the events page"), default=True)


class VenueForm(FlaskForm):
    name = StringField(_l("Venue name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Length(max=300)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    timezone = SelectField(_l("Time zone"), validate_choice=False, validators=[DataRequired(message=_l(
        "A venue needs a time zone."))])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)])


class SessionForm(FlaskForm):
    venue_id = SelectField(_l("Venue"), coerce=int, validators=[InputRequired()])
    label = StringField(_l("Label"), validators=[Length(max=120)])
    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Enter a date."))])
    start_time = TimeField(_l("Starts"), validators=[InputRequired(message=_l("Enter a time."))])
    end_time = TimeField(_l("Ends"), validators=[InputRequired(message=_l("Enter a time."))])
    meeting_minutes = _int(_l("Meeting length (minutes)"), 5, 600, default=30)
    break_minutes = _int(_l("Break between meetings (minutes)"), 0, 240, default=5)
    tables = _int(_l("Tables or rooms"), 1, 1000, default=10)
    reschedule = BooleanField(_l("Re-schedule: I accept that a published schedule is unpublished "
                                 "and affected meetings are unplaced"))


class ApplyForm(FlaskForm):
    role = SelectField(_l("Take part as"), choices=choices(ROLES.items()), validators=[DataRequired()])
    note = TextAreaField(_l("Note to the organiser"), validators=[Length(max=2000)])


class RequestForm(FlaskForm):
    to_id = SelectField(_l("Participant"), coerce=int, validate_choice=False,
                        validators=[InputRequired(message=_l("Choose a participant."))])
    slot_id = SelectField(_l("Proposed time (optional)"), coerce=int, validate_choice=False,
                          validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class OutcomeForm(FlaskForm):
    took_place = RadioField(_l("Did the meeting take place?"),
                            choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
                            validators=[DataRequired(message=_l("Say whether it took place."))])
    outcome = SelectField(_l("Outcome"), choices=choices([("", "—"), *OUTCOMES.items()]),
                          validators=[Optional()])


class VisitForm(FlaskForm):
    host_id = SelectField(_l("Host"), coerce=int, validators=[InputRequired()])
    venue_id = SelectField(_l("Venue"), coerce=int, validators=[InputRequired()])
    opens = TimeField(_l("Host available from"), validators=[InputRequired(message=_l("Enter a time."))])
    closes = TimeField(_l("Host available until"), validators=[InputRequired(message=_l("Enter a time."))])
    duration_minutes = _int(_l("Visit length (minutes)"), 15, 600, default=90)
    priority = FloatField(_l("Priority (1–100)"), default=50.0,
                          validators=[InputRequired(), NumberRange(1, 100)])
