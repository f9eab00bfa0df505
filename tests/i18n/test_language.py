"""Which language a reader gets, the header switcher, and what is shown in that language."""

import datetime as dt

import pytest
from flask_login import login_user

from app.i18n import local_time

JA = {"Accept-Language": "ja,en;q=0.5"}


def test_english_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Browse the directory" in html


def test_the_browsers_accept_language_picks_japanese(client):
    html = client.get("/", headers=JA).get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "ディレクトリを見る" in html and "Browse the directory" not in html


def test_the_header_switcher_overrides_the_browser_and_stays(client):
    client.post("/language", data={"lang": "en", "next": "/organisations"})
    assert "Browse the directory" in client.get("/", headers=JA).get_data(as_text=True)
    response = client.post("/language", data={"lang": "ja", "next": "/organisations"})
    assert response.status_code == 302 and response.location.endswith("/organisations")
    assert "ディレクトリを見る" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_the_switcher_only_returns_to_local_pages(client, target):
    response = client.post("/language", data={"lang": "ja", "next": target})
    assert response.location.endswith("/") and "evil" not in response.location


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "fr", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_users_saved_language_wins_over_browser_and_session(client, auth, make_user):
    make_user("ja@example.com", locale="ja")
    client.post("/language", data={"lang": "en", "next": "/"})
    auth.login("ja@example.com")
    # signing in keeps the session's choice, but the account's saved language comes first
    assert '<html lang="ja">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_switching_while_signed_in_saves_the_choice_on_the_account(client, auth, make_user):
    user = make_user("switch@example.com")
    auth.login("switch@example.com")
    client.post("/language", data={"lang": "ja", "next": "/"})
    assert user.locale == "ja"
    auth.logout()
    auth.login("switch@example.com")
    assert "ディレクトリを見る" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_taxonomy_and_organisation_names_in_the_readers_language(client, make_org, taxonomy):
    tag = taxonomy["compound-semiconductors"]
    make_org("Kyushu Substrates", "JP", "corporate", name_ja="九州基板株式会社", capabilities=[tag])
    english = client.get("/organisations").get_data(as_text=True)
    japanese = client.get("/organisations", headers=JA).get_data(as_text=True)
    assert tag.label_en in english
    assert tag.label_ja in japanese
    assert english.index("Kyushu Substrates") < english.index("九州基板株式会社")
    assert japanese.index("九州基板株式会社") < japanese.index("Kyushu Substrates")
    assert "1 団体" in japanese and "1 organisation" in english
    # the card's country and type, in each reader's language, however the readers alternate
    again = client.get("/organisations").get_data(as_text=True)
    assert "Japan · Corporate" in english and "Japan · Corporate" in again
    assert "日本 · 大企業" in japanese and "Japan · Corporate" not in japanese


def test_form_errors_arrive_in_japanese(client):
    html = client.post("/signup", data={"name": "", "email": "bad"}, headers=JA).get_data(as_text=True)
    assert "お名前を入力してください。" in html
    assert "name@example.com のような形式でメールアドレスを入力してください。" in html


def test_a_new_organisation_sets_its_members_time_zone_from_its_country(client, auth, make_user):
    user = make_user("tz@example.com")
    auth.login("tz@example.com")
    client.post("/organisations/new", data={
        "name": "Osaka Optics", "country": "JP", "org_type": "sme", "size_band": "",
        "description": "Optical components.",
    })
    assert user.timezone == "Asia/Tokyo"


MEETING = dt.datetime(2026, 12, 17, 9, 0, tzinfo=dt.UTC)  # 09:00 London, 18:00 Tokyo


@pytest.mark.parametrize(
    ("user_zone", "lang", "expected"),
    [
        (None, "en", ["Dec 17, 2026, 6:00:00\u202fPM"]),
        ("Asia/Tokyo", "en", ["Dec 17, 2026, 6:00:00\u202fPM"]),
        ("Europe/London", "en", ["Dec 17, 2026, 9:00:00\u202fAM London (6:00\u202fPM Tokyo)"]),
        ("Europe/London", "ja", ["2026/12/17 9:00:00 ロンドン（東京 18:00）"]),
        ("Asia/Tokyo", "ja", ["2026/12/17 18:00:00"]),
    ],
)
def test_times_in_the_readers_zone_with_the_events_zone_beside(
    app, make_user, user_zone, lang, expected
):
    from flask_babel import force_locale

    user = make_user(timezone=user_zone) if user_zone else None
    with app.test_request_context("/"), force_locale(lang):
        if user:
            login_user(user)
        text = str(local_time(MEETING, "Asia/Tokyo"))
    assert 'datetime="2026-12-17T09:00:00Z"' in text
    for part in expected:
        assert part in text


def test_a_time_on_another_day_there_shows_the_date_too(app, make_user):
    late = dt.datetime(2026, 12, 17, 20, 0, tzinfo=dt.UTC)  # 20:00 London, 05:00 next day Tokyo
    with app.test_request_context("/"):
        login_user(make_user(timezone="Europe/London"))
        text = str(local_time(late, "Asia/Tokyo", "short"))
    assert "London (12/18/26, 5:00\u202fAM Tokyo)" in text


def test_choosing_japanese_in_the_account_says_so_in_japanese(client, auth, make_user):
    make_user("acct@example.com")
    auth.login("acct@example.com")
    response = client.post("/account", data={"name": "A", "locale": "ja", "timezone": "Asia/Tokyo"},
                           follow_redirects=True)
    assert "設定を保存しました。" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("pattern", "english", "japanese"),
    [
        ("EEEE d MMMM yyyy", "Thursday 17 December 2026", "2026年12月17日木曜日"),
        ("EEE d MMM HH:mm", "Thu 17 Dec 18:00", "12月17日(木) 18:00"),
        ("d MMM yyyy", "17 Dec 2026", "2026年12月17日"),
        ("HH:mm", "18:00", "18:00"),
    ],
)
def test_date_patterns_read_naturally_in_japanese(app, pattern, english, japanese):
    from flask_babel import force_locale

    from app.i18n import in_zone

    with app.test_request_context("/"):
        with force_locale("en"):
            assert in_zone(MEETING, "Asia/Tokyo", pattern) == english
        with force_locale("ja"):
            assert in_zone(MEETING, "Asia/Tokyo", pattern) == japanese
