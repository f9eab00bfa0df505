"""The events blueprint: participant pages and event creation register their routes on it."""

from . import views_organiser, views_participant  # noqa: F401  (routes register on import)
from .blueprint import bp

__all__ = ["bp"]
