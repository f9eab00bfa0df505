"""Download my data includes the events my organisation takes part in."""

import json

from .conftest import client_as


def test_the_export_lists_participations_requests_and_meetings(app, world):
    data = json.loads(client_as(app, world, "member_a").get("/account/data").get_data(as_text=True))
    [entry] = data["events"]
    assert entry["event"]["title"] == "Mission X"
    assert entry["status"] == "admitted"
    assert entry["requests"][0]["status"] == "pending"
    assert entry["meetings"][0]["with"] == "Org B"
