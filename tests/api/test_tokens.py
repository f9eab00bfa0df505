"""Personal access tokens: created and revoked on the account pages, shown once, stored hashed."""

import re

from sqlalchemy import select

from app.extensions import db
from app.tokens.models import ApiToken
from app.tokens.services import hash_secret


def test_a_token_is_shown_once_stored_hashed_and_works_until_revoked(client, auth, make_user):
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    response = client.post("/account/tokens", data={"name": "CRM sync", "scope": "read"})
    assert response.status_code == 201
    secret = re.search(r"kkh_[A-Za-z0-9_\-]+", response.get_data(as_text=True)).group(0)
    token = db.session.scalar(select(ApiToken))
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert token.scope == "read"
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert "CRM sync" in listing and secret not in listing and token.prefix in listing
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).get_json()["email"] == "hana@example.com"
    client.post(f"/account/tokens/{token.id}/revoke")
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorised"
    assert "<td>CRM sync</td>" not in client.get("/account/tokens").get_data(as_text=True)


def test_a_token_needs_a_name_and_a_known_scope(client, auth, make_user):
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    response = client.post("/account/tokens", data={"name": "", "scope": "admin"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Name the token" in html and "Not a valid choice" in html
    assert db.session.scalar(select(ApiToken)) is None


def test_nobody_revokes_another_users_token(client, auth, make_user):
    from app.tokens.services import create_token

    other = make_user(email="other@example.com")
    token, _secret = create_token(other, "theirs", "read")
    db.session.commit()
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert db.session.get(ApiToken, token.id).revoked_at is None


def test_a_deactivated_users_token_stops_working(client, make_user):
    from app.tokens.services import create_token

    user = make_user()
    _token, secret = create_token(user, "t", "read")
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_api_ignores_the_session_cookie(client, auth, make_user):
    make_user(email="hana@example.com")
    auth.login("hana@example.com")
    assert client.get("/api/v1/me").status_code == 401
