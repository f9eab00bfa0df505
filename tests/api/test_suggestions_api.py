"""/api/v1/suggestions: stored suggestions with explanations, and feedback, through the API."""

from sqlalchemy import select

from app.extensions import db
from app.matching.models import Suggestion, SuggestionFeedback


def _suggest(org, partner, score, tags=(), terms=()):
    db.session.add(Suggestion(
        organisation_id=org.id, partner_id=partner.id, score=score, rank=1, engine_version="test",
        components={"tags": 0.5}, explanation={
            "shared_tags": [t.id for t in tags], "they_offer_we_seek_tags": [],
            "we_offer_they_seek_tags": [], "shared_terms": [list(terms)],
            "they_offer_we_seek_terms": [], "we_offer_they_seek_terms": [],
            "components": {"tags": 0.5},
        },
    ))  # fmt: skip
    db.session.commit()


def test_my_suggestions_come_explained_with_sensitive_notices(api, member, make_org, make_tag):
    controlled = make_tag("quantum-crypto", "Quantum cryptography", sensitivity="export_controlled")
    best = make_org("Best Partner", country="GB", capabilities=[controlled])
    other = make_org("Other Partner", country="GB")
    _suggest(member[1], best, 80.0, tags=[controlled], terms=("photonic", "フォトニクス"))
    _suggest(member[1], other, 40.0)
    body = api.get("/api/v1/suggestions").get_json()
    assert [i["partner"]["name"] for i in body["items"]] == ["Best Partner", "Other Partner"]
    first = body["items"][0]
    assert first["explanation"]["shared_tags"][0]["slug"] == "quantum-crypto"
    assert first["explanation"]["shared_terms"] == [["photonic", "フォトニクス"]]
    assert first["sensitive_tags"][0]["level"] == "export_controlled"
    assert first["computed_at"].endswith("+00:00")
    assert body["pagination"]["total"] == 2


def test_feedback_saves_and_dismisses(api, member, make_org):
    partner = make_org("Partner", country="GB")
    _suggest(member[1], partner, 50.0)
    response = api.client.put(f"/api/v1/suggestions/{partner.id}/feedback", json={"status": "saved"},
                              headers=api._headers(None))
    assert response.status_code == 200
    assert response.get_json() == {"partner_id": partner.id, "status": "saved"}
    assert api.get("/api/v1/suggestions?saved=true").get_json()["items"][0]["status"] == "saved"
    api.client.put(f"/api/v1/suggestions/{partner.id}/feedback", json={"status": "dismissed"},
                   headers=api._headers(None))
    assert api.get("/api/v1/suggestions").get_json()["items"] == []
    assert db.session.scalar(select(SuggestionFeedback.status)) == "dismissed"


def test_without_an_organisation_there_is_nothing_to_suggest(client, make_user):
    from app.tokens.services import create_token

    user = make_user()
    _t, secret = create_token(user, "t", "read")
    db.session.commit()
    response = client.get("/api/v1/suggestions", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 409
    assert "Register your organisation" in response.get_json()["error"]["message"]
