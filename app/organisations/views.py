"""The directory, organisation pages, profile editing, tag type-ahead and taxonomy admin."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from ..audit import services as audit
from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..i18n import current_language, translated
from ..inputs import id_or_none, page_number
from ..matching.services import refresh_quietly
from ..security import role_required
from . import services
from .cards import CARD_COLUMNS, card_page
from .contacts import can_see_contacts
from .forms import DirectoryFilterForm, OrganisationForm
from .models import COUNTRIES, INTERESTS, ORG_TYPES, SENSITIVITIES, SIZE_BANDS, Organisation, Tag

bp = Blueprint("organisations", __name__)


def _tag_choices() -> list[tuple[int, str]]:
    return services.tag_choices(current_language())


def _profile_form(organisation: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(obj=organisation)
    options = _tag_choices()  # one query for both fields
    form.capabilities.choices = choices(options)
    form.looking_for.choices = choices(options)
    if organisation is not None and request.method == "GET":
        form.capabilities.data = [t.id for t in organisation.capabilities]
        form.looking_for.data = [t.id for t in organisation.looking_for]
    return form


def _render_profile_form(form, organisation=None):
    status = 400 if form.errors else 200
    return (
        render_template(
            "organisations/edit.html",
            form=form,
            organisation=organisation,
            taxonomy=services.taxonomy(),
            completeness=services.completeness(organisation) if organisation else None,
        ),
        status,
    )


def _saved(organisation: Organisation, message: str):
    """Commit a profile, then refresh its suggestions (a matcher failure never loses the save)."""
    db.session.commit()
    refresh_quietly(organisation)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("organisations.show", org_id=organisation.id))


@bp.get("/organisations")
def directory():
    form = DirectoryFilterForm(request.args)
    form.tag.choices = form.tag.choices[:1] + choices((str(v), lb) for v, lb in _tag_choices())
    if not form.validate():
        return render_template("organisations/directory.html", form=form, page=None), 400
    stmt = services.directory_query(
        q=form.q.data or "",
        country=form.country.data or "",
        org_type=form.type.data or "",
        tag=int(form.tag.data) if form.tag.data else None,
        region=form.region.data or "",
        columns=CARD_COLUMNS,
    )
    cap = current_app.config["DIRECTORY_COUNT_CAP"]
    per_page = current_app.config["DIRECTORY_PAGE_SIZE"]
    number = min(page_number(), max(-(-cap // per_page), 1))
    page = card_page(stmt, number, per_page)
    found = services.count_capped(stmt, cap)
    page.total = min(found, cap)
    return render_template("organisations/directory.html", form=form, page=page, more=found > cap)


@bp.get("/organisations/<int:org_id>")
def show(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    editable = services.can_edit(current_user, organisation)
    viewer = current_user.organisation if current_user.is_authenticated else None
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        editable=editable,
        show_contacts=editable or can_see_contacts(current_user, organisation),
        completeness=services.completeness(organisation) if editable else None,
        sensitive=services.sensitive_tags(
            organisation, viewer if viewer is not None and viewer.id != organisation.id else None
        ),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create():
    if current_user.organisation is not None and not current_user.is_admin:
        flash(_("You already belong to an organisation; here is its profile."), "info")
        return redirect(url_for("organisations.edit", org_id=current_user.organisation.id))
    form = _profile_form()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(form.data, by=current_user)
        except DomainError as exc:
            flash(exc.message, "danger")
        else:
            return _saved(organisation, _("Your organisation is registered."))
    return _render_profile_form(form)


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    services.ensure_can_edit(current_user, organisation)
    form = _profile_form(organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, form.data)
        except DomainError as exc:
            flash(exc.message, "danger")
        else:
            return _saved(organisation, _("The profile is saved."))
    return _render_profile_form(form, organisation)


@bp.get("/tags/search")
def tag_search():
    """Type-ahead: tags whose English or Japanese label contains `q`."""
    q = (request.args.get("q") or "").strip()[:100]
    stmt = select(Tag).order_by(Tag.label_en).limit(20)
    if q:
        pattern = f"%{services._escape_like(q)}%"
        stmt = stmt.where(
            or_(Tag.label_en.ilike(pattern, escape="\\"), Tag.label_ja.ilike(pattern, escape="\\"))
        )
    return jsonify(
        [
            {"id": t.id, "slug": t.slug, "en": t.label_en, "ja": t.label_ja, "parent": t.parent_id}
            for t in db.session.scalars(stmt)
        ]
    )


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _tag_form_values() -> tuple[str, str, int | None, str]:
    label_en = (request.form.get("label_en") or "").strip()
    label_ja = (request.form.get("label_ja") or "").strip()
    parent = request.form.get("parent_id") or ""
    sensitivity = request.form.get("sensitivity") or "none"
    if not label_en or not label_ja or len(label_en) > 120 or len(label_ja) > 120:
        raise DomainError(_("Give the tag a label in English and in Japanese (up to 120 characters)."))
    if sensitivity not in SENSITIVITIES:
        raise DomainError(_("Choose how sensitive the technology is from the list."))
    parent_id = id_or_none(parent)
    if parent and parent_id is None:
        raise DomainError(_("The broader field chosen does not exist."))
    if parent_id is not None and db.session.get(Tag, parent_id) is None:
        raise DomainError(_("The broader field chosen does not exist."))
    return label_en, label_ja, parent_id, sensitivity


def _tag_state(tag: Tag) -> dict:
    return {
        "label_en": tag.label_en, "label_ja": tag.label_ja, "parent_id": tag.parent_id,
        "sensitivity": tag.sensitivity,
    }  # fmt: skip


def _back_to_taxonomy(message: str, category: str):
    """Tell the admin how the change went, on the taxonomy page (a failed change is undone)."""
    if category == "danger":
        db.session.rollback()
    flash(message, category)
    return redirect(url_for("organisations.admin_tags"))


@bp.get("/admin/tags")
@role_required("admin")
def admin_tags():
    usage = services.tag_usage()
    return render_template(
        "organisations/admin_tags.html",
        taxonomy=services.taxonomy(),
        usage=usage,
        sensitivities=SENSITIVITIES,
    )


@bp.post("/admin/tags")
@role_required("admin")
def admin_add_tag():
    try:
        label_en, label_ja, parent_id, sensitivity = _tag_form_values()
        slug = (request.form.get("slug") or "").strip().lower()
        if not SLUG.match(slug) or len(slug) > 80:
            raise DomainError(_("The identifier uses lower-case letters, digits and hyphens."))
        tag = services.add_tag(slug, label_en, label_ja, parent_id, sensitivity)
    except DomainError as exc:
        return _back_to_taxonomy(exc.message, "danger")
    audit.record_audit(current_user, "tag.added", tag, {"slug": slug, "sensitivity": sensitivity})
    db.session.commit()
    return _back_to_taxonomy(_("Tag added."), "success")


@bp.post("/admin/tags/<int:tag_id>")
@role_required("admin")
def admin_update_tag(tag_id: int):
    tag = db.get_or_404(Tag, tag_id)
    before = _tag_state(tag)
    try:
        tag.label_en, tag.label_ja, parent_id, tag.sensitivity = _tag_form_values()
        if parent_id == tag.id or (
            parent_id is not None and parent_id in services.tag_with_descendants(tag.id)
        ):
            raise DomainError(_("A tag cannot sit below itself."))
        tag.parent_id = parent_id
    except DomainError as exc:
        return _back_to_taxonomy(exc.message, "danger")
    changes = {k: [before[k], v] for k, v in _tag_state(tag).items() if before[k] != v}
    if changes:
        audit.record_audit(current_user, "tag.updated", tag, changes)
    db.session.commit()
    return _back_to_taxonomy(_("Tag saved."), "success")


@bp.post("/admin/tags/<int:tag_id>/merge")
@role_required("admin")
def admin_merge_tag(tag_id: int):
    source = db.get_or_404(Tag, tag_id)
    target_id = request.form.get("target_id") or ""
    target = db.session.get(Tag, id_or_none(target_id)) if id_or_none(target_id) else None
    if target is None:
        return _back_to_taxonomy(_("Choose the tag to merge into."), "danger")
    source_slug, source_id = source.slug, source.id
    try:
        moved = services.merge_tags(source, target)
    except DomainError as exc:
        return _back_to_taxonomy(exc.message, "danger")
    audit.record_audit(
        current_user, "tag.merged", f"tags:{source_id}",
        {"slug": source_slug, "into": target.slug, "uses_moved": moved},
    )  # fmt: skip
    db.session.commit()
    return _back_to_taxonomy(_("Merged; %(n)d uses moved.", n=moved), "success")


VOCABULARIES = {
    "COUNTRIES": COUNTRIES,
    "ORG_TYPES": ORG_TYPES,
    "SIZE_BANDS": SIZE_BANDS,
    "INTERESTS": INTERESTS,
    "SENSITIVITIES": SENSITIVITIES,
}


@bp.app_context_processor
def vocabularies():
    return {**translated(VOCABULARIES), "sensitive_tags": services.sensitive_tags}
