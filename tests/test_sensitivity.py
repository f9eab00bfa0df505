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
