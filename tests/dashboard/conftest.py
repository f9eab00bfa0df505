"""The events tests' creators (an event with sessions; an admitted participant), reused here."""

from tests.events.conftest import join, make_event  # noqa: F401
