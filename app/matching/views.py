"""Suggested partners, the shortlist, and the panel on organisation pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..i18n import current_language
from ..inputs import id_or_none
from ..organisations.models import ORG_TYPES, Organisation
from . import services
from .cards import suggestion_cards, taxonomy_labels

bp = Blueprint("matching", __name__)


def _own_organisation() -> Organisation | None:
    return current_user.organisation if current_user.is_authenticated else None


@bp.get("/matches")
@login_required
def suggestions():
    organisation = _own_organisation()
    if organisation is None:
        flash(_("Register your organisation first: suggestions are made for organisations."), "info")
        return redirect(url_for("organisations.create"))
    org_type = request.args.get("type", "")
    org_type = org_type if org_type in ORG_TYPES else ""
    tag = request.args.get("tag", "")
    region = (request.args.get("region") or "")[:100]
    saved_only = request.args.get("saved") == "1"
    tags = taxonomy_labels()
    rows = suggestion_cards(
        organisation,
        tags,
        org_type=org_type,
        tag=id_or_none(tag),
        region=region,
        saved_only=saved_only,
    )
    lang = current_language()
    roots = [t for t in tags.values() if t.parent_id is None]
    fields = choices([("", _("Any field"))] + [(str(f.id), f.label(lang)) for f in roots])
    return render_template(
        "matching/suggestions.html",
        organisation=organisation,
        rows=rows,
        tags=tags,
        filters={"type": org_type, "tag": tag, "region": region, "saved": saved_only},
        field_choices=fields,
    )


@bp.post("/matches/<int:partner_id>/<action>")
@login_required
def feedback(partner_id: int, action: str):
    organisation = _own_organisation()
    statuses = {"save": "saved", "unsave": None, "dismiss": "dismissed"}
    if organisation is None or action not in statuses:
        return redirect(url_for("matching.suggestions"))
    try:
        services.set_feedback(organisation, partner_id, statuses[action], by=current_user)
    except DomainError as exc:
        flash(exc.message, "danger")
    else:
        db.session.commit()
        messages = {
            "save": _("Saved to your shortlist."),
            "unsave": _("Removed from your shortlist."),
            "dismiss": _("Dismissed: this organisation will not be suggested again."),
        }
        flash(messages[action], "success")
    target = request.form.get("next") or url_for("matching.suggestions")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("matching.suggestions")
    return redirect(target)


@bp.app_context_processor
def matching_panel():
    def organisation_panel(organisation: Organisation, limit: int = 5) -> dict:
        """Suggested partners and similar organisations for an organisation page."""
        partners = services.top_partners(organisation, limit)
        similar = services.similar_organisations(organisation, limit)
        return {"partners": partners, "similar": similar}

    return {"organisation_panel": organisation_panel}
