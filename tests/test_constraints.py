"""The database itself refuses what the code must never allow — on PostgreSQL, under concurrency.

Each race starts N threads on their own connections, lines them up on a barrier, and lets them
insert the same thing at once: exactly one may win. Check constraints are tested on both
databases. Add a race here for each new invariant as its table lands (one meeting per
participant per slot, one meeting per table per slot).
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db

THREADS = 4


def race(statement, params: dict) -> tuple[int, int]:
    """Run `statement` from THREADS connections at once; return (committed, refused)."""
    engine = db.engine  # threads have no app context of their own
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        with engine.connect() as conn:
            barrier.wait(timeout=10)
            try:
                conn.execute(statement, params)
                conn.commit()
                result = "ok"
            except IntegrityError:
                conn.rollback()
                result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == THREADS, "a thread failed otherwise than by a refused insert"
    return outcomes.count("ok"), outcomes.count("refused")


def _table(name: str) -> sa.Table:
    return db.metadata.tables[name]


def test_one_membership_per_user_and_organisation(postgres_only, make_user, make_org):
    user, org = make_user(), make_org()
    stmt = sa.insert(_table("memberships")).values(user_id=user.id, organisation_id=org.id)
    assert race(stmt, {}) == (1, THREADS - 1)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(_table("memberships")))
    assert count == 1


def test_one_account_per_email_address(postgres_only, app):
    stmt = sa.insert(_table("users")).values(
        email="same@example.com", name="Twin", password_hash="!", role="participant",
        timezone="UTC", active=True, email_prefs={},
    )  # fmt: skip
    assert race(stmt, {}) == (1, THREADS - 1)


def test_one_token_per_secret_and_one_tag_per_slug(postgres_only, make_user):
    user = make_user()
    token = sa.insert(_table("api_tokens")).values(
        user_id=user.id, name="t", prefix="kkh_", secret_hash="a" * 64, scope="read"
    )
    assert race(token, {}) == (1, THREADS - 1)
    tag = sa.insert(_table("tags")).values(slug="gan", label_en="GaN", label_ja="GaN", sensitivity="none")
    assert race(tag, {}) == (1, THREADS - 1)


def test_a_tag_is_linked_once_per_kind(postgres_only, make_org, make_tag):
    org, tag = make_org(), make_tag("gan")
    stmt = sa.insert(_table("organisation_tags")).values(
        organisation_id=org.id, tag_id=tag.id, kind="capability"
    )
    assert race(stmt, {}) == (1, THREADS - 1)


def test_one_suggestion_and_one_feedback_per_pair(postgres_only, make_org):
    a, b = make_org("A"), make_org("B", country="JP")
    suggestion = sa.insert(_table("suggestions")).values(
        organisation_id=a.id, partner_id=b.id, rank=1, score=50.0, components={}, explanation={},
        engine_version="test",
    )  # fmt: skip
    assert race(suggestion, {}) == (1, THREADS - 1)
    feedback = sa.insert(_table("suggestion_feedback")).values(
        organisation_id=a.id, partner_id=b.id, status="saved"
    )
    assert race(feedback, {}) == (1, THREADS - 1)


def test_a_suggestion_is_never_for_oneself_nor_out_of_range(app, make_org):
    a, b = make_org("A"), make_org("B", country="JP")
    for values in ({"partner_id": a.id, "score": 50.0}, {"partner_id": b.id, "score": 101.0}):
        with pytest.raises(IntegrityError):
            with db.engine.begin() as conn:
                conn.execute(sa.insert(_table("suggestions")).values(
                    organisation_id=a.id, rank=1, components={}, explanation={},
                    engine_version="test", **values,
                ))  # fmt: skip


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("users", {"email": "x@example.com", "name": "X", "password_hash": "!", "role": "superuser",
                   "timezone": "UTC", "active": True, "email_prefs": {}}),
        ("organisations", {"name": "X", "country": "FR", "org_type": "sme", "interests": []}),
        ("organisations", {"name": "X", "country": "GB", "org_type": "pirate", "interests": []}),
        ("tags", {"slug": "x", "label_en": "X", "label_ja": "X", "sensitivity": "secret"}),
        ("api_tokens", {"user_id": None, "name": "t", "prefix": "p", "secret_hash": "b" * 64,
                        "scope": "admin"}),
    ],
)
def test_check_constraints_refuse_unknown_values(app, make_user, table, values):
    if table == "api_tokens":
        values = {**values, "user_id": make_user().id}
    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(sa.insert(_table(table)).values(**values))


def test_memberships_and_tokens_go_with_their_user(app, make_user, make_org):
    from app.tokens.services import create_token

    user = make_user()
    make_org(members=[user])
    create_token(user, "t", "read")
    db.session.commit()
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.execute(sa.delete(_table("users")).where(_table("users").c.id == user.id))
    for name in ("memberships", "api_tokens"):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(_table(name))) == 0
