"""One page of a query as the API returns it: items, figures and links."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from sqlalchemy import Select

from ..extensions import db


def paginate(stmt: Select, args: dict[str, Any]) -> dict[str, Any]:
    """Run `stmt` for the page in `args`; links keep the request's other query parameters."""
    page = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
    pages = max(page.pages, 1)

    def link(number: int) -> str:
        query = request.args.to_dict()
        query.update(page=number, per_page=args["per_page"])
        return url_for(request.endpoint, **(request.view_args or {}), **query, _external=True)

    return {
        "items": list(page.items),
        "pagination": {
            "page": args["page"], "per_page": args["per_page"], "total": page.total or 0,
            "pages": pages,
        },  # fmt: skip
        "links": {
            "self": link(args["page"]),
            "first": link(1),
            "last": link(pages),
            "prev": link(args["page"] - 1) if 1 < args["page"] <= pages + 1 else None,
            "next": link(args["page"] + 1) if args["page"] < pages else None,
        },
    }
