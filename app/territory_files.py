"""A district's territory from a file: JSON (the shape of app/sample/cremasco-territory.json; "figures", the
figures as published, as in app/sample/other-districts.json) or a workbook with the sheets "Comuni",
"Organismi" and, optionally, "Gestione" (the template `template_xlsx` gives).

The whole file is checked before anything is written: a file with a problem writes nothing and every problem
is listed with its sheet and row. Comuni are matched by ISTAT code (added or updated), bodies by name (their
members replaced by the file's), sub-areas by name.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook

from exports.cells import restore, xlsx_value

from . import istat, territory
from .errors import DomainError
from .extensions import db
from .models import District
from .structure import InvalidField
from .territory_models import BodyKind, GovernanceBody, Management, ManagementForm, Municipality, SubArea

MUNICIPALITY_COLUMNS = ["Codice ISTAT", "Comune", "Popolazione", "Anno popolazione", "Capofila", "Sub-ambito"]
BODY_COLUMNS = ["Organismo", "Tipo", "Componente", "Ruolo", "Comune (codice ISTAT)"]
MANAGEMENT_COLUMNS = ["Forma di gestione", "Ente gestore", "Note"]
YES = {"sì", "si", "x", "yes", "true", "1"}
LANGUAGES = ("it", "en")


class TerritoryFileError(DomainError):
    """The file could not be read, or some rows are wrong: `problems` lists them all; nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__(_("Nothing was imported: correct the file and load it again."))
        self.problems = problems


@dataclass
class Row:
    where: str        # "Comuni, row 4" or "municipalities[3]", for the messages
    values: dict


# --- reading ------------------------------------------------------------------------------------------------

def read(filename: str, content: bytes) -> dict:
    """The file as the JSON shape, whatever its format."""
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise TerritoryFileError([_("The file is not valid JSON: %(error)s", error=str(error))]) from None
        if not isinstance(data, dict):
            raise TerritoryFileError([_("The file must hold one object with “municipalities” and “bodies”.")])
        return data
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a file that is not a workbook
        raise TerritoryFileError([_("The file is neither a JSON file nor an Excel workbook (.xlsx).")]) from None
    return _from_workbook(book)


def _sheet_rows(book, name: str, columns: list[str]) -> list[tuple[int, dict]]:
    if name not in book.sheetnames:
        return []
    rows = book[name].iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    index = {column: header.index(column) for column in columns if column in header}
    found = []
    for number, row in enumerate(rows, start=2):
        values = {column: row[i] if i < len(row) else None for column, i in index.items()}
        if any(value not in (None, "") for value in values.values()):
            found.append((number, values))
    return found


def _text(value) -> str:
    return "" if value is None else str(restore(value)).strip()


def _from_workbook(book) -> dict:
    if "Comuni" not in book.sheetnames and "Organismi" not in book.sheetnames:
        raise TerritoryFileError([_("The workbook has neither a “Comuni” nor an “Organismi” sheet: start from "
                                    "the template.")])
    data: dict = {"municipalities": [], "bodies": []}
    for number, values in _sheet_rows(book, "Comuni", MUNICIPALITY_COLUMNS):
        data["municipalities"].append({
            "_row": number, "istat_code": _text(values.get("Codice ISTAT")), "name": _text(values.get("Comune")),
            "population": values.get("Popolazione"), "population_year": values.get("Anno popolazione"),
            "lead": _text(values.get("Capofila")).casefold() in YES, "sub_area": _text(values.get("Sub-ambito"))})
    bodies: dict[str, dict] = {}
    for number, values in _sheet_rows(book, "Organismi", BODY_COLUMNS):
        name = _text(values.get("Organismo"))
        body = bodies.setdefault(name, {"_row": number, "name": name, "kind": _text(values.get("Tipo")),
                                        "members": []})
        if _text(values.get("Componente")):
            body["members"].append({"_row": number, "name": _text(values.get("Componente")),
                                    "role": _text(values.get("Ruolo")),
                                    "municipality": _text(values.get("Comune (codice ISTAT)"))})
    data["bodies"] = list(bodies.values())
    management = _sheet_rows(book, "Gestione", MANAGEMENT_COLUMNS)
    if management:
        values = management[0][1]
        data["management"] = {"form": _text(values.get("Forma di gestione")),
                              "body": _text(values.get("Ente gestore")), "notes": _text(values.get("Note"))}
    return data


# --- checking and writing -------------------------------------------------------------------------------------

