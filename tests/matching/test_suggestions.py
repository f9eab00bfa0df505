"""Suggested partners through the real stack: rebuild, refresh on save, feedback, filters, panels."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.matching import services
from app.matching.models import Suggestion
from app.organisations.models import Organisation


@pytest.fixture
def world(make_user, make_org, taxonomy):
    t = taxonomy
    me = make_user(email="me@severn.example")
    orgs = {
        "me": make_org("Severn GaN Epitaxy", "GB", "sme", members=[me], region="Wales",
                       description="GaN-on-SiC epitaxial wafers for RF power amplifiers.",
                       offers="GaN epitaxy on SiC substrates.", seeks="Advanced packaging partners in Japan.",
                       capabilities=[t["gan-rf-epitaxy"], t["compound-semiconductors"]],
                       looking_for=[t["advanced-packaging"]]),
        "mutual": make_org("Kyushu Advanced Packaging", "JP", "corporate", region="Kumamoto",
                           description="Fan-out wafer-level packaging for RF front ends.",
                           offers="Advanced packaging of GaN RF dies.",
                           seeks="GaN epitaxial wafers from Europe.",
                           capabilities=[t["advanced-packaging"]],
                           looking_for=[t["gan-rf-epitaxy"], t["compound-semiconductors"]]),
        "one_sided": make_org("Osaka Packaging Works", "JP", "sme", region="Osaka",
                              description="Packaging services for consumer electronics.",
                              offers="Advanced packaging.", seeks="Software for retail analytics.",
                              capabilities=[t["advanced-packaging"]], looking_for=[t["digital-government"]]),
        "quantum": make_org("Tsukuba Quantum Lab", "JP", "research", region="Ibaraki",
                            description="Superconducting qubits and cryogenic control electronics.",
                            capabilities=[t["quantum"]], looking_for=[t["quantum"]]),
        "uk_peer": make_org("Cardiff Compound Fab", "GB", "corporate", region="Wales",
                            description="GaN epitaxial wafers and compound semiconductor foundry services.",
                            offers="GaN epitaxy.", seeks="Packaging partners.",
                            capabilities=[t["gan-rf-epitaxy"]], looking_for=[t["advanced-packaging"]]),
    }
    services.rebuild_suggestions()
    db.session.commit()
    return orgs


def listed(client, query="") -> list[str]:
    html = client.get("/matches" + query).get_data(as_text=True)
    names = [o.name for o in db.session.scalars(select(Organisation))]
    return sorted((html.index(n), n) for n in names if f">{n}</a>" in html)


def names_in_order(client, query=""):
    return [n for _pos, n in listed(client, query)]


def test_suggestions_cross_the_border_and_a_mutual_fit_ranks_first(client, auth, world):
    auth.login("me@severn.example")
    order = names_in_order(client)
    assert order[0] == "Kyushu Advanced Packaging"
    assert order.index("Kyushu Advanced Packaging") < order.index("Osaka Packaging Works")
    assert "Cardiff Compound Fab" not in order and "Severn GaN Epitaxy" not in order


def test_each_suggestion_says_why_in_both_directions(client, auth, world, taxonomy):
    auth.login("me@severn.example")
    html = client.get("/matches").get_data(as_text=True)
    assert "They offer what you seek:" in html and "You offer what they seek:" in html
    assert taxonomy["advanced-packaging"].label_en in html
    assert "/100" in html


def test_dismiss_removes_a_suggestion_for_good(client, auth, world):
    auth.login("me@severn.example")
    partner = world["mutual"]
    client.post(f"/matches/{partner.id}/dismiss")
    assert "Kyushu Advanced Packaging" not in names_in_order(client)
    services.rebuild_suggestions()
    db.session.commit()
    assert "Kyushu Advanced Packaging" not in names_in_order(client)
    client.post(f"/matches/{partner.id}/save")
    assert "Kyushu Advanced Packaging" not in names_in_order(client)


def test_save_keeps_a_shortlist(client, auth, world):
    auth.login("me@severn.example")
    client.post(f"/matches/{world['one_sided'].id}/save")
    assert names_in_order(client, "?saved=1") == ["Osaka Packaging Works"]
    client.post(f"/matches/{world['one_sided'].id}/unsave")
    assert names_in_order(client, "?saved=1") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?type=corporate", ["Kyushu Advanced Packaging"]), ("?region=osaka", ["Osaka Packaging Works"])],
)
def test_filters(client, auth, world, query, expected):
    auth.login("me@severn.example")
    assert names_in_order(client, query) == expected


def test_filter_by_field_includes_its_sub_tags(client, auth, world, taxonomy):
    auth.login("me@severn.example")
    field = taxonomy["quantum"].id
    assert names_in_order(client, f"?tag={field}") in ([], ["Tsukuba Quantum Lab"])
    packaging = taxonomy["advanced-packaging"].id
    assert set(names_in_order(client, f"?tag={packaging}")) == {
        "Kyushu Advanced Packaging", "Osaka Packaging Works"}


def test_saving_a_profile_refreshes_its_suggestions_without_a_rebuild(client, auth, world, taxonomy):
    auth.login("me@severn.example")
    me = world["me"]
    before = db.session.scalar(select(func.max(Suggestion.computed_at)).where(
        Suggestion.organisation_id == world["uk_peer"].id))
    data = {
        "name": me.name, "country": "GB", "org_type": "sme", "description": me.description,
        "offers": "Cryogenic control electronics for superconducting qubits.",
        "seeks": "Quantum computing laboratories in Japan.",
        "capabilities": [taxonomy["quantum"].id], "looking_for": [taxonomy["quantum"].id],
    }
    assert client.post(f"/organisations/{me.id}/edit", data=data).status_code == 302
    assert names_in_order(client)[0] == "Tsukuba Quantum Lab"
    after = db.session.scalar(select(func.max(Suggestion.computed_at)).where(
        Suggestion.organisation_id == world["uk_peer"].id))
    assert after == before  # the others were not recomputed


def test_people_without_an_organisation_are_asked_to_register_one(client, auth, make_user):
    make_user(email="lonely@example.com")
    auth.login("lonely@example.com")
    response = client.get("/matches")
    assert response.status_code == 302 and response.headers["Location"].endswith("/organisations/new")


def test_suggestions_need_a_signed_in_user(client):
    assert client.get("/matches").status_code == 302


def test_organisation_pages_show_partners_and_similar_organisations(client, world):
    html = client.get(f"/organisations/{world['me'].id}").get_data(as_text=True)
    assert "Suggested partners in Japan" in html and "Kyushu Advanced Packaging" in html
    assert "Similar organisations" in html and "Cardiff Compound Fab" in html


def test_rebuild_command_replaces_all_suggestions(runner, world):
    stale = Suggestion(organisation_id=world["me"].id, partner_id=world["uk_peer"].id, score=99,
                       engine_version="old", components={}, explanation={})
    db.session.add(stale)
    db.session.commit()
    result = runner.invoke(args=["match", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Stored" in result.output
    versions = set(db.session.scalars(select(Suggestion.engine_version)))
    assert "old" not in versions
    pairs = db.session.execute(select(Suggestion.organisation_id, Suggestion.partner_id)).all()
    assert (world["me"].id, world["uk_peer"].id) not in pairs


def test_a_deleted_organisation_leaves_no_suggestions(world):
    db.session.delete(world["mutual"])
    db.session.commit()
    services.rebuild_suggestions()
    db.session.commit()
    ids = set(db.session.scalars(select(Suggestion.partner_id)))
    assert world["mutual"].id not in ids


def test_candidate_matches_stay_inside_the_given_set(world):
    ids = [world["me"].id, world["mutual"].id, world["uk_peer"].id]
    pairs = services.candidate_matches(ids, k=5)
    assert pairs
    for match in pairs:
        assert {match.a, match.b} <= set(ids)
        countries = {db.session.get(Organisation, i).country for i in (match.a, match.b)}
        assert countries == {"GB", "JP"}


def test_an_organisation_registered_after_the_index_was_built_is_a_candidate(
    client, auth, world, make_user, taxonomy
):
    make_user(email="new@kanazawa.example")
    auth.login("new@kanazawa.example")
    response = client.post("/organisations/new", data={
        "name": "Kanazawa Packaging Lab", "country": "JP", "org_type": "startup",
        "description": "Chiplet and fan-out packaging for GaN RF front ends.",
        "offers": "Advanced packaging.", "seeks": "GaN epitaxial wafers.",
        "capabilities": [taxonomy["advanced-packaging"].id],
        "looking_for": [taxonomy["gan-rf-epitaxy"].id], "size_band": "", "interests": [],
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    new = db.session.scalar(select(Organisation).where(Organisation.name == "Kanazawa Packaging Lab"))
    pairs = services.candidate_matches([new.id, world["me"].id, world["uk_peer"].id], k=5)
    assert {frozenset((m.a, m.b)) for m in pairs} >= {frozenset((new.id, world["me"].id))}
