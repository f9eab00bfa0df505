"""Fixtures: app, client, runner, auth, and creators (make_user, make_org, …) on a real database.

The database is SQLite unless KAKEHASHI_TEST_DATABASE_URL names a PostgreSQL server; then each
pytest-xdist worker gets its own fresh database on that server. The schema is built once per
session and every table is emptied after each test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from app import create_app
from app.extensions import db


def pytest_configure(config):
    """Compile the translation catalogues (build products, not committed) once, before workers start."""
    if not hasattr(config, "workerinput"):
        from app.translations_build import compile_catalogues

        compile_catalogues()


settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("default")

TEST_DB_ENV = "KAKEHASHI_TEST_DATABASE_URL"
TEST_REDIS_ENV = "KAKEHASHI_TEST_REDIS_URL"


def _postgres_url_for(worker: str) -> str | None:
    url = os.environ.get(TEST_DB_ENV, "")
    if not url.startswith("postgres"):
        return None
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_{re.sub(r'[^a-z0-9]', '', worker.lower())}"


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    admin = base.replace("postgresql+psycopg://", "postgresql://").replace(
        "postgres://", "postgresql://"
    )
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A database with the current schema, private to this test worker."""
    url = _postgres_url_for(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    if url:
        _recreate_postgres_database(url)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgres")


def base_config(database_url: str, tmp_path) -> dict:
    """The configuration every test app starts from."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "SERVER_NAME": "localhost",
        "REDIS_URL": "",
        "RATELIMIT_ENABLED": False,
        "SHARED_DATA_DIR": os.environ.get(
            "KAKEHASHI_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared")
        ),
    }


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override in a test module to change the app's settings."""
    return base_config(database_url, tmp_path)


@pytest.fixture
def app(app_config, tmp_path) -> Iterator:
    from app.matching.index import forget_index

    app = create_app(app_config)
    app.instance_path = str(tmp_path / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        forget_index()  # the per-process match index must not outlive a test's data
        yield app
        forget_index()
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign in and out through the real forms."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = "correct horse battery"):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def make_user(app):
    from app.accounts.models import User

    counter = iter(range(1, 10_000))

    def make(email: str | None = None, role: str = "participant", password="correct horse battery",
             name: str = "Test User", **kw):
        user = User(email=(email or f"user{next(counter)}@example.com").lower(), name=name,
                    role=role, **kw)
        user.password_hash = _hash(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    if password not in _HASHES:
        _HASHES[password] = generate_password_hash(password)
    return _HASHES[password]


@pytest.fixture
def make_tag(app):
    from app.organisations.models import Tag

    def make(slug: str, en: str | None = None, ja: str = "タグ", parent=None, sensitivity="none"):
        tag = Tag(slug=slug, label_en=en or slug.replace("-", " ").title(), label_ja=ja,
                  parent=parent, sensitivity=sensitivity)
        db.session.add(tag)
        db.session.commit()
        return tag

    return make


@pytest.fixture
def make_org(app):
    from app.accounts.models import Membership
    from app.organisations.models import Organisation
    from app.organisations.services import set_tags

    def make(name: str = "Test Org", country: str = "GB", org_type: str = "sme", members=(),
             capabilities=(), looking_for=(), **fields):
        fields.setdefault("description", f"{name} makes things.")
        org = Organisation(name=name, country=country, org_type=org_type, interests=[], **fields)
        db.session.add(org)
        db.session.flush()
        set_tags(org, [t.id for t in capabilities], [t.id for t in looking_for])
        for user in members:
            db.session.add(Membership(user=user, organisation=org))
        db.session.commit()
        return org

    return make


@pytest.fixture
def taxonomy(app):
    """The real bilingual taxonomy shipped with the app, loaded into the database."""
    from app.demo.loader import load_taxonomy

    tags = load_taxonomy()
    db.session.commit()
    return tags


@pytest.fixture
def redis_url() -> str:
    """A Redis server for tests that need one; skips with the reason when none answers."""
    url = os.environ.get(TEST_REDIS_ENV) or ""
    if not url:
        pytest.skip(f"{TEST_REDIS_ENV} is not set: no Redis server to test against")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def postgres_only(is_postgres):
    if not is_postgres:
        pytest.skip(f"needs PostgreSQL: set {TEST_DB_ENV}=postgresql://… (CI does when it answers)")


@pytest.fixture
def outbox(app) -> list:
    """Messages the app sent during the test (Flask-Mailman's in-memory backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox
