"""What every import shares: a checked row, the preview of a whole file, and field checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _

from .reading import Row

NEW, EXISTS, ERROR = "new", "exists", "error"


@dataclass
class Checked:
    line: int
    label: str
    problems: list[str] = field(default_factory=list)
    exists: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return ERROR if self.problems else EXISTS if self.exists else NEW


@dataclass
class Preview:
    kind: str
    rows: list[Checked]
    missing_columns: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def has_errors(self) -> bool:
        return bool(self.missing_columns) or self.count(ERROR) > 0

    @property
    def importable(self) -> list[Checked]:
        return [r for r in self.rows if r.status == NEW]


def pick(row: Row, aliases: tuple[str, ...]) -> str:
    """The first non-empty value among a column's accepted names."""
    for name in aliases:
        if row.values.get(name):
            return row.values[name]
    return ""


def missing_columns(rows: list[Row], columns: dict[str, tuple[str, ...]], required) -> list[str]:
    """Required columns that no alias names in the file's header."""
    present = set(rows[0].values) if rows else set()
    return [aliases[0] for key, aliases in columns.items() if key in required
            and not present & set(aliases)]


def check_email(value: str, problems: list[str], required: bool = False) -> str:
    """The normalised address, or '' with a problem noted when it is malformed."""
    if not value:
        if required:
            problems.append(_("The e-mail address is missing."))
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems.append(_("“%(value)s” is not a valid e-mail address.", value=value))
        return ""


def check_length(value: str, limit: int, label: str, problems: list[str]) -> str:
    if len(value) > limit:
        problems.append(_("%(field)s is longer than %(n)d characters.", field=label, n=limit))
    return value


def vocabulary(labels: dict[str, Any], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Lookup from a key, its English label or its Japanese label (any case) to the key."""
    found = {key.lower(): key for key in labels}
    for lang in ("en", "ja"):
        with force_locale(lang):
            found.update({str(label).strip().lower(): key for key, label in labels.items()})
    found.update({k.lower(): v for k, v in (extra or {}).items()})
    return found
