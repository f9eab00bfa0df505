"""The home page and the language switcher."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..organisations.models import Organisation

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    counts = dict(
        db.session.execute(
            select(Organisation.country, func.count()).group_by(Organisation.country)
        ).all()
    )
    return render_template("main/index.html", counts=counts)


@bp.post("/language")
def set_language():
    """Remember the chosen language for this browser (and the account, when signed in)."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("main.index")
    return redirect(target)


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")


NAV = (
    # (endpoint, label, who may see it)
    ("matching.suggestions", _l("Suggested partners"), "member"),
    ("events.index", _l("Events"), "anyone"),
    ("organiser.index", _l("Organiser"), "organiser"),
    ("imports.index", _l("Import"), "organiser"),
    ("organisations.admin_tags", _l("Taxonomy"), "admin"),
    ("accounts.admin_users", _l("Users"), "admin"),
    ("audit.admin_log", _l("Audit log"), "admin"),
)


@bp.app_context_processor
def navigation():
    def nav_items() -> list[dict[str, str]]:
        items = []
        if current_user.is_authenticated and current_user.organisation is not None:
            org = current_user.organisation
            items.append(
                {"url": url_for("organisations.show", org_id=org.id), "label": _l("My organisation")}
            )
        for endpoint, label, audience in NAV:
            if endpoint not in current_app.view_functions or not _may_see(audience):
                continue
            items.append({"url": url_for(endpoint), "label": label})
        return items

    def page_url(number: int) -> str:
        """This page's URL with the same query but another page number."""
        args = request.args.to_dict()
        args["page"] = number
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    return {"nav_items": nav_items, "page_url": page_url}


def _may_see(audience: str) -> bool:
    if audience == "anyone":
        return True
    if not current_user.is_authenticated:
        return False
    if audience == "member":
        return current_user.organisation is not None
    if audience == "organiser":
        return current_user.is_organiser
    return current_user.is_admin
