"""API fixtures: a signed-up member with an organisation and tokens of both scopes."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.tokens.services import create_token


class ApiClient:
    """The test client with a bearer token on every request."""

    def __init__(self, client, secret: str | None):
        self.client, self.secret = client, secret

    def _headers(self, headers):
        base = {"Authorization": f"Bearer {self.secret}"} if self.secret else {}
        return {**base, **(headers or {})}

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers=self._headers(headers), **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(headers), **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(headers), **kw)

    def put(self, url, json=None, headers=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(headers), **kw)


@pytest.fixture
def member(make_user, make_org, make_tag):
    user = make_user(email="hana@example.com", name="Hana Sato")
    tag = make_tag("photonics", "Photonics", "フォトニクス")
    org = make_org("Sato Photonics", country="JP", members=[user], capabilities=[tag],
                   contact_email="hana@sato.example")
    return user, org


@pytest.fixture
def api(client, member) -> ApiClient:
    _token, secret = create_token(member[0], "tests", "read-write")
    db.session.commit()
    return ApiClient(client, secret)


@pytest.fixture
def read_only_api(client, member) -> ApiClient:
    _token, secret = create_token(member[0], "read only", "read")
    db.session.commit()
    return ApiClient(client, secret)
