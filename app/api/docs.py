"""The API documentation page, rendered on the server from the OpenAPI document (no CDN, no JS)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"array of {_schema_name(schema.get('items'))}"
    return schema.get("type", "object")


def _operations(spec: dict) -> list[dict]:
    operations = []
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for status, response in op.get("responses", {}).items():
                if "$ref" in response:
                    ref = response["$ref"].rsplit("/", 1)[-1]
                    response = spec["components"]["responses"].get(ref, {})
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    (status, response.get("description", ""), _schema_name(content.get("schema")))
                )
            operations.append(
                {
                    "method": method.upper(), "path": path, "tag": (op.get("tags") or [""])[0],
                    "summary": op.get("summary", ""), "description": op.get("description", ""),
                    "parameters": shared + op.get("parameters", []),
                    "body": _schema_name(body.get("schema")), "responses": responses,
                }
            )  # fmt: skip
    return operations


@bp.get("/api/v1/docs")
def page():
    spec = current_app.extensions["kakehashi_api"].spec.to_dict()
    return render_template(
        "api/docs.html",
        spec=spec,
        operations=_operations(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
        schema_name=_schema_name,
    )
