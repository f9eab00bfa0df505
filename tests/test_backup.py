"""`flask backup` and `flask restore`: a round trip loses nothing, on SQLite and PostgreSQL."""

import sqlalchemy as sa

from app.audit.services import record_audit
from app.extensions import db
from app.tokens.services import create_token


def _snapshot() -> dict[str, list[tuple]]:
    rows = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
    return rows


def test_backup_then_restore_brings_every_row_back(runner, app, tmp_path, make_user, make_org, make_tag):
    admin = make_user(email="admin@example.com", role="admin", name="Ada 管理者")
    tag = make_tag("gan-power", "GaN power", "GaNパワー", sensitivity="dual_use")
    org = make_org("Sato Photonics", country="JP", members=[admin], capabilities=[tag],
                   description="光 photonics\nmulti-line")
    create_token(admin, "CRM", "read")
    record_audit(admin, "tag.added", tag, {"slug": "gan-power"})
    db.session.commit()
    before = _snapshot()
    assert before["organisations"] and before["api_tokens"] and before["audit_entries"]

    path = str(tmp_path / "snapshot.bak")
    result = runner.invoke(args=["backup", path])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    db.session.delete(db.session.get(type(org), org.id))
    make_user(email="after-backup@example.com")
    db.session.commit()
    assert _snapshot() != before

    result = runner.invoke(args=["restore", path, "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert _snapshot() == before


def test_restore_asks_first_and_refuses_what_is_not_a_backup(runner, app, tmp_path, is_postgres):
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a backup at all")
    assert runner.invoke(args=["restore", str(junk)], input="n\n").exit_code == 1
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "Error" in result.output
