"""The expected status of every route for every role: the authorisation matrix's table.

One line per "METHOD endpoint": six expectations in the order of ROLES —
anonymous, member_a, member_b, organiser_x, organiser_y, admin. Each is an HTTP status, or
"login" for a redirect to the sign-in page. Requests carry no form data (POST) or an empty
JSON object (API writes), so they test who is let in without changing anything much: a 400
means "let in, then told what is missing".

URL parameters come from PARAMS (argument name -> a World object, or a literal). A route
missing from this table fails test_every_route_has_an_expectation — add its line.
"""

from __future__ import annotations

PARAMS = {
    "org_id": "org_a",  # organisation A: member_a's
    "tag_id": "tag",
    "user_id": ("users", "member_b"),
    "token_id": "token_a",  # a token of member_a's
    "job_id": "job",  # a job of member_a's
    "token": "not-a-valid-token",  # reset and sign-up confirmation links
    "partner_id": "org_b",
    "kind": "organisations",
    "action": {"matching.feedback": "save", "events.answer": "decline"},
    "event_id": "event_x",  # organised by organiser_x; A and B take part
    "request_id": "request",  # pending, from A to B
    "meeting_id": "meeting",  # A meets B
    "participation_id": "participation_b",
    "session_id": "event_x_session",
    "venue_id": "event_x_venue",
    "visit_id": "visit",  # a visit to B
    "name": {"organiser.export": "participants", "dashboard.download": "requests"},
    "fmt": "csv",
    "ext": "csv",
    "filename": {"static": "css/app.css", "bootstrap.static": "css/bootstrap.min.css"},
}

# Requests that remove what later rows rely on run last, in this order.
RUN_LAST = ("POST api_event_meetings.decline", "POST api_event_actions.withdraw_request",
            "POST organiser.delete", "POST organiser.delete_visit", "POST organiser.delete_session",
            "POST organiser.delete_venue", "POST events.withdraw", "POST api_event_actions.withdraw")

EVERYONE = "200 200 200 200 200 200"
SIGNED_IN = "login 200 200 200 200 200"
ADMIN_ONLY = "login 403 403 403 403 200"
API_READ = "401 200 200 200 200 200"

