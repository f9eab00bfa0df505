"""The matcher's background job: a full rebuild of the stored suggestions, with progress."""

from __future__ import annotations

from ..extensions import db
from ..jobs.services import report_progress
from .services import TOP_K, rebuild_suggestions, reset_cache


def rebuild(k: int = TOP_K) -> dict:
    """Job target ("app.matching.jobs:rebuild"): recompute every organisation's suggestions."""
    reported = {"percent": -1}

    def progress(current: int, total: int) -> None:
        percent = int(95 * current / max(total, 1))
        if percent >= reported["percent"] + 5:  # a row update every 5 %, not every organisation
            reported["percent"] = percent
            report_progress(percent, f"Scored {current} of {total} organisations")

    count = rebuild_suggestions(k=k, progress=progress)
    db.session.commit()
    reset_cache()
    return {"suggestions": count}
