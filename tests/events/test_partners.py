"""Suggested partners inside an event come from the matcher, with reasons, from either side."""

from __future__ import annotations


def test_both_sides_see_each_other_with_the_reasons(client, auth, make_event, join, make_tag):
    gan, sic = make_tag("gan-power", "GaN power devices"), make_tag("sic-wafers", "SiC wafers")
    event = make_event()
    _gb, gb_user = join(event, "Aston GaN", "GB", capabilities=[gan], looking_for=[sic],
                        offers="GaN power transistors", seeks="silicon carbide wafer supply")
    _jp, jp_user = join(event, "Chiba Wafers", "JP", capabilities=[sic], looking_for=[gan],
                        offers="silicon carbide wafer supply", seeks="GaN power transistors")
    join(event, "Other Brit", "GB", status="applied")
    for user, partner, theirs, ours in ((gb_user, "Chiba Wafers", "SiC wafers", "GaN power devices"),
                                        (jp_user, "Aston GaN", "GaN power devices", "SiC wafers")):
        auth.login(user.email)
        page = client.get(f"/events/{event.id}/partners").get_data(as_text=True)
        assert partner in page and "Other Brit" not in page
        offer = page.split("They offer what you seek:")[1].split("</p>")[0]
        seek = page.split("You offer what they seek:")[1].split("</p>")[0]
        assert theirs in offer and ours in seek
        auth.logout()
