"""PostgreSQL only: pg_trgm and GIN trigram indexes for the directory's ILIKE search

The one hand-written revision: autogeneration (`make migration`, which regenerates 0001 on
SQLite) leaves PostgreSQL-only indexes out (app.extensions.include_migration_object), so they
live here. The models declare the same indexes (app.extensions.trigram_index), and
tests/test_migrations.py checks that they exist after upgrading PostgreSQL.

On another database this revision does nothing.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXED = {"organisations": ("name", "name_ja", "description", "offers", "seeks", "region")}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in INDEXED.items():
        for column in columns:
            op.create_index(
                f"ix_{table}_{column}_trgm", table, [column],
                postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"},
            )  # fmt: skip


def downgrade():
    if not _postgresql():
        return
    for table, columns in INDEXED.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
