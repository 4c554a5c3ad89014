"""The paper path: evaluation cards as a workbook a referent fills in offline, and read back cell by cell.

One sheet per card. Column A (hidden) holds a key for every row, so the reader finds fields by key, not
by position; B is the label, C onward the values. Reading returns the cards' editable fields and every
problem with its sheet and cell: the caller writes nothing unless the list of problems is empty.
Pure: no Flask, no database (labels arrive translated in a `Vocabulary`).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from exports.cells import restore, xlsx_value

from .card_layout import (BLANK_ROWS, DATES, ENUMS, INTEGERS, LIMITS, MAX_INT, SCALAR_KEYS, SCALARS, TABLES, Vocabulary,
                          people_range, section_titles)

HEADER_FILL = PatternFill("solid", fgColor="0066CC")
INPUT_FILL = PatternFill("solid", fgColor="F2F7FC")
DATE_FORMAT = "DD/MM/YYYY"
MAX_UNPACKED = 100 * 1024 * 1024
SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    cell: str
    field: str
    message: str

    def __str__(self):
        return f"{self.sheet}!{self.cell} – {self.field}: {self.message}"


@dataclass
class OfflineCard:
    """What a filled-in sheet says about one card: its id, the version it was downloaded at, the fields."""
    sheet: str
    card_id: int
    version: int
    data: dict = field(default_factory=dict)


# ---- writing -----------------------------------------------------------------------------------------------

def _sheet_title(card: dict, used: set) -> str:
    base = SHEET_CHARS.sub("-", f"{card.get('action_code') or card['id']}")[:28] or str(card["id"])
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:26]}~{n}", n + 1
    used.add(title.lower())
    return title


class _Writer:
    def __init__(self, sheet, vocab: Vocabulary):
        self.sheet, self.vocab, self.row = sheet, vocab, 1
        self.validations: dict[str, DataValidation] = {}

    def line(self, key, label, *values, editable=True, bold=False):
        ws = self.sheet
        ws.cell(self.row, 1, key)
        ws.cell(self.row, 2, xlsx_value(label)).font = Font(bold=bold)
        ws.cell(self.row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        for offset, value in enumerate(values):
            cell = ws.cell(self.row, 3 + offset, xlsx_value(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            if isinstance(value, (date, datetime)):
                cell.number_format = DATE_FORMAT
        self.row += 1
        return self.row - 1

    def header(self, text, *columns):
        ws = self.sheet
        self.row += 1
        for col, value in enumerate([text, *columns], start=2):
            cell = ws.cell(self.row, col, value)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        self.row += 1

    def validate(self, key: str, cell: str, options: list[str] | None = None, *, whole=None):
        if key not in self.validations:
            if options is not None:
                formula = '"' + ",".join(options) + '"'
                if any("," in o or '"' in o for o in options) or len(formula) > 255:
                    return
                dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            else:
                dv = DataValidation(type="whole", operator="between", formula1=str(whole[0]),
                                    formula2=str(whole[1]), allow_blank=True)
            dv.error = _("Choose a value from the list or leave the cell empty.")
            self.sheet.add_data_validation(dv)
            self.validations[key] = dv
        self.validations[key].add(cell)


def _scalar_value(card, key, vocab: Vocabulary):
    if key == "people":
        low, high = card.get("people_min"), card.get("people_max")
        return None if low is None else (str(low) if high in (None, low) else f"{low}-{high}")
    if key == "nobody_can_report":
        return vocab.yes if card.get(key) else vocab.no
    if key in ENUMS:
        return vocab.options(key).get(card.get(key)) if card.get(key) else None
    value = card.get(key)
    return float(value) if isinstance(value, Decimal) else value


def _write_card(ws, card: dict, vocab: Vocabulary) -> None:
    w = _Writer(ws, vocab)
    ws.cell(1, 2, f"{card.get('action_code', '')} {card.get('action_title', '')}".strip()).font = Font(bold=True,
                                                                                                    size=14)
    w.row = 2
    w.line("meta.card_id", _("Card number (do not change)"), card["id"], editable=False)
    w.line("meta.version", _("Version downloaded (do not change)"), card.get("version", 1), editable=False)
    for label, value in [(_("Area"), card.get("area")), (_("Referents"), "; ".join(card.get("referents") or [])),
                         (_("Planned start"), card.get("planned_start")), (_("Planned end"), card.get("planned_end"))]:
        w.line("", label, value, editable=False)
    titles = section_titles()
    for section, keys in SCALARS:
        w.header(titles[section])
        for key in keys:
            row = w.line(key, vocab.label(key), _scalar_value(card, key, vocab))
            if key in ENUMS or key == "nobody_can_report":
                w.validate(key, f"C{row}", list(vocab.options(key).values()))
            elif key in INTEGERS:
                w.validate(key, f"C{row}", whole=INTEGERS[key])
        for table, columns in TABLES.items():
            if table.section != section:
                continue
            w.header(vocab.label(table.key), *[vocab.label(f"{table.key}.{c}") for c in columns])
            rows = card.get(table.source) or []
            if table.key == "thesis":
                for thesis in rows:
                    row = w.line(f"thesis:{thesis['number']}", f"{thesis['number']}. {thesis.get('text', '')}",
                                 thesis.get("rating"), thesis.get("comment"))
                    w.validate("thesis.rating", f"C{row}", whole=INTEGERS["thesis.rating"])
                continue
            for item in [*rows, *[{}] * BLANK_ROWS[table.key]]:
                values = [vocab.options(f"{table.key}.{c}").get(item.get(c)) if f"{table.key}.{c}" in ENUMS
                          else _scalar_value(item, c, vocab) for c in columns]
                row = w.line(table.key, "", *values)
                for offset, c in enumerate(columns):
                    if f"{table.key}.{c}" in ENUMS:
                        w.validate(f"{table.key}.{c}", f"{chr(ord('C') + offset)}{row}",
                                   list(vocab.options(f"{table.key}.{c}").values()))
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 46
    ws.column_dimensions["C"].width = 44
    for col in "DEFGHI":
        ws.column_dimensions[col].width = 16
    ws.protection.sheet = True               # no password: it only guards against typing in the wrong cell
    ws.protection.formatColumns = ws.protection.formatRows = False


def cards_to_workbook(cards: list[dict], vocab: Vocabulary, *, intro: str = "") -> bytes:
    wb = Workbook()
    info = wb.active
    info.title = _("Instructions")[:31]
    lines = [_("Evaluation cards to fill in offline"), "",
             _("Each sheet is one card. Fill in the blue cells only, save the file and upload it from the "
               "card page. Nothing is saved unless every cell is valid: you will see the list of cells "
               "to correct."),
             _("Dates as DD/MM/YYYY; amounts in euros; people as a number or a range such as 20-50."),
             _("Do not rename the sheets' hidden column A or change the card number and version."), intro]
    for row, text in enumerate(lines, start=1):
        info.cell(row, 1, xlsx_value(text)).alignment = Alignment(wrap_text=True)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 100
    used = {info.title.lower()}
    for card in cards:
        _write_card(wb.create_sheet(_sheet_title(card, used)), card, vocab)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---- reading -----------------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, sheet_title: str, vocab: Vocabulary):
        self.sheet, self.vocab, self.problems = sheet_title, vocab, []

    def problem(self, cell, key, message):
        self.problems.append(CellProblem(self.sheet, cell.coordinate, str(self.vocab.label(key)), message))

    def read(self, cell, key):
        """The typed value of `cell` for field `key`, or None after recording a problem."""
        value = cell.value
        if isinstance(value, str):
            value = restore(value.strip()) or None
        if value is None:
            return None
        kind = _kind(key)
        if isinstance(value, str) and value.startswith("=") and kind != "text":
            self.problem(cell, key, _("Type a value, not a formula."))
            return None
        try:
            return _convert(kind, key, value, self.vocab)
        except ValueError as error:
            self.problem(cell, key, str(error))
            return None


def _kind(key: str) -> str:
    if key in DATES:
        return "date"
    if key in INTEGERS:
        return "int"
    if key in ENUMS or key == "nobody_can_report":
        return "enum"
    if key == "people":
        return "people"
    if key.rsplit(".", 1)[-1] in ("planned", "committed", "spent", "attracted", "baseline", "target", "reached"):
        return "decimal"
    return "text"


def _convert(kind: str, key: str, value, vocab: Vocabulary):
    if kind == "text":
        text = str(value)
        limit = LIMITS.get(key)
        if limit and len(text) > limit:
            raise ValueError(_("At most %(max)d characters (this cell has %(count)d).", max=limit, count=len(text)))
        return text
    if kind == "date":
        return _parse_date(value)
    if kind == "int":
        number = _parse_decimal(value)
        if number != number.to_integral_value():
            raise ValueError(_("Type a whole number."))
        low, high = INTEGERS[key]
        if number < low or number > high:
            raise ValueError(_("Type a number from %(low)d to %(high)d.", low=low, high=high) if high < MAX_INT
                             else _("Type a number of at least %(low)d.", low=low))
        return int(number)
    if kind == "decimal":
        number = _parse_decimal(value)
        if key.rsplit(".", 1)[-1] in ("planned", "committed", "spent", "attracted") and number < 0:
            raise ValueError(_("An amount cannot be negative."))
        return number
    if kind == "people":
        span = people_range(value)
        if span is None:
            raise ValueError(_("Type a number (35) or a range (20-50)."))
        return span
    options = vocab.options(key)
    code = vocab.code_for(key, str(value))
    if code is not None:
        return code
    raise ValueError(_("Choose one of: %(choices)s.", choices=", ".join(str(v) for v in options.values())))


def _parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("Type a number."))
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).quantize(Decimal("0.01")) if isinstance(value, float) else Decimal(value)
    text = re.sub(r"[€\s]", "", str(value))
    if "," in text:                          # Italian: 1.234,56
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Type a number."))
    if not number.is_finite():
        raise ValueError(_("Type a number."))
    return number


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Type a date as DD/MM/YYYY."))


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _read_sheet(ws, vocab: Vocabulary) -> tuple[OfflineCard | None, list[CellProblem]]:
    reader = _Reader(ws.title, vocab)
    data: dict = {table.source: [] for table in TABLES}
    meta: dict = {}
    for row in ws.iter_rows(min_row=1, max_col=9):
        key = row[0].value
        if not isinstance(key, str) or not key:
            continue
        if key.startswith("meta."):
            meta[key] = (row[2].value, row[2])
        elif key.startswith("thesis:"):
            number = key.split(":", 1)[1]
            rating, comment = reader.read(row[2], "thesis.rating"), reader.read(row[3], "thesis.comment")
            data["theses"].append({"number": int(number) if number.isdigit() else number,
                                   "rating": rating, "comment": comment})
        elif (table := next((t for t in TABLES if t.key == key), None)) is not None:
            columns = TABLES[table]
            values = {c: reader.read(row[2 + i], f"{key}.{c}") for i, c in enumerate(columns)}
            if any(str(row[2 + i].value or "").strip() for i in range(len(columns))):
                flagged = {p.cell for p in reader.problems if p.sheet == ws.title}
                for required in table.required:
                    cell = row[2 + columns.index(required)]
                    if values[required] is None and cell.coordinate not in flagged:
                        reader.problem(cell, f"{key}.{required}", _("Required when the row is filled in."))
                data[table.source].append(values)
        elif key in SCALAR_KEYS:
            value = reader.read(row[2], key)
            if key == "people":
                data["people_min"], data["people_max"] = value if value else (None, None)
            elif key == "nobody_can_report":
                data[key] = value == "yes"
            else:
                data[key] = value
    if "meta.card_id" not in meta:
        return None, reader.problems
    card_id, card_cell = meta["meta.card_id"]
    version, version_cell = meta.get("meta.version", (None, card_cell))
    card_id, version = _whole(card_id), _whole(version)    # spreadsheets may save 7 as 7.0
    if card_id is None or version is None:
        reader.problem(card_cell if card_id is None else version_cell, "meta.card_id",
                       _("The card number and version were changed: download the file again."))
        return None, reader.problems
    start, end = data.get("actual_start"), data.get("actual_end")
    if start and end and end < start:
        cell = next(r[2] for r in ws.iter_rows(max_col=3) if r[0].value == "actual_end")
        reader.problem(cell, "actual_end", _("The end comes before the start."))
    return OfflineCard(ws.title, card_id, version, data), reader.problems


def read_cards_workbook(payload: bytes, vocab: Vocabulary) -> tuple[list[OfflineCard], list[CellProblem]]:
    """Every card in the file and every problem found; callers must write nothing if problems is not empty."""
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:   # a small upload may unpack to gigabytes
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                return [], [CellProblem("-", "-", _("File"), _("The file is too large once unpacked."))]
        wb = load_workbook(io.BytesIO(payload), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        return [], [CellProblem("-", "-", _("File"), _("This is not an XLSX workbook (%(error)s).",
                                                         error=type(error).__name__))]
    cards, problems, seen = [], [], {}
    for ws in wb.worksheets:
        card, sheet_problems = _read_sheet(ws, vocab)
        problems += sheet_problems
        if card is None:
            continue
        if card.card_id in seen:
            problems.append(CellProblem(ws.title, "C2", _("Card number"),
                                        _("The same card is also in sheet %(sheet)s.", sheet=seen[card.card_id])))
            continue
        seen[card.card_id] = ws.title
        cards.append(card)
    if not cards and not problems:
        problems.append(CellProblem("-", "-", _("File"), _("The file holds no evaluation card.")))
    return cards, problems
