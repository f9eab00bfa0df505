"""Sensitive technologies: which tags a pair of organisations may touch, and the notice."""

from app.organisations.services import sensitive_tags


def test_sensitive_tags_of_a_pair_include_inherited_levels_strictest_first(
    app, make_org, make_tag
):
    equipment = make_tag("semiconductor-equipment", "Semiconductor equipment", sensitivity="dual_use")
    litho = make_tag("euv-lithography", "EUV lithography", parent=equipment)
    quantum = make_tag("quantum-crypto", "Quantum cryptography", sensitivity="export_controlled")
    plain = make_tag("digital-government", "Digital government")
    uk = make_org("UK Lab", capabilities=[litho, plain])
    jp = make_org("JP Fab", country="JP", looking_for=[quantum])
    found = sensitive_tags(uk, jp)
    assert [(s.tag.slug, s.level, s.held_by) for s in found] == [
        ("quantum-crypto", "export_controlled", (jp.id,)),
        ("euv-lithography", "dual_use", (uk.id,)),
    ]
    assert sensitive_tags(make_org("Plain", capabilities=[plain])) == []


def test_organisation_page_carries_the_notice_only_where_relevant(client, make_org, make_tag):
    controlled = make_tag("quantum-crypto", "Quantum cryptography", sensitivity="export_controlled")
    sensitive = make_org("Q Lab", capabilities=[controlled])
    plain = make_org("Plain Co")
    html = client.get(f"/organisations/{sensitive.id}").get_data(as_text=True)
    assert "Sensitive technology" in html and "Export-controlled" in html
    assert "Sensitive technology" not in client.get(f"/organisations/{plain.id}").get_data(as_text=True)


def test_the_viewers_own_sensitive_interest_shows_on_a_partners_page(
    client, auth, make_user, make_org, make_tag
):
    controlled = make_tag("quantum-crypto", "Quantum cryptography", sensitivity="export_controlled")
    user = make_user(email="hana@example.com")
    make_org("JP Buyer", country="JP", members=[user], looking_for=[controlled])
    partner = make_org("UK Maker")
    auth.login("hana@example.com")
    assert "Quantum cryptography" in client.get(f"/organisations/{partner.id}").get_data(as_text=True)


def test_a_suggestion_involving_a_sensitive_tag_carries_the_notice(
    client, auth, make_user, make_org, make_tag
):
    from app.extensions import db
    from app.matching.models import Suggestion

    controlled = make_tag("quantum-crypto", "Quantum cryptography", sensitivity="export_controlled")
    user = make_user(email="hana@example.com")
    mine = make_org("JP Buyer", country="JP", members=[user])
    partner = make_org("UK Maker", capabilities=[controlled])
    plain = make_org("UK Plain")
    for other, score in ((partner, 70.0), (plain, 60.0)):
        db.session.add(Suggestion(organisation_id=mine.id, partner_id=other.id, score=score, rank=1,
                                  engine_version="test", explanation={}, components={}))
    db.session.commit()
    auth.login("hana@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert html.count("Sensitive technology") == 1
    assert html.index("Quantum cryptography") < html.index("UK Plain")


def test_your_own_sensitive_technology_is_noted_once_not_on_every_suggestion(
    client, auth, make_user, make_org, make_tag
):
    from app.extensions import db
    from app.matching.models import Suggestion

    dual = make_tag("inp", "Indium phosphide", sensitivity="dual_use")
    user = make_user(email="hana@example.com")
    mine = make_org("JP Maker", country="JP", members=[user], capabilities=[dual])
    for n in range(3):
        other = make_org(f"UK Partner {n}")
        db.session.add(Suggestion(organisation_id=mine.id, partner_id=other.id, score=50.0 + n,
                                  rank=1, engine_version="test", explanation={}, components={}))
    db.session.commit()
    auth.login("hana@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert html.count("Sensitive technology") == 1
    assert html.index("Indium phosphide") < html.index("UK Partner")