def _number(value, what: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(".", "").replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise InvalidField(what, _("“%(value)s” is not a whole number.", value=value)) from None
    if number != int(number):
        raise InvalidField(what, _("“%(value)s” is not a whole number.", value=value))
    return int(number)


def _labels(member) -> set[str]:
    """What a file may call a coded value: the code, or its label in Italian or English."""
    names = {member.value.casefold()}
    for language in LANGUAGES:
        with force_locale(language):
            names.add(str(member.label).casefold())
    return names


def _choice(enum_cls, value: str, what: str):
    value = (value or "").strip()
    for member in enum_cls:
        if value.casefold() in _labels(member):
            return member
    raise InvalidField(what, _("“%(value)s” is not one of: %(choices)s.", value=value or "–",
                               choices=", ".join(str(m.label) for m in enum_cls)))


def _place(row: dict, kind: str, index: int) -> str:
    if "_row" in row:
        sheet = {"municipalities": "Comuni", "bodies": "Organismi"}[kind]
        return _("%(sheet)s, row %(row)d", sheet=sheet, row=row["_row"])
    return f"{kind}[{index}]"


def import_territory(district: District, data: dict) -> dict[str, int]:
    """Write the file's territory into the district; returns how many records of each kind it wrote. When
    any row is wrong, raises TerritoryFileError listing them all: the caller rolls back, so nothing stays."""
    problems: list[str] = []
    counts = {"municipalities": 0, "bodies": 0, "members": 0, "figures": 0}

    def attempt(where: str, work):
        # Every check comes before the row's writes, so a refused row leaves nothing half-made for the next
        # rows to trip on; and any problem means the caller rolls the whole file back.
        try:
            return work()
        except InvalidField as error:
            problems.append(f"{where}: {error.message}")
        return None

    if isinstance(data.get("management"), dict) and any(data["management"].values()):
        values = data["management"]
        attempt(_("Management"), lambda: territory.set_management(
            district, form=_choice(ManagementForm, values.get("form"), "form"), body=values.get("body"),
            notes=values.get("notes"),
            version=getattr(db.session.scalar(db.select(Management).filter_by(district_id=district.id)),
                            "version", None)))
    sub_areas = {s.name: s for s in db.session.scalars(db.select(SubArea).filter_by(district_id=district.id))}
    for index, row in enumerate(_rows(data, "municipalities", problems)):
        counts["municipalities"] += bool(attempt(_place(row, "municipalities", index),
                                                 lambda row=row: _municipality(district, row, sub_areas)))
    for index, row in enumerate(_rows(data, "bodies", problems)):
        body = attempt(_place(row, "bodies", index), lambda row=row: _body(district, row))
        if body is not None:
            counts["bodies"] += 1
            counts["members"] += len(body.members)
    for index, row in enumerate(_rows(data, "figures", problems)):
        counts["figures"] += bool(attempt(f"figures[{index}]", lambda row=row: territory.add_figure(
            district, label=_text(row.get("label")), value=_number(row.get("value"), "value"),
            subject=_text(row.get("subject")), year=_number(row.get("year"), "year"),
            source=_text(row.get("source")))))
    if problems:
        raise TerritoryFileError(problems)
    return counts


def _rows(data: dict, kind: str, problems: list[str]) -> list[dict]:
    rows = data.get(kind) or []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        problems.append(_("“%(kind)s” must be a list of objects.", kind=kind))
        return []
    return rows


def _municipality(district: District, row: dict, sub_areas: dict[str, SubArea]) -> Municipality:
    sub_area = None
    if (name := _text(row.get("sub_area"))):
        sub_area = sub_areas.get(name) or territory.add_sub_area(district, name)
        sub_areas[name] = sub_area
    values = {"istat_code": _text(row.get("istat_code")), "name": _text(row.get("name")) or None,
              "population": _number(row.get("population"), "population"),
              "population_year": _number(row.get("population_year"), "population_year"),
              "is_lead": bool(row.get("lead")), "sub_area": sub_area}
    code = istat.by_code(values["istat_code"])
    existing = code and db.session.scalar(db.select(Municipality).filter_by(district_id=district.id,
                                                                            istat_code=code.istat_code))
    if existing:
        return territory.update_municipality(existing, version=existing.version, **values)
    return territory.add_municipality(district, **values)


def _body(district: District, row: dict) -> GovernanceBody:
    kind = _choice(BodyKind, _text(row.get("kind")), "kind")
    body = db.session.scalar(db.select(GovernanceBody).filter_by(district_id=district.id,
                                                                 name=_text(row.get("name"))))
    if body is None:
        body = territory.add_body(district, kind=kind, name=_text(row.get("name")),
                                  description=_text(row.get("description")) or None)
    else:
        territory.update_body(body, version=body.version, kind=kind, name=body.name,
                              description=_text(row.get("description")) or body.description)
        for member in list(body.members):
            territory.delete_member(member)
        db.session.expire(body, ["members"])
    for member in row.get("members") or []:
        code = _text(member.get("municipality"))
        municipality = None
        if code:
            comune = istat.by_code(code)
            municipality = comune and db.session.scalar(db.select(Municipality).filter_by(
                district_id=district.id, istat_code=comune.istat_code))
            if not municipality:
                raise InvalidField("municipality", _("%(code)s is not the ISTAT code of one of the district's "
                                                     "comuni.", code=code))
        territory.add_member(body, name=_text(member.get("name")), role=_text(member.get("role")),
                             municipality=municipality)
    return body


# --- the template ----------------------------------------------------------------------------------------------

def template_xlsx(district: District) -> bytes:
    """A workbook with the three sheets, filled with what the district holds (empty sheets for a new one)."""
    held = territory.territory(district)
    book = Workbook()
    sheet = book.active
    sheet.title = "Comuni"
    sheet.append(MUNICIPALITY_COLUMNS)
    for m in held.municipalities:
        sheet.append([xlsx_value(v) for v in (m.istat_code, m.name, m.population, m.population_year,
                                             "sì" if m.is_lead else "", m.sub_area.name if m.sub_area else "")])
    bodies = book.create_sheet("Organismi")
    bodies.append(BODY_COLUMNS)
    for body in held.bodies:
        for member in body.members or [None]:
            bodies.append([xlsx_value(v) for v in (
                body.name, str(body.kind.label), member.name if member else "", member.role if member else "",
                member.municipality.istat_code if member and member.municipality else "")])
    management = book.create_sheet("Gestione")
    management.append(MANAGEMENT_COLUMNS)
    if held.management:
        management.append([xlsx_value(v) for v in (str(held.management.form.label), held.management.body,
                                                  held.management.notes or "")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