MATRIX = {
    # public pages
    "GET main.index": EVERYONE,
    "GET main.privacy": EVERYONE,
    "POST main.set_language": "302 302 302 302 302 302",
    "GET static": EVERYONE,
    "GET bootstrap.static": EVERYONE,
    "GET organisations.directory": EVERYONE,
    "GET organisations.show": EVERYONE,
    "GET organisations.tag_search": EVERYONE,
    "GET ops.healthz": EVERYONE,
    "GET ops.readyz": EVERYONE,
    # bulk import: organisers and admins
    "GET imports.index": "login 403 403 200 200 200",
    "POST imports.index": "login 403 403 400 400 400",
    "GET imports.template": "login 403 403 200 200 200",
    "GET imports.preview": "login 403 403 302 302 302",
    "POST imports.preview": "login 403 403 302 302 302",
    # suggested partners: for members of an organisation; others are asked to register one
    "GET matching.suggestions": "login 200 200 302 302 302",
    "POST matching.feedback": "login 302 302 302 302 302",
    # accounts: signed-in users are sent on from the sign-in and sign-up pages
    "GET accounts.login": "200 302 302 302 302 302",
    "POST accounts.login": "400 302 302 302 302 302",
    "GET accounts.signup": "200 302 302 302 302 302",
    "POST accounts.signup": "400 302 302 302 302 302",
    "GET accounts.signup_sent": "200 302 302 302 302 302",
    "GET accounts.confirm_signup": "302 302 302 302 302 302",  # invalid token: back to sign-up
    "POST accounts.confirm_signup": "302 302 302 302 302 302",
    "POST accounts.logout": "login 302 302 302 302 302",
    "GET accounts.reset_request": EVERYONE,
    "POST accounts.reset_request": "400 400 400 400 400 400",
    "GET accounts.reset_password": "302 302 302 302 302 302",  # invalid token: back to the request page
    "POST accounts.reset_password": "302 302 302 302 302 302",
    "GET accounts.account": SIGNED_IN,
    "POST accounts.account": "login 400 400 400 400 400",
    "GET notifications.preferences": SIGNED_IN,
    "POST notifications.preferences": "login 302 302 302 302 302",
    "GET jobs.status": "login 200 403 403 403 200",
    # privacy and tokens
    "GET privacy.download": SIGNED_IN,
    "GET privacy.delete": SIGNED_IN,
    "POST privacy.delete": "login 400 400 400 400 400",
    "GET tokens.index": SIGNED_IN,
    "POST tokens.create": "login 400 400 400 400 400",
    "POST tokens.revoke": "login 302 404 404 404 404",
    # organisation profiles: members of A (and admins) edit A; someone with an organisation is
    # sent to it from the "new" page
    "GET organisations.create": "login 302 302 200 200 200",
    "POST organisations.create": "login 302 302 400 400 400",
    "GET organisations.edit": "login 200 403 403 403 200",
    "POST organisations.edit": "login 302 403 403 403 302",  # no form data: the profile is kept as is,
    # events, participant side: A and B take part in X; organisers work in the organiser area.
    # Withdrawing (run last) takes each member's organisation out of X.
    "GET events.index": "200 200 200 200 200 200",
    "GET events.itinerary": "login 200 200 200 403 200",
    "GET events.itinerary_ics": "login 200 200 200 403 200",
    "GET events.new": "login 403 403 200 200 200",
    "GET events.partners": "login 200 200 403 403 403",
    "GET events.requests": "login 200 200 403 403 403",
    "GET events.show": "200 200 200 200 200 200",
    "POST events.answer": "login 403 302 403 403 403",
    "POST events.apply": "login 400 400 400 400 400",
    "POST events.availability": "login 302 302 403 403 403",
    "POST events.new": "login 403 403 400 400 400",
    "POST events.outcome": "login 400 400 403 403 403",
    "POST events.requests": "login 400 400 403 403 403",
    "POST events.withdraw": "login 302 302 403 403 403",
    # the organiser area: the organiser of X and admins only; Y's organiser is refused. An empty
    # form is a 400; deleting what is in use a 409; deleting twice a 404 (the admin comes after).
    "GET organiser.edit": "login 403 403 200 403 200",
    "GET organiser.event": "login 403 403 200 403 200",
    "GET organiser.export": "login 403 403 200 403 200",
    "GET organiser.index": "login 403 403 200 200 200",
    "GET organiser.outcome_totals": "login 403 403 200 403 200",
    "GET dashboard.show": "login 403 403 200 403 200",
    "GET dashboard.download": "login 403 403 200 403 200",
    "GET organiser.participants": "login 403 403 200 403 200",
    "GET organiser.schedule_page": "login 403 403 200 403 200",
    "GET organiser.seating": "login 403 403 200 403 200",
    "GET organiser.visits": "login 403 403 200 403 200",
    "POST organiser.add_meeting": "login 403 403 400 403 400",
    "POST organiser.add_session": "login 403 403 400 403 400",
    "POST organiser.add_venue": "login 403 403 400 403 400",
    "POST organiser.add_visit": "login 403 403 400 403 400",
    "POST organiser.adjust_visit": "login 403 403 400 403 400",
    "POST organiser.decide": "login 403 403 400 403 400",
    "POST organiser.edit": "login 403 403 400 403 400",
    "POST organiser.generate": "login 403 403 302 403 302",
    "POST organiser.generate_itinerary": "login 403 403 302 403 302",
    "POST organiser.generate_seating": "login 403 403 302 403 302",
    "POST organiser.lock": "login 403 403 302 403 302",
    "POST organiser.move": "login 403 403 400 403 400",
    "POST organiser.publish": "login 403 403 302 403 302",
    "POST organiser.publish_itinerary": "login 403 403 302 403 302",
    "POST organiser.publish_seating": "login 403 403 302 403 302",
    "POST organiser.swap": "login 403 403 404 403 404",
    "POST organiser.unplace": "login 403 403 302 403 302",
    "POST organiser.delete": "login 403 403 302 403 404",
    "POST organiser.delete_visit": "login 403 403 302 403 404",
    "POST organiser.delete_session": "login 403 403 409 403 409",
    "POST organiser.delete_venue": "login 403 403 409 403 409",
    # administration
    "GET accounts.admin_users": ADMIN_ONLY,
    "POST accounts.admin_set_role": "login 403 403 403 403 302",
    "GET organisations.admin_tags": ADMIN_ONLY,
    "POST organisations.admin_add_tag": "login 403 403 403 403 302",
    "POST organisations.admin_update_tag": "login 403 403 403 403 302",
    "POST organisations.admin_merge_tag": "login 403 403 403 403 302",
    "GET audit.admin_log": ADMIN_ONLY,
    # the API: tokens only; the document and its page are public
    "GET api-docs.openapi_json": EVERYONE,
    "GET api_docs.page": EVERYONE,
    "GET api_me.me": API_READ,
    "GET api_organisations.search": API_READ,
    "GET api_organisations.read": API_READ,
    "PATCH api_organisations.update": "401 200 403 403 403 200",
    "GET api_tags.search": API_READ,
    "GET api_tags.read": API_READ,
    "GET api_suggestions.mine": "401 200 200 409 409 409",  # 409: no organisation to suggest for
    "PUT api_suggestions.feedback": "401 422 422 422 422 422",  # an empty body lacks "status"
    # the events API: participants see their own; organisers of the event see everything
    "GET api_events.index": API_READ,
    "GET api_events.read": API_READ,
    "GET api_events.participations": API_READ,  # others get an empty list
    "POST api_events.apply": "401 422 422 422 422 422",  # an empty body lacks "role"
    "GET api_events.itinerary": "401 200 200 200 403 200",
    "GET api_events.itinerary_ics": "401 200 200 200 403 200",
    "GET api_event_meetings.list_requests": "401 200 200 403 403 403",
    "POST api_event_meetings.create_request": "401 422 422 422 422 422",  # lacks the partner
    "POST api_event_meetings.accept": "401 403 409 403 403 403",  # 409: A and B already meet
    "POST api_event_meetings.decline": "401 403 409 403 403 403",  # runs last: B declined on the web
    "GET api_event_meetings.meetings": "401 200 200 200 403 200",
    "POST api_event_actions.withdraw_request": "401 409 403 403 403 403",  # last: B declined it
    "POST api_event_actions.withdraw": "401 403 403 403 403 403",  # last: A and B withdrew on the web
    "GET api_event_actions.availability": "401 200 200 403 403 403",
    "PUT api_event_actions.set_availability": "401 422 422 422 422 422",  # lacks the slot list
    "PUT api_event_actions.record_outcome": "401 422 422 422 422 422",  # lacks took_place
}
