"""schemathesis against /api/v1/openapi.json, through the WSGI app, as a read-write token holder.

Every operation in the document gets MAX_EXAMPLES generated requests that fit the document
(positive) and MAX_EXAMPLES that break it (negative); operations on one object get MAX_EXAMPLES
more aimed at objects that exist (the token holder's own organisation, a real tag). Every
response must be a non-500 that conforms to the document: status code, content type, headers
and body schema. The case count is printed (run with -s) and asserted.

(The schemathesis pytest plugin's lazy fixture loader does not run under pytest 9, so the
operations' Hypothesis strategies are driven directly.)
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.extensions import db
from app.tokens.services import create_token

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _exercise(operation, mode, headers: dict, counts: dict, label: str, path: dict | None = None):
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        counts[label] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_the_api_conforms_to_its_document(app, make_user, make_org, make_tag):
    user = make_user(email="schema@example.com")
    tag = make_tag("photonics", "Photonics", "フォトニクス", sensitivity="dual_use")
    own = make_org("Schema Org", country="GB", members=[user], capabilities=[tag])
    for n in range(3):
        make_org(f"Partner {n}", country="JP", looking_for=[tag])
    _token, secret = create_token(user, "schemathesis", "read-write")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    counts: dict[str, int] = {}
    failures: list[str] = []
    real_ids = {"org_id": own.id, "tag_id": tag.id}  # besides random ids, mostly unknown
    for result in schema.get_all_operations():
        operation = result.ok()
        names = [p.name for p in operation.path_parameters]
        runs = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
        if names and all(n in real_ids for n in names):
            runs.append((GenerationMode.POSITIVE, {n: real_ids[n] for n in names}))
        for mode, path in runs:
            label = f"{operation.label} [{mode.value}{', real ids' if path else ''}]"
            counts[label] = 0
            try:
                _exercise(operation, mode, headers, counts, label, path)
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{label}: {exc}")
    total = sum(counts.values())
    print(f"\nschemathesis: {total} cases in {len(counts)} runs, "
          f"{len(failures)} failing: {counts}")
    assert not failures, "\n\n".join(failures)
    assert total >= len(counts) * 5
