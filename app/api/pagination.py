"""One page of a query as the API returns it: items, figures and links."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from sqlalchemy import Select

from ..extensions import db


def paginate(stmt: Select | list, args: dict[str, Any]) -> dict[str, Any]:
    """The page of `stmt` (or of a list) in `args`; links keep the request's other parameters."""
    if isinstance(stmt, list):
        start = (args["page"] - 1) * args["per_page"]
        items, total = stmt[start : start + args["per_page"]], len(stmt)
    else:
        page = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
        items, total = list(page.items), page.total or 0
    pages = max(-(-total // args["per_page"]), 1)

    def link(number: int) -> str:
        query = request.args.to_dict()
        query.update(page=number, per_page=args["per_page"])
        return url_for(request.endpoint, **(request.view_args or {}), **query, _external=True)

    return {
        "items": items,
        "pagination": {
            "page": args["page"], "per_page": args["per_page"], "total": total,
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
