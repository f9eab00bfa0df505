"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the main pages, in both languages."""

import pytest

from .conftest import screenshot, serious_violations

pytestmark = pytest.mark.e2e

PUBLIC = ["/", "/organisations", "/organisations?q=zzzz-nothing", "/organisations/1", "/signup",
          "/signup/sent", "/login", "/reset", "/privacy", "/events", "/events/1"]
MEMBER = ["/organisations/1/edit", "/matches", "/account", "/account/notifications"]
ORGANISER = ["/organiser/import", "/organiser/", "/organiser/events/1/participants",
             "/organiser/events/1/schedule", "/organiser/events/1/dashboard", "/events/1/itinerary"]


def sign_in(page, email: str, password: str, lang: str) -> None:
    """Sign in, then choose the language with the header switcher (it overrides the account's)."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.locator(f"nav button[name=lang][value={lang}]").click()


def check(page, paths, lang: str) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == lang
        if problems := serious_violations(page):
            found[path] = problems
    return found


@pytest.mark.parametrize("locale", ["en-GB", "ja-JP"])
def test_public_pages(new_page, locale):
    page = new_page(locale)
    assert check(page, PUBLIC, locale[:2]) == {}


@pytest.mark.parametrize("locale", ["en-GB", "ja-JP"])
def test_member_and_organiser_pages(new_page, live_server, locale):
    from app.demo.loader import DEMO_PASSWORD

    with live_server.app_context():
        from sqlalchemy import select

        from app.accounts.models import Membership, User
        from app.extensions import db

        member = db.session.scalar(select(User.email).join(Membership)
                                   .where(Membership.organisation_id == 1))
        db.session.remove()
    page = new_page(locale)
    sign_in(page, member, DEMO_PASSWORD, locale[:2])
    assert check(page, MEMBER, locale[:2]) == {}
    if locale == "en-GB":
        screenshot(page, "06-notification-settings")
    page = new_page(locale)
    sign_in(page, "organiser@kakehashi.example", "organiser-demo-2026", locale[:2])
    # the organiser's pages share their markup across languages: Japanese checks two of them
    assert check(page, ORGANISER if locale == "en-GB" else ORGANISER[:2], locale[:2]) == {}
    screenshot(page, f"07-organiser-{locale[:2]}")
