"""The journey through an event in a real browser: apply, admitted, request, accepted, scheduled, ICS."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from .conftest import screenshot
from .test_accessibility import sign_in
from .test_journey import sign_up

pytestmark = pytest.mark.e2e

ORGANISER = ("organiser@kakehashi.example", "organiser-demo-2026")


def _event_id(app, key: str) -> int:
    from app.events.models import Event
    from app.extensions import db

    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.seed_key == key))
        db.session.remove()
    return event_id


def _member_of(app, organisation_name: str) -> str:
    from app.accounts.models import Membership, User
    from app.extensions import db
    from app.organisations.models import Organisation

    with app.app_context():
        email = db.session.scalar(select(User.email).join(Membership).join(Organisation)
                                  .where(Organisation.name == organisation_name))
        db.session.remove()
    return email


def _japanese_participant(app, event_id: int) -> str:
    from app.events.models import Participation
    from app.extensions import db
    from app.organisations.models import Organisation

    with app.app_context():
        name = db.session.scalar(select(Organisation.name).join(Participation).where(
            Participation.event_id == event_id, Participation.status == "admitted",
            Organisation.country == "JP").order_by(Organisation.name))
        db.session.remove()
    return name


def test_request_accept_schedule_and_download_the_calendar(new_page, live_server):
    from app.demo.loader import DEMO_PASSWORD

    event_id = _event_id(live_server, "semicon-japan")
    # a new UK participant registers and applies
    me = new_page()
    sign_up(me, live_server, "Ewan Price", "ewan@tay-photonics.example")
    me.get_by_label("Organisation name").fill("Tay Photonics")
    me.locator("#country").select_option("GB")
    me.get_by_label("Type of organisation").select_option("sme")
    me.locator("#description").fill("Gallium nitride power devices and epitaxy for fast chargers.")
    me.get_by_label("What we seek").fill("Japanese substrate suppliers and packaging houses.")
    me.locator("#capabilities-picker").get_by_label(re.compile("^Gallium nitride \\(GaN\\) power")).check()
    me.locator("#looking_for-picker").get_by_label(re.compile("^SiC substrates and wafers")).check()
    me.get_by_role("button", name="Save profile").click()
    me.goto(f"/events/{event_id}")
    me.locator("#role").select_option("delegate")
    me.get_by_role("button", name="Apply for my organisation").click()
    expect(me.get_by_role("alert").first).to_be_visible()
    screenshot(me, "20-event-applied")

    # the organiser admits it
    organiser = new_page()
    sign_in(organiser, *ORGANISER, "en")
    organiser.goto(f"/organiser/events/{event_id}/participants?status=applied")
    row = organiser.locator("tr", has_text="Tay Photonics")
    row.locator("button[name=decision][value=admitted]").click()
    organiser.goto(f"/organiser/events/{event_id}/participants?status=admitted")
    expect(organiser.locator("tr", has_text="Tay Photonics")).to_be_visible()

    # the participant asks a Japanese participant for a meeting
    partner = _japanese_participant(live_server, event_id)
    me.goto(f"/events/{event_id}/partners")
    me.locator("#to_id").select_option(label=partner)
    me.locator("#note").fill("GaN on SiC: shall we talk?")
    screenshot(me, "21-event-partners")
    me.get_by_role("button", name="Send request").click()
    expect(me.get_by_role("alert").first).to_be_visible()

    # the other side accepts (a demo member; its pages may be in Japanese)
    other = new_page("ja-JP")
    sign_in(other, _member_of(live_server, partner), DEMO_PASSWORD, "ja")
    other.goto(f"/events/{event_id}/requests")
    request_row = other.locator("tr", has_text="Tay Photonics")
    screenshot(other, "22-requests-received-ja")
    request_row.locator("form[action$='/accept'] button").click()
    expect(other.locator("tr", has_text="Tay Photonics").locator("form[action$='/accept']")).to_have_count(0)

    # the organiser generates and publishes the schedule
    organiser.goto(f"/organiser/events/{event_id}/schedule")
    organiser.get_by_role("button", name=re.compile("^Generate")).click()
    expect(organiser.get_by_role("alert").first).to_contain_text("Schedule generated")
    screenshot(organiser, "23-organiser-schedule")
    organiser.get_by_role("button", name=re.compile("^Publish")).click()
    expect(organiser.get_by_role("alert").first).to_be_visible()
    organiser.goto(f"/organiser/events/{event_id}/dashboard")
    organiser.wait_for_load_state("networkidle")
    screenshot(organiser, "24-organiser-dashboard")

    # the participant sees the meeting in the itinerary and takes the calendar file
    me.goto(f"/events/{event_id}/itinerary")
    expect(me.locator("main")).to_contain_text(partner)
    screenshot(me, "25-itinerary")
    with me.expect_download() as download:
        me.get_by_role("link", name="Add to my calendar (ICS)").click()
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in calendar and partner.split()[0] in calendar

    # the same itinerary in Japanese
    me.locator("nav button[name=lang][value=ja]").click()
    expect(me.get_by_role("link", name="カレンダーに追加（ICS）")).to_be_visible()
    expect(me.locator("main")).to_contain_text(partner)
    screenshot(me, "26-itinerary-ja")
