"""Read an uploaded CSV or XLSX file into rows of text keyed by normalised column names."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from ..errors import DomainError

MAX_ROWS = 5000
EXTENSIONS = ("csv", "xlsx")


@dataclass
class Row:
    line: int  # as the organiser sees it in a spreadsheet: the header is line 1
    values: dict[str, str]


def normalise_header(name: object) -> str:
    """'Contact e-mail ' -> 'contact_e_mail'; what column aliases are matched against."""
    return re.sub(r"[^0-9a-z]+", "_", str(name or "").strip().lower()).strip("_")


def extension_of(filename: str) -> str:
    """The lower-case extension when it is one we read; DomainError otherwise."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in EXTENSIONS:
        raise DomainError(_("Upload a .csv or .xlsx file."), {"file": [_("Upload a .csv or .xlsx file.")]})
    return ext


def read_rows(data: bytes, ext: str) -> list[Row]:
    """Every non-empty row below the header; DomainError when the file cannot be read."""
    table = _xlsx_table(data) if ext == "xlsx" else _csv_table(data)
    if not table:
        raise DomainError(_("The file is empty."))
    header = [normalise_header(h) for h in table[0]]
    if not any(header):
        raise DomainError(_("The first row must name the columns."))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: _text(c) for h, c in zip(header, cells, strict=False) if h}
        if any(values.values()):
            rows.append(Row(number, values))
    if len(rows) > MAX_ROWS:
        raise DomainError(_("The file has more than %(n)d rows; split it into smaller files.", n=MAX_ROWS))
    return rows


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _csv_table(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp932"):  # Excel in Japan saves CSV as Shift-JIS
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The file is not readable text; save it as CSV (UTF-8) or XLSX."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx_table(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
