"""The JSON API: organisations, tags, /me, errors, pagination, times, scopes and limits."""

import datetime as dt
import uuid

import pytest

from app.extensions import db
from tests.conftest import base_config


def test_me_describes_the_token_owner(api, member):
    body = api.get("/api/v1/me").get_json()
    assert body["email"] == "hana@example.com"
    assert body["organisation"] == {"id": member[1].id, "name": "Sato Photonics", "country": "JP"}
    assert body["token"]["scope"] == "read-write"


def test_times_are_iso_8601_with_an_offset(api, member):
    body = api.get(f"/api/v1/organisations/{member[1].id}").get_json()
    created = dt.datetime.fromisoformat(body["created_at"])
    assert created.utcoffset() == dt.timedelta(0)
    assert body["created_at"].endswith("+00:00")


def test_search_uses_the_directory_filters_and_paginates_with_links(api, make_org):
    for n in range(5):
        make_org(f"Quantum {n}", country="GB")
    make_org("Quantum JP", country="JP")
    body = api.get("/api/v1/organisations?q=quantum&country=GB&per_page=2&page=2").get_json()
    assert [o["name"] for o in body["items"]] == ["Quantum 2", "Quantum 3"]
    assert body["pagination"] == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    links = body["links"]
    assert "page=3" in links["next"] and "page=1" in links["prev"] and "country=GB" in links["next"]
    assert links["next"].startswith("http://localhost/api/v1/organisations?")
    assert api.get(links["last"]).get_json()["links"]["next"] is None


def test_contact_details_only_for_members(api, member, make_org):
    own = api.get(f"/api/v1/organisations/{member[1].id}").get_json()
    assert own["contact"]["email"] == "hana@sato.example"
    other = make_org("Other", contact_email="secret@other.example")
    body = api.get(f"/api/v1/organisations/{other.id}").get_json()
    assert body["contact"] is None and "secret@other.example" not in str(body)


def test_a_member_updates_their_own_organisation_only(api, member, make_org, make_tag):
    tag = make_tag("quantum", "Quantum")
    response = api.patch(f"/api/v1/organisations/{member[1].id}",
                         json={"city": "Sendai", "looking_for": [tag.id]})
    assert response.status_code == 200
    body = response.get_json()
    assert body["city"] == "Sendai"
    assert [t["slug"] for t in body["looking_for"]] == ["quantum"]
    assert [t["slug"] for t in body["capabilities"]] == ["photonics"], "untouched tags stay"
    other = make_org("Other")
    response = api.patch(f"/api/v1/organisations/{other.id}", json={"city": "Leeds"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_validation_errors_name_each_field(api, member):
    response = api.patch(
        f"/api/v1/organisations/{member[1].id}",
        json={"country": "FR", "website": "not a url", "name": "  ", "colour": "red"},
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unprocessable_entity" and error["message"]
    assert set(error["fields"]) == {"country", "website", "name", "colour"}


def test_unknown_tags_are_refused_with_a_message(api, member):
    response = api.patch(f"/api/v1/organisations/{member[1].id}", json={"capabilities": [99999]})
    assert response.status_code == 400
    assert "99999" in response.get_json()["error"]["message"]


def test_a_read_only_token_cannot_write(read_only_api, member):
    response = read_only_api.patch(f"/api/v1/organisations/{member[1].id}", json={"city": "Sendai"})
    assert response.status_code == 403
    assert "read-only" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/organisations/99999", "/api/v1/nothing-here"])
def test_not_found_is_json(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert set(response.get_json()["error"]) == {"code", "message", "fields"}


def test_a_wrong_method_is_json_with_allow(api):
    response = api.client.delete("/api/v1/me", headers=api._headers(None))
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_tags_search_in_both_languages(api, make_tag):
    make_tag("quantum", "Quantum computing", "量子コンピューティング")
    body = api.get("/api/v1/tags?q=量子").get_json()
    assert [t["slug"] for t in body["items"]] == ["quantum"]
    tag_id = body["items"][0]["id"]
    assert api.get(f"/api/v1/tags/{tag_id}").get_json()["label_ja"] == "量子コンピューティング"


def test_nul_characters_are_refused_not_stored(api, member):
    response = api.patch(f"/api/v1/organisations/{member[1].id}", json={"city": "Sen\u0000dai"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_the_openapi_document_and_docs_page_are_public_and_local(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/organisations/{org_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "PATCH /api/v1/organisations/{org_id}" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_the_api_is_rate_limited_per_token(database_url, tmp_path, make_user):
    from app import create_app
    from app.tokens.services import create_token

    config = {**base_config(database_url, tmp_path), "RATELIMIT_ENABLED": True,
              "RATELIMIT_STORAGE_URI": "memory://", "RATE_LIMIT_API": "3 per minute"}
    app = create_app(config)
    with app.app_context():
        user = make_user(email=f"{uuid.uuid4().hex}@example.com")
        _token, secret = create_token(user, "t", "read")
        db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {secret}"}
        statuses = [client.get("/api/v1/me", headers=headers).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/me", headers=headers)
        assert limited.get_json()["error"]["code"] == "too_many_requests"
        assert "Retry-After" in limited.headers
