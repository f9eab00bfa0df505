"""Importing an event's participants: people and the registered organisations they act for."""

from __future__ import annotations

import secrets

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import Membership, User, utcnow
from ..accounts.services import make_reset_token
from ..events.models import ROLES, Event, Participation
from ..extensions import db
from ..i18n import COUNTRY_TIMEZONES
from ..mail import send_email
from ..organisations.models import COUNTRIES, Organisation
from .checks import Checked, Preview, check_email, check_length, missing_columns, pick, vocabulary
from .organisations import COUNTRY_ALIASES
from .reading import Row

COLUMNS = {
    "organisation": ("organisation", "organization", "company", "organisation_name"),
    "country": ("country",),
    "email": ("email", "e_mail", "email_address"),
    "name": ("name", "person", "contact_name", "full_name"),
    "role": ("role",),
}
REQUIRED = ("organisation", "country", "email")
LABELS = {"organisation": _l("Organisation"), "country": _l("Country"), "email": _l("E-mail")}
TEMPLATE = [
    ["organisation", "country", "email", "name", "role"],
    ["Kaga University", "JP", "tanaka@kaga-u.example", "Tanaka Yui", "delegate"],
]


def check_participants(rows: list[Row], event: Event) -> Preview:
    """Every row's problems; rows whose organisation already takes part with this person are kept."""
    countries = vocabulary(COUNTRIES, COUNTRY_ALIASES)
    roles = vocabulary(ROLES)
    organisations = {}
    for org in db.session.scalars(select(Organisation)):
        for name in (org.name, org.name_ja):
            if name:
                organisations[(name.strip().lower(), org.country)] = org
    taking_part = set(db.session.scalars(select(Participation.organisation_id).where(
        Participation.event_id == event.id)))
    seen_email: dict[str, int] = {}
    checked = []
    for row in rows:
        values = {key: pick(row, aliases) for key, aliases in COLUMNS.items()}
        result = Checked(row.line, f"{values['name'] or values['email']} · {values['organisation']}")
        problems = result.problems
        for key in ("organisation", "country"):
            if not values[key]:
                problems.append(_("%(field)s is missing.", field=LABELS[key]))
        email = check_email(values["email"], problems, required=True)
        name = check_length(values["name"], 120, _("Name"), problems)
        country = countries.get(values["country"].lower()) if values["country"] else ""
        if values["country"] and not country:
            problems.append(_("Unknown %(field)s “%(value)s”.", field=_("country"), value=values["country"]))
        role = roles.get(values["role"].lower(), "") if values["role"] else "delegate"
        if not role:
            problems.append(_("Unknown %(field)s “%(value)s”.", field=_("role"), value=values["role"]))
        organisation = organisations.get((values["organisation"].lower(), country))
        if values["organisation"] and country and organisation is None:
            problems.append(_("No registered organisation “%(name)s” in %(country)s; import the "
                              "organisations first.", name=values["organisation"],
                              country=COUNTRIES[country]))
        user = db.session.scalar(select(User).where(func.lower(User.email) == email)) if email else None
        if user is not None and organisation is not None and user.organisation is not None \
                and user.organisation.id != organisation.id:
            problems.append(_("%(email)s already acts for another organisation.", email=email))
        if email in seen_email:
            problems.append(_("Duplicate of line %(line)d.", line=seen_email[email]))
        elif email:
            seen_email[email] = row.line
        if organisation is not None:  # several people may act for one organisation
            result.exists = organisation.id in taking_part and user is not None \
                and user.is_member_of(organisation.id)
        result.data = {"email": email, "name": name, "role": role,
                       "organisation_id": organisation.id if organisation else None}
        checked.append(result)
    return Preview("participants", checked, missing_columns(rows, COLUMNS, REQUIRED))


def import_participants(preview: Preview, event: Event) -> int:
    """Admit each new row's organisation to the event with its person as a member; returns how many.

    People without an account get one, and an e-mail inviting them to choose a password.
    """
    for row in preview.importable:
        organisation = db.session.get(Organisation, row.data["organisation_id"])
        user = db.session.scalar(select(User).where(func.lower(User.email) == row.data["email"]))
        invite = user is None
        if invite:
            user = User(email=row.data["email"], name=row.data["name"] or row.data["email"].split("@")[0],
                        locale="ja" if organisation.country == "JP" else "en",
                        timezone=COUNTRY_TIMEZONES[organisation.country])
            user.set_password(secrets.token_urlsafe(32))
            db.session.add(user)
        if not user.is_member_of(organisation.id):
            db.session.add(Membership(user=user, organisation=organisation))
        participation = db.session.scalar(select(Participation).where(
            Participation.event_id == event.id, Participation.organisation_id == organisation.id))
        if participation is None:
            db.session.add(Participation(event=event, organisation=organisation, role=row.data["role"],
                                         status="admitted", decided_at=utcnow()))
        db.session.flush()
        if invite:
            link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
            send_email(user.email, _l("You are registered for %(event)s on Kakehashi", event=event.title),
                       "imports/email/invitation", user.locale, user=user, event=event, link=link)
    return len(preview.importable)
