"""The audit log: admin actions are recorded, and only admins can read them."""

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import record_audit
from app.extensions import db


def test_changing_a_role_is_recorded_and_shown_to_admins(client, auth, make_user):
    admin = make_user(email="admin@example.com", role="admin", name="Ada Admin")
    user = make_user(email="kenji@example.com")
    auth.login("admin@example.com")
    client.post(f"/admin/users/{user.id}/role", data={"role": "organiser"})
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (
        admin.id, "user.role_changed", "users", str(user.id)
    )
    assert entry.details == {"from": "participant", "to": "organiser"}
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "user.role_changed" in html and "Ada Admin" in html and "organiser" in html


def test_taxonomy_changes_are_recorded(client, auth, make_user, make_tag):
    make_user(email="admin@example.com", role="admin")
    a, b = make_tag("gan-power"), make_tag("sic-power")
    auth.login("admin@example.com")
    client.post("/admin/tags", data={"slug": "new-tag", "label_en": "New", "label_ja": "新"})
    client.post(
        f"/admin/tags/{a.id}",
        data={"label_en": a.label_en, "label_ja": a.label_ja, "sensitivity": "export_controlled"},
    )
    client.post(f"/admin/tags/{b.id}/merge", data={"target_id": str(a.id)})
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["tag.added", "tag.updated", "tag.merged"]
    assert entries[1].details == {"sensitivity": ["none", "export_controlled"]}
    assert entries[2].details["into"] == "gan-power"
    listed = client.get("/admin/audit?action=tag.merged").get_data(as_text=True)
    assert "tag.merged" in listed and "tag.added</code>" not in listed


def test_only_admins_read_the_log(client, auth, make_user):
    make_user(email="org@example.com", role="organiser")
    assert client.get("/admin/audit").status_code == 302
    auth.login("org@example.com")
    assert client.get("/admin/audit").status_code == 403


def test_record_audit_accepts_a_string_target_and_keeps_details_plain(app, make_user):
    organiser = make_user(role="organiser")
    import datetime as dt

    entry = record_audit(organiser, "event.published", "events:7", {"at": dt.date(2026, 12, 1)})
    db.session.commit()
    assert (entry.target_type, entry.target_id, entry.actor_role) == ("events", "7", "organiser")
    assert entry.details == {"at": "2026-12-01"}
