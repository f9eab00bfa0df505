"""On PostgreSQL the directory's ILIKE search, English or Japanese, is answered from trigram indexes."""

import sqlalchemy as sa

from app.extensions import db
from app.organisations.services import directory_query


def test_directory_search_uses_the_trigram_indexes(app, postgres_only, make_org):
    make_org("Kyushu Substrates", "JP", name_ja="九州基板株式会社", description="化合物半導体向けのSiC基板")
    make_org("Severn GaN Epitaxy", "GB", description="GaN-on-SiC epitaxial wafers")
    with db.engine.connect() as conn:
        # A tiny table: ask whether an index *can* answer the filter, not what is cheapest.
        conn.execute(sa.text("SET enable_seqscan = off"))
        conn.execute(sa.text("SET enable_indexscan = off"))
        for term in ("epitaxial", "化合物半導体"):
            stmt = directory_query(q=term)
            compiled = stmt.compile(dialect=conn.dialect)
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params))
            assert "_trgm" in plan, plan
            names = [o.name for o in db.session.scalars(stmt)]
            assert names == (["Severn GaN Epitaxy"] if term == "epitaxial" else ["Kyushu Substrates"])
