"""Registering and editing organisation profiles, with every kind of bad input, and who may edit."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisations.models import Organisation


@pytest.fixture
def member(make_user, auth):
    user = make_user(email="owner@example.co.uk")
    auth.login("owner@example.co.uk")
    return user


def profile(taxonomy, **change):
    data = {
        "name": "Clydeside Photonics Ltd",
        "name_ja": "",
        "country": "GB",
        "org_type": "sme",
        "size_band": "10-49",
        "region": "Scotland",
        "city": "Glasgow",
        "website": "https://www.clydeside-photonics.example",
        "description": "We design and package indium phosphide photonic integrated circuits.",
        "offers": "InP PIC design and packaging.",
        "seeks": "A Japanese partner for volume laser packaging.",
        "interests": ["joint_rnd", "supply_chain"],
        "capabilities": [taxonomy["photonics"].id],
        "looking_for": [taxonomy["advanced-packaging"].id],
        "contact_name": "Morag Reid",
        "contact_email": "morag@clydeside-photonics.example",
        "contact_phone": "+44 141 496 0000",
    }
    data.update(change)
    return data


def test_register_an_organisation_and_become_its_member(client, member, taxonomy):
    response = client.post("/organisations/new", data=profile(taxonomy))
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert org.name == "Clydeside Photonics Ltd"
    assert [t.slug for t in org.capabilities] == ["photonics"]
    assert [t.slug for t in org.looking_for] == ["advanced-packaging"]
    assert member.is_member_of(org.id)
    assert member.timezone == "Europe/London"
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert "Clydeside Photonics Ltd" in page and "Edit profile" in page


def test_japanese_text_round_trips_exactly(client, member, taxonomy):
    text = "化合物半導体（GaN・SiC）のエピタキシャル成長と評価を行っています。〜①②"
    data = profile(taxonomy, name="Hokuriku Photonics", name_ja="株式会社 北陸フォトニクス",
                   country="JP", region="Ishikawa", description=text)
    client.post("/organisations/new", data=data)
    org = db.session.scalar(select(Organisation))
    assert (org.name_ja, org.description) == ("株式会社 北陸フォトニクス", text)
    assert text in client.get(f"/organisations/{org.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter the name."),
        ({"name": "N" * 201}, "Use at most 200 characters."),
        ({"description": "d" * 5001}, "Use at most 5000 characters."),
        ({"country": "FR"}, "Not a valid choice"),
        ({"org_type": "charity"}, "Not a valid choice"),
        ({"website": "not a url"}, "Enter a web address like https://example.com."),
        ({"website": "javascript:alert(1)"}, "Enter a web address like https://example.com."),
        ({"contact_email": "morag-at-example"}, "Enter an e-mail address like name@example.com."),
        ({"capabilities": ["99999"]}, "Choose tags from the taxonomy; some were not recognised."),
        ({"capabilities": ["abc"]}, "Choose tags from the taxonomy; some were not recognised."),
        ({"interests": ["world_domination"]}, "is not a valid choice"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_what_was_typed_is_kept(
    client, member, taxonomy, change, message
):
    response = client.post("/organisations/new", data=profile(taxonomy, **change))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "morag@clydeside-photonics.example" in html or "contact_email" in change
    assert db.session.scalar(select(Organisation)) is None


def test_too_many_tags_is_refused(client, member, taxonomy):
    many = [t.id for t in list(taxonomy.values())[:11]]
    response = client.post("/organisations/new", data=profile(taxonomy, capabilities=many))
    assert response.status_code == 400
    assert "Choose at most 10 tags." in response.get_data(as_text=True)


def test_members_edit_their_profile_and_others_get_403(client, auth, make_user, make_org, taxonomy):
    owner = make_user(email="owner@example.co.uk")
    make_user(email="stranger@example.jp")
    org = make_org("Clydeside Photonics Ltd", members=[owner])
    auth.login("stranger@example.jp")
    assert client.get(f"/organisations/{org.id}/edit").status_code == 403
    hacked = profile(taxonomy, name="Hacked")
    assert client.post(f"/organisations/{org.id}/edit", data=hacked).status_code == 403
    auth.logout()
    auth.login("owner@example.co.uk")
    assert client.get(f"/organisations/{org.id}/edit").status_code == 200
    renamed = profile(taxonomy, name="Clydeside Photonics")
    response = client.post(f"/organisations/{org.id}/edit", data=renamed)
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.name == "Clydeside Photonics"


def test_admins_may_edit_any_profile(client, auth, make_user, make_org, taxonomy):
    make_user(email="admin@example.com", role="admin")
    org = make_org("Somebody Else Ltd")
    auth.login("admin@example.com")
    assert client.post(f"/organisations/{org.id}/edit", data=profile(taxonomy)).status_code == 302


def test_anonymous_visitors_cannot_register_or_edit(client, make_org):
    org = make_org()
    assert client.get("/organisations/new").status_code == 302
    assert client.get(f"/organisations/{org.id}/edit").status_code == 302


def test_several_users_belong_to_one_organisation(client, auth, make_user, make_org, taxonomy):
    first, second = make_user(email="a@example.com"), make_user(email="b@example.com")
    org = make_org(members=[first, second])
    for email in ("a@example.com", "b@example.com"):
        auth.login(email)
        assert client.get(f"/organisations/{org.id}/edit").status_code == 200
        auth.logout()


def test_the_completeness_meter_says_what_is_missing(client, member, taxonomy):
    client.post("/organisations/new", data=profile(taxonomy, website="", seeks=""))
    org = db.session.scalar(select(Organisation))
    html = client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)
    assert "Profile completeness" in html
    assert "what you seek" in html and "your website" in html
    assert "at least three capability tags" in html


def test_a_second_registration_leads_to_the_existing_profile(client, member, taxonomy):
    client.post("/organisations/new", data=profile(taxonomy))
    response = client.get("/organisations/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit")


def test_contact_details_are_private(client, auth, make_user, make_org):
    owner = make_user(email="owner@example.co.uk")
    org = make_org(members=[owner], contact_email="secret@example.co.uk", contact_phone="+44 1")
    assert "secret@example.co.uk" not in client.get(f"/organisations/{org.id}").get_data(as_text=True)
    auth.login("owner@example.co.uk")
    assert "secret@example.co.uk" in client.get(f"/organisations/{org.id}").get_data(as_text=True)


def test_request_bodies_over_the_limit_get_a_413_page(client, member, taxonomy):
    response = client.post("/organisations/new", data=profile(taxonomy, description="x" * 3_000_000))
    assert response.status_code == 413
    assert "Uploads are limited to 2 MB." in response.get_data(as_text=True)


def test_an_unknown_organisation_is_a_404(client):
    assert client.get("/organisations/424242").status_code == 404
