"""The organisation profile form and the directory filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import LongSelect, choices
from .models import COUNTRIES, INTERESTS, ORG_TYPES, SIZE_BANDS

MAX_TAGS = 10


def _max(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters.", max=n))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TagField(SelectMultipleField):
    """Tag ids picked from the taxonomy; unknown ids are refused with a message."""

    widget = LongSelect(multiple=True)

    def pre_validate(self, form):
        known = {c.value for c in self.choices or []}
        unknown = [value for value in self.data or [] if value not in known]
        if unknown:
            raise ValidationError(_l("Choose tags from the taxonomy; some were not recognised."))

    def process_formdata(self, valuelist):
        try:
            self.data = list(dict.fromkeys(int(v) for v in valuelist))
        except ValueError as exc:
            self.data = []
            raise ValueError(_l("Choose tags from the taxonomy; some were not recognised.")) from exc


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Organisation name"), validators=[DataRequired(_l("Enter the name.")), _max(200)]
    )
    name_ja = StringField(_l("Name in Japanese"), validators=[Optional(), _max(200)])
    country = SelectField(
        _l("Country"),
        choices=choices(COUNTRIES.items()),
        validate_choice=True,
    )
    org_type = SelectField(_l("Type of organisation"), choices=choices(ORG_TYPES.items()))
    size_band = SelectField(
        _l("Size"), choices=choices([("", _l("Not stated")), *SIZE_BANDS.items()])
    )
    region = StringField(_l("Region or prefecture"), validators=[Optional(), _max(100)])
    city = StringField(_l("City"), validators=[Optional(), _max(100)])
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            _max(300),
            URL(require_tld=True, message=_l("Enter a web address like https://example.com.")),
        ],
    )
    description = TextAreaField(
        _l("What your organisation does"),
        validators=[DataRequired(_l("Describe your organisation in a few sentences.")), _max(5000)],
    )
    offers = TextAreaField(_l("What we offer"), validators=[Optional(), _max(2000)])
    seeks = TextAreaField(_l("What we seek"), validators=[Optional(), _max(2000)])
    interests = MultiCheckboxField(
        _l("Collaboration interests"), choices=choices(INTERESTS.items()), validate_choice=True
    )
    capabilities = TagField(_l("Capabilities (we do)"), coerce=int)
    looking_for = TagField(_l("Interests (we look for)"), coerce=int)
    contact_name = StringField(_l("Contact person"), validators=[Optional(), _max(120)])
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            Optional(),
            _max(254),
            Email(_l("Enter an e-mail address like name@example.com."), check_deliverability=False),
        ],
    )
    contact_phone = StringField(_l("Contact telephone"), validators=[Optional(), _max(40)])
    submit = SubmitField(_l("Save profile"))

    def validate_capabilities(self, field):
        if len(field.data or []) > MAX_TAGS:
            raise ValidationError(_l("Choose at most %(n)d tags.", n=MAX_TAGS))

    def validate_looking_for(self, field):
        self.validate_capabilities(field)


class DirectoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), _max(200)])
    country = SelectField(
        _l("Country"), choices=choices([("", _l("Any country")), *COUNTRIES.items()]), default=""
    )
    type = SelectField(_l("Type"), choices=choices([("", _l("Any type")), *ORG_TYPES.items()]), default="")
    tag = SelectField(_l("Field or technology"), choices=choices([("", _l("Any field"))]), default="",
                      widget=LongSelect())
    region = StringField(_l("Region"), validators=[Optional(), _max(100)])
