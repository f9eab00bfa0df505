"""Sign-up, sign-in, sign-out, password reset and roles, through real HTTP requests."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.accounts.models import PendingSignup, User
from app.extensions import db

GOOD = {
    "name": "Hana Sato",
    "email": "Hana.Sato@Example.com",
    "password": "a long enough password",
    "confirm": "a long enough password",
    "consent": "y",
}


def _link(message) -> str:
    return re.search(r"http://localhost(/signup/confirm/\S+)", message.body).group(1)


def _count(model) -> int:
    return db.session.scalar(select(db.func.count()).select_from(model))


def test_signup_asks_to_confirm_the_address_before_the_account_exists(client, outbox):
    response = client.post("/signup", data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/signup/sent")
    page = client.get("/signup/sent").get_data(as_text=True)
    assert "Check your inbox" in page and "hana.sato@example.com" in page
    assert _count(User) == 0
    assert client.get("/account").status_code == 302  # not signed in yet
    [message] = outbox
    assert message.to == ["hana.sato@example.com"]
    assert message.subject == "Confirm your Kakehashi account"
    assert GOOD["password"] not in message.body

    link = _link(message)
    page = client.get(link).get_data(as_text=True)
    assert "enter the password you chose" in page and "hana.sato@example.com" in page
    wrong = client.post(link, data={"password": "not the one I chose"})
    assert wrong.status_code == 400
    assert "That is not the password you chose when you signed up." in wrong.get_data(as_text=True)
    assert _count(User) == 0

    response = client.post(link, data={"password": GOOD["password"]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organisations/new")
    user = db.session.scalar(select(User))
    assert user.email == "hana.sato@example.com" and user.name == "Hana Sato"
    assert user.password_hash != GOOD["password"] and user.check_password(GOOD["password"])
    assert client.get("/account").status_code == 200
    assert _count(PendingSignup) == 0


def test_signup_answers_the_same_for_a_registered_address_and_tells_its_owner(
    app, client, make_user, outbox
):
    make_user(email="ken@example.jp", name="Ken Mori")
    fresh = client.post("/signup", data={**GOOD, "email": "new.person@example.jp"})
    fresh_page = client.get("/signup/sent").get_data(as_text=True)
    with app.test_client() as other:
        taken = other.post("/signup", data={**GOOD, "email": "KEN@EXAMPLE.JP"})
        taken_page = other.get("/signup/sent").get_data(as_text=True)
    assert (taken.status_code, taken.headers["Location"]) == (fresh.status_code, fresh.headers["Location"])
    assert taken_page.replace("ken@example.jp", "new.person@example.jp") == fresh_page
    assert _count(User) == 1 and _count(PendingSignup) == 1  # only the new address waits
    notice = outbox[-1]
    assert notice.to == ["ken@example.jp"]
    assert "already has one" in notice.body and "/login" in notice.body and "/reset" in notice.body
    assert "/signup/confirm/" not in notice.body
    assert db.session.scalar(select(User.name).where(User.email == "ken@example.jp")) == "Ken Mori"


def test_a_confirmation_link_works_once_and_not_after_it_expires(app, client, outbox):
    client.post("/signup", data=GOOD)
    link = _link(outbox[-1])
    assert client.post(link, data={"password": GOOD["password"]}).status_code == 302
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/signup")
    assert "expired or was already used" in client.get("/signup").get_data(as_text=True)

    client.post("/signup", data={**GOOD, "email": "late@example.com"})
    pending = db.session.scalar(select(PendingSignup))
    pending.created_at -= dt.timedelta(seconds=app.config["SIGNUP_CONFIRM_MAX_AGE"] + 1)
    db.session.commit()
    assert client.get(_link(outbox[-1])).status_code == 302
    assert _count(User) == 1


def test_only_the_signup_whose_link_is_opened_with_its_password_creates_the_account(
    app, client, outbox
):
    client.post("/signup", data=GOOD)
    squatter_link = _link(outbox[-1])
    with app.test_client() as owner:
        mine = "the owner's own pass"
        owner.post("/signup", data={**GOOD, "password": mine, "confirm": mine})
        own_link = _link(outbox[-1])
        # the other sign-up's link cannot be finished with the owner's password
        assert owner.post(squatter_link, data={"password": "the owner's own pass"}).status_code == 400
        assert owner.post(own_link, data={"password": "the owner's own pass"}).status_code == 302
    user = db.session.scalar(select(User))
    assert user.check_password("the owner's own pass") and not user.check_password(GOOD["password"])
    assert client.get(squatter_link).status_code == 302  # every other waiting sign-up is gone
    assert _count(PendingSignup) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "not-an-email"}, "Enter an e-mail address like name@example.com."),
        ({"email": ""}, "Enter your e-mail address."),
        ({"password": "short", "confirm": "short"}, "Use between 10 and 200 characters."),
        ({"confirm": "something else entirely"}, "The two passwords differ."),
        ({"consent": ""}, "You need to agree to the privacy notice to sign up."),
        ({"name": "x" * 121}, "Use at most 120 characters."),
        ({"email": "a" * 250 + "@example.com"}, "at most 254 characters"),
    ],
)
def test_signup_refuses_bad_input_with_a_message_and_keeps_what_was_typed(client, change, message):
    data = {**GOOD, **change}
    response = client.post("/signup", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'value="Hana Sato"' in html or "name" in change
    assert _count(User) == 0 and _count(PendingSignup) == 0


def test_signin_and_signout(client, auth, make_user):
    make_user(email="ken@example.jp", password="correct horse battery")
    response = auth.login("KEN@example.jp")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, make_user):
    make_user(email="ken@example.jp")
    wrong = auth.login("ken@example.jp", "not the password").get_data(as_text=True)
    unknown = auth.login("nobody@example.jp", "not the password").get_data(as_text=True)
    message = "That e-mail address and password do not match an account."
    assert message in wrong and message in unknown


def test_signin_renews_the_session(client, auth, make_user):
    make_user(email="ken@example.jp")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("ken@example.jp")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_signin_redirects_only_to_local_pages(client, make_user):
    make_user(email="ken@example.jp")
    response = client.post(
        "/login?next=//evil.example/x",
        data={"email": "ken@example.jp", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/"




def test_password_reset_by_emailed_link(client, auth, make_user, outbox):
    make_user(email="ken@example.jp", password="old password here")
    response = client.post("/reset", data={"email": "Ken@Example.jp"})
    assert response.status_code == 302
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["ken@example.jp"]
    link = re.search(r"http://localhost(/reset/\S+)", message.body).group(1)
    assert 'href="http://localhost/reset/' in message.alternatives[0][0]
    response = client.post(link, data={"password": "brand new password", "confirm": "brand new password"})
    assert response.status_code == 302
    auth.logout()
    assert auth.login("ken@example.jp", "old password here").status_code == 400
    assert auth.login("ken@example.jp", "brand new password").status_code == 302
    # The link works once only.
    auth.logout()
    again = client.get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/reset")


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, outbox):
    response = client.post("/reset", data={"email": "nobody@example.jp"}, follow_redirects=True)
    assert "If that address has an account" in response.get_data(as_text=True)
    assert outbox == []


def test_a_forged_reset_token_is_refused(client):
    response = client.get("/reset/not-a-real-token")
    assert response.status_code == 302


def test_account_settings_change_language_and_time_zone(client, auth, make_user):
    user = make_user(email="ken@example.jp")
    auth.login("ken@example.jp")
    response = client.post(
        "/account", data={"name": "Ken Tanaka", "locale": "ja", "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.locale, user.timezone) == ("Ken Tanaka", "ja", "Asia/Tokyo")
    bad = client.post("/account", data={"name": "Ken", "locale": "fr", "timezone": "Mars/Olympus"})
    assert bad.status_code == 400


def test_only_admins_manage_roles(client, auth, make_user):
    target = make_user(email="p@example.com")
    make_user(email="admin@example.com", role="admin")
    auth.login("p@example.com")
    assert client.get("/admin/users").status_code == 403
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    assert client.get("/admin/users").status_code == 200
    client.post(f"/admin/users/{target.id}/role", data={"role": "organiser"})
    db.session.refresh(target)
    assert target.role == "organiser"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unconfirmed_signups_are_purged_after_their_link_expires(app, client, runner):
    client.post("/signup", data=GOOD)
    client.post("/signup", data={**GOOD, "email": "fresh@example.com"})
    stale = db.session.scalar(select(PendingSignup).where(PendingSignup.email == "hana.sato@example.com"))
    stale.created_at -= dt.timedelta(seconds=app.config["SIGNUP_CONFIRM_MAX_AGE"] + 1)
    db.session.commit()
    result = runner.invoke(args=["accounts", "purge-signups"])
    assert "1 unconfirmed sign-up(s) deleted." in result.output
    assert db.session.scalars(select(PendingSignup.email)).all() == ["fresh@example.com"]
