"""Count the SQL statements a piece of code sends, to catch N+1 queries in tests and scripts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


class Statements(list):
    """The SQL statements seen, in order; len() is the count."""

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:3}. {s[:300]}" for i, s in enumerate(self))


@contextmanager
def count_statements(engine: Engine) -> Iterator[Statements]:
    """Collect every statement `engine` executes inside the block."""
    seen = Statements()

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
