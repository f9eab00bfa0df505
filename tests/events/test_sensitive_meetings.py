"""A request or meeting touching a dual-use tag carries the notice to both sides and to the
organiser; contact details on an organisation page follow the events rule."""

from __future__ import annotations

import pytest

from app.extensions import db

NOTICE = "Sensitive technology"


@pytest.fixture
def mission(app, make_event, join, make_tag, make_user, make_org):
    """Two agreed, published meetings: one over a dual-use tag, one over nothing sensitive."""
    from app.events.services import requests, schedule

    dual = make_tag("sic-wafers", "SiC wafers", sensitivity="dual_use")
    plain = make_tag("digital-gov", "Digital government")
    organiser = make_user("org@example.com", role="organiser")
    event = make_event(organiser=organiser)
    gb, gb_user = join(event, "Aston Power", "GB", capabilities=[dual])
    jp, jp_user = join(event, "Chiba Labs", "JP", looking_for=[plain])
    gb2, gb2_user = join(event, "Bristol Gov", "GB", capabilities=[plain])
    jp2, jp2_user = join(event, "Osaka Gov", "JP", looking_for=[plain])
    slot = event.slots[0]
    for sender, recipient, s in ((gb, jp, slot), (gb2, jp2, slot)):
        req = requests.send_request(event, sender, recipient.id, "Let us meet", s.id)
        db.session.commit()
        requests.accept_request(req, recipient)
        db.session.commit()
    schedule.publish_schedule(event)
    db.session.commit()
    stranger = make_user("stranger@example.com")
    make_org("Elsewhere Ltd", members=[stranger])
    admin = make_user("admin@example.com", role="admin")
    return dict(event=event.id, jp_org=jp.organisation_id, users=dict(
        gb=gb_user.email, jp=jp_user.email, gb2=gb2_user.email, jp2=jp2_user.email,
        organiser=organiser.email, stranger=stranger.email, admin=admin.email))


def _page(client, auth, who, url):
    auth.login(who)
    response = client.get(url)
    auth.logout()
    assert response.status_code == 200, (who, url, response.status_code)
    return response.get_data(as_text=True)


def test_both_sides_of_a_dual_use_request_and_meeting_see_the_notice(client, auth, mission):
    e, users = mission["event"], mission["users"]
    for who in ("gb", "jp"):
        requests_page = _page(client, auth, users[who], f"/events/{e}/requests")
        assert requests_page.count(NOTICE) == 1 and "SiC wafers (Dual-use)" in requests_page
        itinerary = _page(client, auth, users[who], f"/events/{e}/itinerary")
        assert itinerary.count(NOTICE) == 1 and "SiC wafers" in itinerary
    partners = _page(client, auth, users["jp"], f"/events/{e}/partners")
    assert NOTICE in partners and "SiC wafers" in partners


def test_a_pair_without_sensitive_tags_sees_no_notice(client, auth, mission):
    e, users = mission["event"], mission["users"]
    for who in ("gb2", "jp2"):
        for page in ("requests", "itinerary"):
            assert NOTICE not in _page(client, auth, users[who], f"/events/{e}/{page}")


def test_the_organiser_sees_a_marker_per_meeting_and_a_summary(client, auth, mission):
    e, organiser = mission["event"], mission["users"]["organiser"]
    schedule = _page(client, auth, organiser, f"/organiser/events/{e}/schedule")
    assert "1 meeting involves technology marked as dual-use" in schedule
    assert schedule.count("sensitivity-marker") == 1
    people = _page(client, auth, organiser, f"/organiser/events/{e}/participants")
    assert "1 participant works with technology marked as dual-use" in people
    assert people.count("sensitivity-marker") == 1
    whole = _page(client, auth, organiser, f"/events/{e}/itinerary")
    assert whole.count("sensitivity-marker") == 1


def test_contact_details_on_the_organisation_page_follow_the_events_rule(client, auth, mission):
    url, users = f"/organisations/{mission['jp_org']}", mission["users"]
    contact = "chibalabs@example.com"
    assert contact not in client.get(url).get_data(as_text=True)  # anonymous
    for who in ("stranger", "gb2"):  # gb2 attends the event but has no meeting with them
        assert contact not in _page(client, auth, users[who], url), who
    for who in ("gb", "organiser", "admin", "jp"):
        assert contact in _page(client, auth, users[who], url), who
