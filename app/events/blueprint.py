"""The events blueprint object, shared by the view modules that add routes to it."""

from flask import Blueprint

from .meeting_models import OUTCOMES, REQUEST_STATUSES, SOURCES
from .models import KINDS, ROLES, STATUSES

bp = Blueprint("events", __name__)


@bp.app_context_processor
def vocabularies():
    return {"KINDS": KINDS, "ROLES": ROLES, "STATUSES": STATUSES,
            "REQUEST_STATUSES": REQUEST_STATUSES, "SOURCES": SOURCES, "OUTCOMES": OUTCOMES}
