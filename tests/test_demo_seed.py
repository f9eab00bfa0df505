"""`flask seed-demo`: realistic demo data, and running it twice gives the same data."""

from sqlalchemy import func, select

from app.accounts.models import Membership, User
from app.extensions import db
from app.organisations.models import Organisation, OrganisationTag, Tag


def snapshot():
    return {
        "orgs": db.session.execute(
            select(Organisation.seed_key, Organisation.name, Organisation.description)
            .order_by(Organisation.seed_key)
        ).all(),
        "tags": db.session.execute(select(Tag.slug, Tag.label_ja).order_by(Tag.slug)).all(),
        "links": db.session.scalar(select(func.count()).select_from(OrganisationTag)),
        "users": db.session.execute(select(User.email, User.role).order_by(User.email)).all(),
        "members": db.session.scalar(select(func.count()).select_from(Membership)),
    }


def test_seed_demo_loads_the_demo_and_twice_changes_nothing(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    first = snapshot()
    assert len(first["orgs"]) >= 20
    assert len(first["tags"]) >= 60
    assert ("admin@kakehashi.example", "admin") in first["users"]
    assert ("organiser@kakehashi.example", "organiser") in first["users"]
    assert first["members"] >= len(first["orgs"])
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert snapshot() == first


def test_if_empty_leaves_an_existing_database_alone(runner, make_org):
    make_org("Already here")
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "nothing to do" in result.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_demo_accounts_can_sign_in(runner, auth):
    runner.invoke(args=["seed-demo"])
    assert auth.login("organiser@kakehashi.example", "organiser-demo-2026").status_code == 302
    auth.logout()
    assert auth.login("admin@kakehashi.example", "admin-demo-2026").status_code == 302
