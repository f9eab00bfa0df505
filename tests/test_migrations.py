"""The migrations build the schema from empty, and agree with the models."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from app.extensions import db, include_migration_object


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A second, empty database of the same kind as the suite's."""
    if database_url.startswith("postgres"):
        import psycopg

        base, _, name = database_url.rpartition("/")
        fresh = f"{name}_migrations"
        admin = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{fresh}"')
        yield f"{base}/{fresh}"
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    else:
        yield "sqlite:///" + os.path.join(tmp_path, "migrated.sqlite3")


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_migration_object})
            diff = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("organisations")}
        db.engine.dispose()
    assert diff == []
    assert {"users", "organisations", "tags", "organisation_tags", "memberships"} <= tables
    postgresql_only = {i.name for i in db.metadata.tables["organisations"].indexes
                       if i.info.get("postgresql_only")}
    assert postgresql_only, "the directory's trigram indexes are declared"
    if empty_database_url.startswith("postgres"):
        assert postgresql_only <= indexes, "revision 0002 creates the trigram indexes"
    else:
        assert not postgresql_only & indexes
