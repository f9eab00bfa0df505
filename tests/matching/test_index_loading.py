"""The matcher's index is loaded from plain rows: gunicorn fits it in the master before forking
its workers, and ORM entities left in the master's session made forked workers crash."""

import pytest
from sqlalchemy import event

from app.extensions import db
from app.matching import index as match_index
from app.organisations.models import Organisation, OrganisationTag, Tag


@pytest.fixture
def orgs(make_org, taxonomy):
    t = taxonomy
    made = [
        make_org("Severn GaN Epitaxy", "GB", "sme", region="Wales", offers="GaN epitaxy.",
                 seeks="Packaging partners in Japan.", capabilities=[t["gan-rf-epitaxy"]],
                 looking_for=[t["advanced-packaging"]]),
        make_org("九州パッケージング", "JP", "corporate", name_ja="九州パッケージング", region="Kumamoto",
                 description="", offers="先端パッケージング", seeks="",
                 capabilities=[t["advanced-packaging"]],
                 looking_for=[t["gan-rf-epitaxy"], t["compound-semiconductors"]]),
        make_org("Tsukuba Quantum Lab", "JP", "research", description="Qubits."),
    ]
    ids = [o.id for o in made]
    db.session.expunge_all()
    return ids


def test_building_the_index_loads_no_orm_entities(app, orgs):
    loaded = []

    def on_load(target, context):
        loaded.append(type(target).__name__)

    db.session.expunge_all()
    for model in (Organisation, OrganisationTag, Tag):
        event.listen(model, "load", on_load)
    try:
        index = match_index.build_index()
    finally:
        for model in (Organisation, OrganisationTag, Tag):
            event.remove(model, "load", on_load)
    assert loaded == [], "the index must be fitted from plain rows, not ORM entities"
    assert len(index) == len(orgs) and all(i in index for i in orgs)


def test_loaded_profiles_equal_the_entities_view(app, orgs):
    loaded = match_index.load_profiles()
    expected = [match_index.profile_of(db.session.get(Organisation, i)) for i in sorted(orgs)]
    assert loaded == expected
    assert loaded[1].interest_tags and loaded[1].capability_tags
    assert loaded[2].capability_tags == frozenset()


def test_loading_some_profiles_by_id(app, orgs):
    assert [p.id for p in match_index.load_profiles({orgs[2], orgs[0]})] == [orgs[0], orgs[2]]
    assert match_index.load_profiles(set()) == []
    assert match_index.load_profiles([10**9]) == []
