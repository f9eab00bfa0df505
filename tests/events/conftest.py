"""Creators for event tests: an event with a venue and sessions, and admitted participants."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import g

from app.extensions import db

PASSWORD = "correct horse battery"


@pytest.fixture
def make_event(app, make_user):
    from app.events.services.setup import add_session, add_venue, save_event

    def make(organiser=None, kind="trade_show", tz="Asia/Tokyo", first_day=None, days=1,
             start=dt.time(10), end=dt.time(12), meeting=30, brk=0, tables=2, **fields):
        organiser = organiser or make_user(role="organiser")
        today = dt.date.today()
        first_day = first_day or today + dt.timedelta(days=30)
        data = dict(kind=kind, title=f"{kind} mission", description="A mission.", starts_on=first_day,
                    ends_on=first_day + dt.timedelta(days=days - 1), timezone=tz,
                    registration_opens=today - dt.timedelta(days=1),
                    registration_closes=today + dt.timedelta(days=10), places=None,
                    request_expiry_hours=72, target_meetings=2, cross_border_only=True,
                    table_size=4, listed=True, role_rules=[])
        data.update(fields)
        event = save_event(None, data, organiser)
        venue = add_venue(event, dict(name="Big Sight", address="3-11-1 Ariake", city="Tokyo",
                                      timezone=tz, lat=35.63, lon=139.79))
        for d in range(days):
            add_session(event, dict(venue_id=venue.id, day=first_day + dt.timedelta(days=d),
                                    start_time=start, end_time=end, meeting_minutes=meeting,
                                    break_minutes=brk, tables=tables))
        db.session.commit()
        return event

    return make


@pytest.fixture
def join(app, make_user, make_org):
    """join(event, name, country, role='delegate', status='admitted') -> (participation, user)."""
    from app.events.models import Participation

    def make(event, name, country="GB", role="delegate", status="admitted", **org_fields):
        user = make_user(name=f"{name} person", timezone="Europe/London" if country == "GB" else "Asia/Tokyo")
        org = make_org(name, country=country, members=[user],
                       contact_email=f"{name.lower().replace(' ', '')}@example.com",
                       contact_name=f"{name} contact", **org_fields)
        p = Participation(event=event, organisation=org, role=role, status=status)
        db.session.add(p)
        db.session.commit()
        return p, user

    return make


class QuickAuth:
    """Sign in by writing Flask-Login's session keys (no password hashing: these tests are about
    events; the real sign-in form is exercised by the accounts tests and once by the journey)."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = PASSWORD):
        from sqlalchemy import select

        from app.accounts.models import User

        user = db.session.scalar(select(User).where(User.email == email.lower()))
        with self._client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        g.pop("_login_user", None)  # requests share the test's app context, hence its `g`

    def logout(self):
        with self._client.session_transaction() as session:
            session.pop("_user_id", None)
            session["_flashes"] = []
        g.pop("_login_user", None)


@pytest.fixture
def auth(client) -> QuickAuth:
    return QuickAuth(client)


@pytest.fixture(autouse=True)
def fresh_matcher_index(app):
    """Each test starts with no cached matcher index: ids are reused once tables are emptied."""
    from app.matching import services

    services.reset_cache()
    yield
    services.reset_cache()
