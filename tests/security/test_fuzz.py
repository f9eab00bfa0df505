"""Hypothesis fuzzing of every form and API body: any input is a 2xx/3xx, or a 4xx with a message.

Each target below posts (or gets) generated values for its fields — random text, edge cases,
lists, the field left out — as the role allowed to use it. The number of inputs tried per
target is printed (run with -s); EXAMPLES bounds it.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.accounts.forms import (
    AccountForm,
    ConfirmSignupForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from app.accounts.services import make_reset_token, start_signup
from app.events.forms import (
    ApplyForm,
    EventForm,
    OutcomeForm,
    RequestForm,
    SessionForm,
    VenueForm,
    VisitForm,
)
from app.extensions import db
from app.organisations.forms import OrganisationForm
from app.privacy.forms import DeleteAccountForm
from app.tokens.forms import TokenForm

from .conftest import api_headers, client_as

EXAMPLES = 25
COUNTS: dict[str, int] = {}

EDGE = ["", " ", "y", "0", "-1", "1", "2147483648", "99999999999999999999999", "GB", "JP", "sme",
        "admin", "organiser", "read", "read-write", "ja", "en", "Asia/Tokyo", "Nowhere/Zone",
        "https://example.com", "javascript:alert(1)", "a@b.co", "not-an-email", "<script>x</script>",
        "' OR 1=1 --", "%", "_", "\\", "日本語のテキスト", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u200b", "x" * 6000,
        "//evil.example", "/organisations", "\r\n", "\x00", "\x01", "none", "dual_use"]
VALUE = st.one_of(st.sampled_from(EDGE), st.text(max_size=300))
FIELD = st.one_of(VALUE, st.lists(VALUE, max_size=4))


def _fields(form_class) -> list[str]:
    return [name for name, _f in form_class.__dict__.items()
            if hasattr(_f, "field_class") and name not in ("submit",)] + [
        name for klass in form_class.__mro__[1:] for name, _f in vars(klass).items()
        if hasattr(_f, "field_class") and name != "submit"]


def _form_strategy(names: list[str]):
    return st.fixed_dictionaries({}, optional={n: FIELD for n in dict.fromkeys(names)}).map(
        lambda d: {k: v for k, v in d.items()}
    )


def _signup_link(world) -> str:
    """A fresh sign-up confirmation link (a waiting sign-up for an unregistered address)."""
    token = start_signup("Fuzz Tester", "fuzz.tester@example.com", "the chosen password", "en")
    db.session.commit()
    return f"/signup/confirm/{token}"


# name -> (role, method, url(world), field names)
TARGETS = {
    "sign up": ("anonymous", "POST", lambda w: "/signup", _fields(SignupForm)),
    "sign in": ("anonymous", "POST", lambda w: "/login", _fields(LoginForm)),
    "reset request": ("anonymous", "POST", lambda w: "/reset", _fields(ResetRequestForm)),
    "reset password": ("anonymous", "POST",
                       lambda w: f"/reset/{make_reset_token(w.users['member_b'])}",
                       _fields(ResetPasswordForm)),
    "confirm sign-up": ("anonymous", "POST", _signup_link, _fields(ConfirmSignupForm)),
    "account settings": ("member_a", "POST", lambda w: "/account", _fields(AccountForm)),
    "new organisation": ("admin", "POST", lambda w: "/organisations/new", _fields(OrganisationForm)),
    "edit organisation": ("member_a", "POST", lambda w: f"/organisations/{w.objects['org_a'].id}/edit",
                          _fields(OrganisationForm)),
    "directory search": ("anonymous", "GET", lambda w: "/organisations",
                         ["q", "country", "type", "tag", "region", "page"]),
    "tag type-ahead": ("anonymous", "GET", lambda w: "/tags/search", ["q"]),
    "suggestion filters": ("member_a", "GET", lambda w: "/matches", ["type", "tag", "region", "saved"]),
    "suggestion feedback": ("member_a", "POST",
                            lambda w: f"/matches/{w.objects['org_b'].id}/save", ["next"]),
    "add tag": ("admin", "POST", lambda w: "/admin/tags",
                ["slug", "label_en", "label_ja", "parent_id", "sensitivity"]),
    "edit tag": ("admin", "POST", lambda w: f"/admin/tags/{w.objects['tag'].id}",
                 ["label_en", "label_ja", "parent_id", "sensitivity"]),
    "merge tag": ("admin", "POST", lambda w: f"/admin/tags/{w.objects['tag'].id}/merge", ["target_id"]),
    "change role": ("admin", "POST", lambda w: f"/admin/users/{w.users['member_b'].id}/role", ["role"]),
    "audit filter": ("admin", "GET", lambda w: "/admin/audit", ["action", "page"]),
    "language": ("member_a", "POST", lambda w: "/language", ["lang", "next"]),
    "notifications": ("member_a", "POST", lambda w: "/account/notifications", ["kinds"]),
    "create token": ("member_a", "POST", lambda w: "/account/tokens", _fields(TokenForm)),
    "delete account": ("member_b", "POST", lambda w: "/account/delete", _fields(DeleteAccountForm)),
    # events: the organiser's set-up and plans, the participants' applications, requests, outcomes
    "new event": ("organiser_x", "POST", lambda w: "/events/new", _fields(EventForm)),
    "edit event": ("organiser_x", "POST", lambda w: f"/organiser/events/{w.objects['event_x'].id}/edit",
                   _fields(EventForm)),
    "add venue": ("organiser_x", "POST", lambda w: f"/organiser/events/{w.objects['event_x'].id}/venues",
                  _fields(VenueForm)),
    "add session": ("organiser_x", "POST",
                    lambda w: f"/organiser/events/{w.objects['event_x'].id}/sessions", _fields(SessionForm)),
    "add visit": ("organiser_x", "POST", lambda w: f"/organiser/events/{w.objects['event_x'].id}/visits",
                  _fields(VisitForm)),
    "move meeting": ("organiser_x", "POST", lambda w: (
        f"/organiser/events/{w.objects['event_x'].id}/meetings/{w.objects['meeting'].id}/move"),
        ["slot_id", "table"]),
    "add meeting": ("organiser_x", "POST", lambda w: f"/organiser/events/{w.objects['event_x'].id}/meetings",
                    ["a", "b"]),
    "apply": ("member_a", "POST", lambda w: f"/events/{w.objects['event_y'].id}/apply", _fields(ApplyForm)),
    "meeting request": ("member_a", "POST", lambda w: f"/events/{w.objects['event_x'].id}/requests",
                        _fields(RequestForm)),
    "meeting outcome": ("member_a", "POST", lambda w: (
        f"/events/{w.objects['event_x'].id}/meetings/{w.objects['meeting'].id}/outcome"),
        _fields(OutcomeForm)),
}

MESSAGE_MARKERS = ("invalid-feedback", "alert alert-", 'class="display-6"')


def _check(response, label: str) -> None:
    status = response.status_code
    assert status < 500, f"{label}: {status}"
    if 400 <= status < 500:
        if response.is_json:
            assert response.get_json()["error"]["message"], f"{label}: {status} without a message"
        else:
            html = response.get_data(as_text=True)
            assert any(m in html for m in MESSAGE_MARKERS), f"{label}: {status} without a message"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_any_form_input_is_answered_without_a_server_error(app, world, name):
    role, method, url_of, names = TARGETS[name]
    COUNTS[name] = 0

    @given(data=_form_strategy(names))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    def fuzz(data):
        COUNTS[name] += 1
        client = client_as(app, world, role)
        url = url_of(world)
        if method == "GET":
            response = client.get(url, query_string=data)
        else:
            response = client.post(url, data=data)
        _check(response, f"{name} {data!r}")

    fuzz()
    print(f"\nfuzzed {name}: {COUNTS[name]} inputs")
    assert COUNTS[name] >= EXAMPLES // 2


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | VALUE,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
ORG_KEYS = ["name", "name_ja", "country", "org_type", "size_band", "region", "city", "website",
            "description", "offers", "seeks", "interests", "capabilities", "looking_for",
            "contact_name", "contact_email", "contact_phone"]
API_BODIES = st.one_of(
    st.fixed_dictionaries({}, optional={k: JSON_VALUES for k in ORG_KEYS}),
    JSON_VALUES,
)


# name -> (role, method, url(world), body strategy)
API_TARGETS = {
    "PATCH organisation": ("member_a", "PATCH",
                           lambda w: f"/api/v1/organisations/{w.objects['org_a'].id}", API_BODIES),
    "PUT suggestion feedback": ("member_a", "PUT",
                                lambda w: f"/api/v1/suggestions/{w.objects['org_b'].id}/feedback",
                                st.one_of(st.fixed_dictionaries({}, optional={"status": JSON_VALUES}),
                                          JSON_VALUES)),
    "PUT availability": ("member_a", "PUT",
                         lambda w: f"/api/v1/events/{w.objects['event_x'].id}/availability",
                         st.one_of(st.fixed_dictionaries({}, optional={"unavailable_slot_ids": JSON_VALUES}),
                                   JSON_VALUES)),
    "PUT meeting outcome": ("member_a", "PUT", lambda w: (
        f"/api/v1/events/{w.objects['event_x'].id}/meetings/{w.objects['meeting'].id}/outcome"),
        st.one_of(st.fixed_dictionaries({}, optional={"took_place": JSON_VALUES, "outcome": JSON_VALUES}),
                  JSON_VALUES)),
}


@pytest.mark.parametrize("name", sorted(API_TARGETS))
def test_any_api_body_is_answered_without_a_server_error(app, world, name):
    role, method, url_of, bodies = API_TARGETS[name]
    label = f"API {name}"
    COUNTS[label] = 0

    @given(body=bodies, raw=st.booleans())
    @settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None)
    def fuzz(body, raw):
        COUNTS[label] += 1
        client = client_as(app, world, role)
        headers = {**api_headers(world, role), "Content-Type": "application/json"}
        payload = json.dumps(body) if not raw else json.dumps(body)[:-1] or "{"
        response = client.open(url_of(world), method=method, data=payload, headers=headers)
        _check(response, f"{label} {payload!r}")
        assert response.is_json

    fuzz()
    print(f"\nfuzzed {label}: {COUNTS[label]} bodies")
