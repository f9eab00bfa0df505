"""Rate limits on sign-in, sign-up and password reset, in memory and in Redis."""

import uuid

import pytest

from tests.conftest import base_config

LIMITED = "Too many attempts. Please wait a few minutes, then try again."


@pytest.fixture
def app_config(database_url, tmp_path):
    return {
        **base_config(database_url, tmp_path),
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATE_LIMIT_SIGN_IN": "3 per minute",
        "RATE_LIMIT_SIGN_IN_PER_ADDRESS": "5 per hour",
        "RATE_LIMIT_SIGN_UP": "2 per minute",
        "RATE_LIMIT_SIGN_UP_PER_ADDRESS": "2 per hour",
        "RATE_LIMIT_RESET": "10 per minute",
        "RATE_LIMIT_RESET_PER_ADDRESS": "2 per hour",
    }


def _login(client, email, ip="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_sign_in_is_limited_per_client_with_the_same_message_for_any_address(client, make_user):
    make_user(email="known@example.com")
    statuses = [_login(client, "known@example.com").status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    for email in ("known@example.com", "nobody@example.com"):
        response = _login(client, email)
        assert response.status_code == 429
        assert LIMITED in response.get_data(as_text=True)
        assert "Retry-After" in response.headers
    assert _login(client, "known@example.com", ip="10.0.0.2").status_code == 400


def test_sign_in_is_limited_per_address_typed_whatever_the_client(client, make_user):
    make_user(email="known@example.com")
    answers = [_login(client, "known@example.com", ip=f"10.0.1.{n}") for n in range(6)]
    assert [r.status_code for r in answers] == [400] * 5 + [429]
    unknown = [_login(client, "nobody@example.com", ip=f"10.0.2.{n}") for n in range(6)]
    assert [r.status_code for r in unknown] == [400] * 5 + [429]
    assert answers[-1].get_data(as_text=True) == unknown[-1].get_data(as_text=True)


def test_viewing_the_sign_in_page_is_not_limited(client):
    assert {client.get("/login").status_code for _ in range(6)} == {200}


def test_sign_up_is_limited(client):
    data = {"name": "N", "email": "bad", "password": "x", "confirm": "x", "consent": "y"}
    assert [client.post("/signup", data=data).status_code for _ in range(3)] == [400, 400, 429]


def test_sign_up_mails_an_address_only_a_few_times_and_says_the_same_for_a_registered_one(
    client, make_user, outbox
):
    make_user(email="known@example.com")
    pages = {}
    for n, email in enumerate(("known@example.com", "nobody@example.com")):
        data = {"name": "N", "email": email, "password": "a long password", "confirm": "a long password",
                "consent": "y"}
        answers = [client.post("/signup", data=data, environ_base={"REMOTE_ADDR": f"10.9.{n}.{i}"})
                   for i in range(3)]
        assert [r.status_code for r in answers] == [302, 302, 429]
        pages[email] = answers[-1].get_data(as_text=True)
    assert pages["known@example.com"] == pages["nobody@example.com"] and LIMITED in pages["known@example.com"]
    assert len(outbox) == 4  # two notices to the owner, two confirmation links to the new address


def test_reset_requests_are_limited_per_address_without_saying_whether_it_exists(
    client, make_user, outbox
):
    make_user(email="known@example.com")
    pages = {}
    for email in ("known@example.com", "nobody@example.com"):
        statuses = [client.post("/reset", data={"email": email}).status_code for _ in range(2)]
        assert statuses == [302, 302]
        limited = client.post("/reset", data={"email": email})
        assert limited.status_code == 429
        pages[email] = limited.get_data(as_text=True)
    assert pages["known@example.com"] == pages["nobody@example.com"]
    assert LIMITED in pages["known@example.com"]
    assert len(outbox) == 2


@pytest.mark.redis
def test_limits_are_kept_in_redis_when_it_is_configured(database_url, tmp_path, redis_url):
    from app import create_app
    from app.extensions import db

    unique = uuid.uuid4().hex
    email = f"{unique}@example.com"
    config = {
        **base_config(database_url, tmp_path),
        "REDIS_URL": redis_url,
        "RATELIMIT_ENABLED": True,
        "RATE_LIMIT_SIGN_IN": "1000 per minute",
        "RATE_LIMIT_SIGN_IN_PER_ADDRESS": "2 per minute",
    }
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == redis_url
    with app.app_context():
        client = app.test_client()
        assert [_login(client, email, ip=unique).status_code for _ in range(3)] == [400, 400, 429]
        import redis

        keys = redis.Redis.from_url(redis_url).keys(f"*{unique}*")
        assert keys, "the counters live in Redis"
        redis.Redis.from_url(redis_url).delete(*keys)
        db.session.remove()
        db.engine.dispose()
