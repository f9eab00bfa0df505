"""Configuration layers and the production safety check."""

import pytest

from app import create_app


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("KAKEHASHI_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/kk")
    app = create_app({"TESTING": True})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/kk"


def test_prefixed_database_url_wins_over_the_conventional_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@one.example/kk")
    monkeypatch.setenv("KAKEHASHI_DATABASE_URL", "sqlite:////tmp/two.sqlite3")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/two.sqlite3"


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KAKEHASHI_DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/kakehashi.sqlite3")


def test_production_refuses_the_development_secret_key(monkeypatch):
    monkeypatch.setenv("KAKEHASHI_ENVIRONMENT", "production")
    monkeypatch.delenv("KAKEHASHI_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="development secret key"):
        create_app()
    monkeypatch.setenv("KAKEHASHI_SECRET_KEY", "a real secret")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
