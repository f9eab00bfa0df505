"""Download my data and delete my account."""

import json

from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.extensions import db
from app.privacy import services as privacy
from app.tokens.models import ApiToken
from app.tokens.services import create_token


def test_download_holds_everything_about_the_user_and_their_organisation(
    client, auth, make_user, make_org, make_tag
):
    user = make_user(email="hana@example.com", name="Hana Sato")
    tag = make_tag("gan-power", "GaN power devices", "GaNパワー")
    make_org("Sato Photonics", country="JP", members=[user], capabilities=[tag],
             contact_email="hana@sato.example")
    _token, secret = create_token(user, "CRM", "read")
    db.session.commit()
    auth.login("hana@example.com")
    response = client.get("/account/data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["user"]["email"] == "hana@example.com"
    assert data["organisations"][0]["name"] == "Sato Photonics"
    assert data["organisations"][0]["contact_email"] == "hana@sato.example"
    assert data["organisations"][0]["capabilities"][0]["ja"] == "GaNパワー"
    assert data["api_tokens"][0]["name"] == "CRM"
    assert secret not in response.get_data(as_text=True)
    assert "secret_hash" not in response.get_data(as_text=True)


def test_other_features_add_sections_to_the_export(app, make_user):
    user = make_user()
    privacy.register_exporter("test_section")(lambda u: {"id": u.id})
    try:
        assert privacy.export_user_data(user)["test_section"] == {"id": user.id}
    finally:
        del privacy.EXPORTERS["test_section"]


def test_deleting_needs_the_password(client, auth, make_user):
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    response = client.post("/account/delete", data={"password": "wrong", "confirm": "y"})
    assert response.status_code == 400
    assert "That is not your password." in response.get_data(as_text=True)
    response = client.post("/account/delete", data={"password": "correct horse battery"})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.get_data(as_text=True)


def test_deleting_the_last_member_anonymises_the_organisation(client, auth, make_user, make_org, make_tag):
    user = make_user(email="hana@example.com", name="Hana Sato")
    org = make_org("Sato Photonics", country="JP", org_type="startup", members=[user],
                   capabilities=[make_tag("photonics")], contact_email="hana@sato.example",
                   description="Sato Photonics designs lasers in Sendai.")
    create_token(user, "CRM", "read-write")
    db.session.commit()
    auth.login("hana@example.com")
    assert "Sato Photonics" in client.get("/account/delete").get_data(as_text=True)
    response = client.post("/account/delete", data={"password": "correct horse battery", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert "hana" not in user.email and user.name == "Deleted account" and not user.active
    assert user.memberships == []
    assert db.session.scalar(select(ApiToken)) is None
    org = db.session.get(type(org), org.id)
    assert org.anonymised_at is not None
    assert (org.country, org.org_type) == ("JP", "startup")
    assert "Sato" not in org.name and org.description == "" and org.contact_email == ""
    assert org.tag_links == []
    assert "Sato Photonics" not in client.get("/organisations").get_data(as_text=True)
    assert auth.login("hana@example.com").status_code == 400
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["account.deleted"]


def test_an_organisation_with_other_members_stays(client, auth, make_user, make_org):
    hana, ken = make_user(email="hana@example.com"), make_user(email="ken@example.com")
    org = make_org("Sato Photonics", members=[hana, ken])
    auth.login("hana@example.com")
    html = client.get("/account/delete").get_data(as_text=True)
    assert "stays on Kakehashi" in html
    client.post("/account/delete", data={"password": "correct horse battery", "confirm": "y"})
    db.session.expire_all()
    org = db.session.get(type(org), org.id)
    assert org.name == "Sato Photonics" and org.anonymised_at is None
    assert [m.user.email for m in org.memberships] == ["ken@example.com"]


def test_the_account_page_offers_download_delete_and_tokens(client, auth, make_user):
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    html = client.get("/account").get_data(as_text=True)
    for href in ("/account/data", "/account/delete", "/account/tokens"):
        assert f'href="{href}"' in html
