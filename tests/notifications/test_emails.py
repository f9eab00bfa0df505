"""Each kind of notification: in the recipient's language, text and HTML, a link, and opt-outs."""

import datetime as dt
import email
import os

import pytest
from flask_babel import lazy_gettext as _l

from app.notifications.services import KINDS, notify

LINK = "http://localhost/events/7"

# kind -> (English phrase, Japanese phrase) that only that kind's e-mail contains
PHRASES = {
    "request_received": ("Answer the request", "依頼に回答する"),
    "request_accepted": ("See your meetings", "面談一覧を見る"),
    "request_declined": ("See other partners", "ほかのパートナーを見る"),
    "request_expired": ("The request lapsed", "期限内に回答がなかったため"),
    "application_decided": ("The event page shows your status", "イベントページで"),
    "schedule_published": ("ICS file", "ICS ファイル"),
    "meeting_reminder": ("Your meetings at Tokyo Roundtable", "Tokyo Roundtable での面談"),
}

MEETINGS = [
    {"starts_at": dt.datetime(2026, 12, 17, 1, 0, tzinfo=dt.UTC), "partner": "Severn <GaN> Ltd",
     "table": 4, "venue": "Tokyo Big Sight"},
]


def _send(user, kind):
    return notify(user, kind, _l("Kakehashi"), LINK, headline=_l("Welcome"), body="Let's talk.",
                  event_title="Tokyo Roundtable", event_zone="Asia/Tokyo", meetings=MEETINGS)


def test_every_kind_has_its_own_template_pair(app):
    folder = os.path.join(app.root_path, "templates", "notifications", "email")
    for kind in KINDS:
        assert os.path.exists(os.path.join(folder, f"{kind}.txt")), kind
        assert os.path.exists(os.path.join(folder, f"{kind}.html")), kind


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("locale", ["en", "ja"])
def test_each_kind_arrives_in_the_recipients_language_as_text_and_html(
    app, make_user, outbox, kind, locale
):
    user = make_user(f"{locale}@example.com", name="Aiko", locale=locale, timezone="Europe/London")
    with app.test_request_context("/"):
        assert _send(user, kind) is True
    (message,) = outbox
    assert message.to == [user.email]
    english, japanese = PHRASES[kind]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert LINK in part
        assert "/account/notifications" in part
        assert (japanese if locale == "ja" else english) in part
        assert (english if locale == "ja" else japanese) not in part
    if locale == "ja":
        assert message.subject == "Kakehashi" and "Aiko 様" in message.body
        assert "ようこそ" in message.body
    else:
        assert "Hello Aiko," in message.body and "Welcome" in message.body
    assert f'<html lang="{locale}">' in html


def test_the_reminder_shows_times_in_the_recipients_zone_and_the_events(app, make_user, outbox):
    user = make_user(locale="en", timezone="Europe/London")
    with app.test_request_context("/"):
        _send(user, "meeting_reminder")
    body = outbox[0].body
    assert "1:00\u202fAM" in body and "10:00\u202fAM Tokyo" in body  # 01:00 London is 10:00 Tokyo
    assert "Severn <GaN> Ltd · table 4 · Tokyo Big Sight" in body
    assert "Severn &lt;GaN&gt; Ltd" in outbox[0].alternatives[0][0]


def test_the_request_message_is_quoted_and_escaped_in_html(app, make_user, outbox):
    user = make_user()
    with app.test_request_context("/"):
        notify(user, "request_received", "Hi", LINK, headline="x", body="<b>hello</b>")
    assert "<b>hello</b>" in outbox[0].body
    assert "&lt;b&gt;hello&lt;/b&gt;" in outbox[0].alternatives[0][0]


def test_a_kind_switched_off_is_not_sent(app, client, auth, make_user, outbox):
    user = make_user("prefs@example.com")
    auth.login("prefs@example.com")
    response = client.post("/account/notifications", data={"kinds": ["request_received"]})
    assert response.status_code == 302
    with app.test_request_context("/"):
        assert _send(user, "request_declined") is False
        assert _send(user, "request_received") is True
    assert len(outbox) == 1
    page = client.get("/account/notifications").get_data(as_text=True)
    assert 'value="request_received" id="kind-request_received" checked' in page
    assert 'value="request_declined" id="kind-request_declined">' in page


def test_inactive_users_get_nothing(app, make_user, outbox):
    user = make_user(active=False)
    with app.test_request_context("/"):
        assert _send(user, "request_received") is False
    assert outbox == []


def test_an_unknown_kind_is_a_programming_error(app, make_user):
    with app.test_request_context("/"), pytest.raises(ValueError):
        notify(make_user(), "no_such_kind", "s", LINK)


def test_in_development_mail_goes_to_the_outbox_folder_and_the_log(app, make_user, caplog):
    app.extensions["mailman"].backend = "app.mail.OutboxEmailBackend"
    user = make_user("dev@example.com", locale="ja")
    with app.test_request_context("/"), caplog.at_level("INFO", logger="kakehashi.mail"):
        _send(user, "request_accepted")
    outbox = os.path.join(app.instance_path, "outbox")
    (name,) = os.listdir(outbox)
    with open(os.path.join(outbox, name), "rb") as fh:
        message = email.message_from_bytes(fh.read())
    assert message["To"] == "dev@example.com"
    kinds = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    assert "dev@example.com" in caplog.text
