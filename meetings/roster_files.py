"""A standing working group's roster from a workbook: one person a row, with the body they represent, their
e-mail and their role, under a header row in Italian or English (the template `template_xlsx` gives). The whole
file is checked before anything is returned: every problem is listed with its row."""
from __future__ import annotations

import io
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from exports.cells import restore

from .names import fold, name_key

TEMPLATE_COLUMNS = ["Nome e cognome", "Ente", "E-mail", "Ruolo"]
# Column names as folded by names.fold (case, accents and punctuation ignored: "E-mail" is "e mail").
# "nome" alone is the whole name, unless a "cognome" column sits beside it.
HEADERS = {
    "name": {"nome e cognome", "cognome e nome", "nominativo", "name", "full name"},
    "given": {"nome", "first name", "given name"},
    "surname": {"cognome", "surname", "last name", "family name"},
    "body": {"ente", "organizzazione", "ente di appartenenza", "rappresenta", "body", "organization",
             "organisation"},
    "email": {"email", "e mail", "mail", "posta elettronica"},
    "role": {"ruolo", "role", "qualifica"},
}
FIELD_BY_HEADER = {header: field for field, headers in HEADERS.items() for header in headers}
HEADER_SEARCH_ROWS = 10
MAX_PEOPLE = 500
MAX_TEXT = 200


class RosterFileError(ValueError):
    """The file cannot be taken as a roster; `problems` lists every problem found, each naming its row, and
    `message` joins them for the user."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        self.message = " ".join(problems)
        super().__init__(self.message)


@dataclass(frozen=True)
class RosterRow:
    """One person of the roster, as the file has them (whitespace trimmed, e-mail in lower case)."""
    row: int              # the row number in the sheet, for the messages
    name: str
    body: str | None
    email: str | None
    role: str | None


def _text(value) -> str:
    """A cell as trimmed text on one line (a quote put before a formula by our exports is taken off)."""
    return "" if value is None else " ".join(str(restore(value)).split())


def _columns(cells) -> dict[str, int]:
    """The position of each field a header row names (the first column wins when two name one field); a row
    without a column of names gives {}."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        field = FIELD_BY_HEADER.get(fold(_text(cell)))
        if field and field not in columns:
            columns[field] = position
    if "name" not in columns and "given" in columns and "surname" not in columns:
        columns["name"] = columns.pop("given")    # "Nome" alone holds the whole name
    has_names = "name" in columns or ("given" in columns and "surname" in columns)
    return columns if has_names else {}


def _values(cells, columns: dict[str, int]) -> dict[str, str]:
    """A row's text by field, the name joined from "Nome" and "Cognome" when the file splits it."""
    values = {field: _text(cells[i]) if i < len(cells) else "" for field, i in columns.items()}
    if "name" not in values:
        values["name"] = " ".join(part for part in (values.pop("given"), values.pop("surname")) if part)
    else:
        values.pop("given", None)
        values.pop("surname", None)
    return values


def _email(row: int, text: str, problems: list[str]) -> str | None:
    """The address normalised and in lower case (as accounts keep it); None, after a problem, if it is none."""
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        problems.append(_("Row %(row)d: “%(email)s” is not an e-mail address.", row=row, email=text[:MAX_TEXT]))
        return None


def _row(number: int, values: dict[str, str], problems: list[str]) -> RosterRow | None:
    """The row as a RosterRow, or None after adding its problems."""
    found = len(problems)
    name = values["name"]
    if not name:
        problems.append(_("Row %(row)d has no name.", row=number))
    elif len(name) > MAX_TEXT:
        problems.append(_("Row %(row)d: the name is longer than %(limit)d characters.", row=number, limit=MAX_TEXT))
    if len(values.get("body", "")) > MAX_TEXT:
        problems.append(_("Row %(row)d: the body is longer than %(limit)d characters.", row=number, limit=MAX_TEXT))
    if len(values.get("role", "")) > MAX_TEXT:
        problems.append(_("Row %(row)d: the role is longer than %(limit)d characters.", row=number, limit=MAX_TEXT))
    email = _email(number, values.get("email", ""), problems)
    if len(problems) > found:
        return None
    return RosterRow(row=number, name=name, body=values.get("body") or None, email=email,
                     role=values.get("role") or None)


def read_roster(stream) -> list[RosterRow]:
    """The people of a roster workbook (a binary file object), in the file's order. The first sheet is read;
    its header row is looked for among the first rows; empty rows are skipped. Raises RosterFileError listing
    every problem: not a workbook, no column of names, too many people, a name too long, an e-mail that is not
    one, two rows naming one person."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a file that is not a workbook
        raise RosterFileError([_("The file is not an Excel workbook (.xlsx).")]) from None
    try:
        if not book.worksheets:
            raise RosterFileError([_("The workbook has no sheet.")])
        return _read_sheet(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def _read_sheet(rows) -> list[RosterRow]:
    """The people under the header row, which is the first of the sheet's opening rows to name a column of
    names; rows above it and rows empty in every recognised column are ignored."""
    columns: dict[str, int] = {}
    number = 0
    for number, cells in enumerate(rows, start=1):
        if (columns := _columns(cells)) or number >= HEADER_SEARCH_ROWS:
            break
    if not columns:
        raise RosterFileError([_("No header row with a column of names was found in the first %(rows)d rows of "
                                 "the first sheet: name a column “Nome e cognome” (or two, “Nome” and "
                                 "“Cognome”).", rows=HEADER_SEARCH_ROWS)])
    people: list[RosterRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    counted = 0
    for number, cells in enumerate(rows, start=number + 1):
        values = _values(cells, columns)
        if not any(values.values()):
            continue
        counted += 1
        if counted > MAX_PEOPLE:
            problems.append(_("Row %(row)d: a roster holds at most %(limit)d people; split the file.", row=number,
                              limit=MAX_PEOPLE))
            break
        person = _row(number, values, problems)
        if person is None:
            continue
        if (first := seen.setdefault(name_key(person.name), number)) != number:
            problems.append(_("Rows %(first)d and %(row)d name the same person: %(name)s.", first=first,
                              row=number, name=person.name))
            continue
        people.append(person)
    if problems:
        raise RosterFileError(problems)
    return people


def template_xlsx() -> bytes:
    """A blank roster: the Italian header row the office fills in under, ready for `read_roster`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Componenti"
    sheet.append(TEMPLATE_COLUMNS)
    for cell, width in zip(sheet[1], (32, 32, 32, 24)):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
