"""The bilingual taxonomy: type-ahead in both languages, and admins adding, renaming, merging."""

from sqlalchemy import select

from app.extensions import db
from app.organisations.models import OrganisationTag, Tag


def test_the_seeded_taxonomy_is_bilingual_and_large_enough(taxonomy):
    assert len(taxonomy) >= 60
    assert taxonomy["compound-semiconductors"].label_ja == "化合物半導体"
    assert all(t.label_ja and t.label_en for t in taxonomy.values())


def test_type_ahead_finds_tags_in_english_and_japanese(client, taxonomy):
    english = client.get("/tags/search?q=packag").get_json()
    japanese = client.get("/tags/search?q=化合物").get_json()
    assert "advanced-packaging" in {t["slug"] for t in english}
    assert "compound-semiconductors" in {t["slug"] for t in japanese}


def test_admin_adds_and_renames_a_tag(client, auth, make_user, taxonomy):
    make_user(email="admin@example.com", role="admin")
    auth.login("admin@example.com")
    parent = taxonomy["photonics"]
    client.post("/admin/tags", data={"slug": "lidar", "label_en": "Lidar", "label_ja": "ライダー",
                                     "parent_id": parent.id, "sensitivity": "dual_use"})
    tag = db.session.scalar(select(Tag).where(Tag.slug == "lidar"))
    assert (tag.parent_id, tag.sensitivity) == (parent.id, "dual_use")
    client.post(f"/admin/tags/{tag.id}", data={"label_en": "LiDAR sensing", "label_ja": "LiDARセンシング",
                                                "parent_id": parent.id, "sensitivity": "none"})
    db.session.refresh(tag)
    assert (tag.label_en, tag.label_ja) == ("LiDAR sensing", "LiDARセンシング")


def test_admin_bad_tag_input_gets_a_message(client, auth, make_user, taxonomy):
    make_user(email="admin@example.com", role="admin")
    auth.login("admin@example.com")
    html = client.post("/admin/tags", data={"slug": "Bad Slug!", "label_en": "X", "label_ja": "X"},
                       follow_redirects=True).get_data(as_text=True)
    assert "lower-case letters, digits and hyphens" in html
    html = client.post("/admin/tags", data={"slug": "ok", "label_en": "", "label_ja": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "in English and in Japanese" in html


def test_merging_moves_every_use(client, auth, make_user, make_org, taxonomy):
    make_user(email="admin@example.com", role="admin")
    source, target = taxonomy["photonics"], taxonomy["optical-subsea-networks"]
    both = make_org("Has both", capabilities=[source, target])
    only_source = make_org("Has source", capabilities=[source], looking_for=[source])
    auth.login("admin@example.com")
    response = client.post(f"/admin/tags/{source.id}/merge", data={"target_id": target.id},
                           follow_redirects=True)
    assert "uses moved" in response.get_data(as_text=True)
    assert db.session.get(Tag, source.id) is None
    links = db.session.execute(select(OrganisationTag.organisation_id, OrganisationTag.tag_id,
                                      OrganisationTag.kind)).all()
    assert sorted(links) == sorted([(both.id, target.id, "capability"),
                                    (only_source.id, target.id, "capability"),
                                    (only_source.id, target.id, "interest")])


def test_a_tag_cannot_be_merged_into_itself(client, auth, make_user, taxonomy):
    make_user(email="admin@example.com", role="admin")
    auth.login("admin@example.com")
    tag = taxonomy["photonics"]
    html = client.post(f"/admin/tags/{tag.id}/merge", data={"target_id": tag.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "cannot be merged into itself" in html


def test_only_admins_touch_the_taxonomy(client, auth, make_user, taxonomy):
    make_user(email="p@example.com")
    auth.login("p@example.com")
    assert client.get("/admin/tags").status_code == 403
    assert client.post("/admin/tags", data={"slug": "x"}).status_code == 403
