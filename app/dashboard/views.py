"""An event's dashboard for its organiser: charts drawn on the server, each as SVG and CSV."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..events.helpers import owned_event
from ..security import role_required
from . import services
from .charts import to_csv, to_svg

bp = Blueprint("dashboard", __name__, url_prefix="/organiser/events/<int:event_id>/dashboard")


@bp.before_request
@role_required("organiser")
def _organisers_only():
    """Only organisers and admins; each view also checks the event is theirs."""


@bp.get("")
def show(event_id: int):
    event = owned_event(event_id)
    meetings, below = services.meetings_per_participant(event)
    outcomes, totals = services.outcomes(event)
    charts = [services.applications(event), services.requests(event), meetings,
              services.coverage(event), services.table_use(event), outcomes]
    return render_template("dashboard/event.html", event=event, charts=charts, below=below,
                           totals=totals)


@bp.get("/<name>.<ext>")
def download(event_id: int, name: str, ext: str):
    """One chart as an SVG image or as CSV numbers."""
    event = owned_event(event_id)
    if name not in services.CHARTS or ext not in ("svg", "csv"):
        abort(404)
    chart = services.chart(event, name)
    filename = f"event-{event.id}-{name}.{ext}"
    if ext == "svg":
        return Response(to_svg(chart), mimetype="image/svg+xml",
                        headers={"Content-Disposition": f'inline; filename="{filename}"',
                                 "Cache-Control": "private, max-age=60"})
    return Response("\ufeff" + to_csv(chart), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
