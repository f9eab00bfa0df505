"""Every route × every role answers with the status the matrix expects (tests/security/matrix.py)."""

from __future__ import annotations

from .conftest import ROLES, api_headers, client_as
from .matrix import MATRIX, PARAMS

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def routes(app) -> dict[str, object]:
    """"METHOD endpoint" -> rule, for every route the app serves."""
    found = {}
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            found[f"{method} {rule.endpoint}"] = rule
    return found


def _url_for(app, world, rule) -> str:
    values = {}
    for name in rule.arguments:
        spec = PARAMS[name]
        if isinstance(spec, dict):
            spec = spec[rule.endpoint]
        if isinstance(spec, tuple):
            values[name] = getattr(world, spec[0])[spec[1]].id
        elif spec in world.objects:
            values[name] = world.objects[spec].id
        else:
            values[name] = spec
    return rule.build(values, append_unknown=False)[1]


def _request(app, world, method: str, rule, role: str):
    client = client_as(app, world, role)
    url = _url_for(app, world, rule)
    if rule.rule.startswith("/api/"):
        body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        return client.open(url, method=method, headers=api_headers(world, role), **body)
    return client.open(url, method=method, data={} if method != "GET" else None)


def _observed(response) -> str:
    response.close()  # static files are streamed from open files
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return "login"
    return str(response.status_code)


def test_every_route_has_an_expectation(app):
    missing = sorted(set(routes(app)) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes(app)))
    assert not missing, (
        "Routes without an entry in tests/security/matrix.py MATRIX (add one line each, "
        f"six statuses for {', '.join(ROLES)}):\n  " + "\n  ".join(missing)
    )
    assert not stale, "MATRIX entries for routes that no longer exist:\n  " + "\n  ".join(stale)


def test_every_route_answers_every_role_as_expected(app, world):
    mismatches, checked = [], 0
    for key, rule in sorted(routes(app).items()):
        if key not in MATRIX:
            continue  # reported by test_every_route_has_an_expectation
        method = key.split(" ", 1)[0]
        expected = MATRIX[key].split()
        assert len(expected) == len(ROLES), f"{key}: give {len(ROLES)} statuses"
        for role, want in zip(ROLES, expected, strict=True):
            got = _observed(_request(app, world, method, rule, role))
            checked += 1
            if got != want:
                mismatches.append(f"{key:45} {role:12} expected {want:6} got {got}")
    assert checked == len(MATRIX) * len(ROLES)
    assert not mismatches, "Unexpected answers:\n" + "\n".join(mismatches)
