"""Kakehashi: UK–Japan partner matching for industry and expert missions."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from .config import DEV_SECRET_KEY, Defaults, normalise_database_url

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, KAKEHASHI_* environment, then test_config."""
    app = Flask(__name__, instance_relative_config=True)
    _configure(app, test_config)

    from . import errors, headers, i18n, inputs, logs, ratelimit, security
    from .extensions import (
        bootstrap,
        csrf,
        db,
        include_migration_object,
        login_manager,
        mail,
        migrate,
        render_migration_item,
    )

    inputs.install_converters(app)

    logs.init_app(app)
    db.init_app(app)
    migrate.init_app(
        app, db, directory=MIGRATIONS_DIR, render_as_batch=True, render_item=render_migration_item,
        include_object=include_migration_object,
    )
    csrf.init_app(app)
    bootstrap.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    ratelimit.init_app(app)
    headers.init_app(app)
    inputs.init_app(app)
    errors.init_app(app)

    from .accounts import bp as accounts_bp
    from .api import init_api
    from .audit import bp as audit_bp
    from .dashboard import bp as dashboard_bp
    from .events import bp as events_bp
    from .imports import bp as imports_bp
    from .jobs import bp as jobs_bp
    from .main import bp as main_bp
    from .matching import bp as matching_bp
    from .notifications import bp as notifications_bp
    from .ops import bp as ops_bp
    from .organisations import bp as organisations_bp
    from .organiser import bp as organiser_bp
    from .privacy import bp as privacy_bp
    from .tokens import bp as tokens_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(tokens_bp)
    init_api(app)
    app.register_blueprint(imports_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(dashboard_bp)

    from .backup.cli import backup_command, restore_command
    from .demo.cli import seed_demo
    from .jobs.cli import worker_command
    from .matching.cli import match_cli

    app.cli.add_command(seed_demo)
    app.cli.add_command(worker_command)
    app.cli.add_command(match_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from .accounts.cli import accounts_cli
    from .events.cli import events_cli
    from .notifications.cli import notifications_cli

    app.cli.add_command(accounts_cli)
    app.cli.add_command(events_cli)
    app.cli.add_command(notifications_cli)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for conventional in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.get(conventional) and not os.environ.get(f"KAKEHASHI_{conventional}"):
            app.config[conventional] = os.environ[conventional]
    app.config.from_prefixed_env("KAKEHASHI")
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config["DATABASE_URL"]
    if not url:
        url = "sqlite:///" + os.path.join(app.instance_path, "kakehashi.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if url.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if app.config["ENVIRONMENT"] == "production":
        if app.config["SECRET_KEY"] in (DEV_SECRET_KEY, "", None):
            raise RuntimeError(
                "Refusing to start in production with the development secret key: "
                "set KAKEHASHI_SECRET_KEY."
            )
        app.config.setdefault("SESSION_COOKIE_SECURE", True)
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
