"""The events blueprint object, shared by the view modules that add routes to it."""

from flask import Blueprint

from ..i18n import translated
from .meeting_models import OUTCOMES, REQUEST_STATUSES, SOURCES
from .models import KINDS, ROLES, STATUSES

bp = Blueprint("events", __name__)


VOCABULARIES = {"KINDS": KINDS, "ROLES": ROLES, "STATUSES": STATUSES,
                "REQUEST_STATUSES": REQUEST_STATUSES, "SOURCES": SOURCES, "OUTCOMES": OUTCOMES}


@bp.app_context_processor
def vocabularies():
    return translated(VOCABULARIES)
