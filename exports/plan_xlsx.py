"""A plan as a spreadsheet: the export and the empty template the office fills in (reading: plan_xlsx_read).

The workbook holds the plan's import shape (see app/plans.py) in Italian sheets, one per kind of row.
"""
from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import xlsx_value
from .plan_sheets import (AMOUNT_FORMAT, DATE_FORMAT, FUNDING_SOURCE, INVOLVEMENT_ROLE, LIST_ROWS, ORGANIZATION_TYPE,
                          PLAN_FIELDS, PLAN_STATUS, SHEETS, Column)
from .plan_xlsx_read import SheetProblem, read_plan_xlsx  # noqa: F401  (one import for callers)

INSTRUCTIONS = [
    "Modello per importare un Piano di Zona in PdZ Partecipato",
    "",
    "Piano: una riga per campo (colonna A il nome, colonna B il valore). Obbligatori: Ambito, Titolo, "
    "Anno di inizio, Anno di fine. Stato: Bozza, Attivo, In valutazione o Chiuso.",
    "Tesi: una tesi per riga; il Numero è quello da usare nella colonna Tesi delle azioni.",
    "Aree: le aree di priorità, nell'ordine del piano.",
    "Azioni: una azione di sistema per riga. Area = il nome esatto di un'area del foglio Aree. "
    "Codice: unico nel piano (es. 1.2), serve ai fogli Enti e Budget. Date: AAAA-MM-GG o GG/MM/AAAA. "
    "Tesi: i numeri separati da virgola (es. 1, 3). Progetti: separati da punto e virgola. "
    "Referenti: indirizzi e-mail separati da virgola, anche nella forma Nome Cognome <email>.",
    "Enti: i soggetti coinvolti in un'azione (Codice azione), con tipo e ruolo.",
    "Budget: le voci di budget di un'azione (Codice azione), con fonte e importo in euro (non negativo) e, se noto, "
    "il programma che le finanzia (per esempio FNPS 2015).",
    "",
    "Se una riga contiene un errore non viene importato nulla: PdZ Partecipato elenca ogni problema con "
    "foglio, riga e colonna, così da correggerli tutti e importare di nuovo.",
]

# ---- writing -----------------------------------------------------------------------------------------------

def plan_to_xlsx(data: dict) -> bytes:
    """The plan (import shape, as app.plan_dump.plan_to_dict gives it) as an XLSX workbook."""
    district, plan = data.get("district") or {}, data.get("plan") or {}
    wb = _workbook(plan_values={"district": district, "plan": plan})
    sheets = {ws.title: ws for ws in wb.worksheets}
    for number, thesis in enumerate(plan.get("theses") or [], start=1):
        _append(sheets["Tesi"], [number, thesis])
    for area in plan.get("areas") or []:
        _append(sheets["Aree"], [area.get("name"), area.get("description")])
        for action in area.get("actions") or []:
            code = action.get("code")
            _append(sheets["Azioni"], [
                area.get("name"), code, action.get("title"), action.get("description"),
                action.get("expected_results"), "; ".join(action.get("projects") or []),
                _as_date(action.get("planned_start")), _as_date(action.get("planned_end")),
                ", ".join(str(n) for n in action.get("theses") or []),
                ", ".join(_format_address(r) for r in action.get("referents") or [] if r.get("email"))])
            for org in action.get("organizations") or []:
                _append(sheets["Enti"], [code, org.get("name"), ORGANIZATION_TYPE.get(org.get("type"), org.get("type")),
                                         INVOLVEMENT_ROLE.get(org.get("role"), org.get("role"))])
            for line in action.get("budget") or []:
                amount = line.get("amount")
                _append(sheets["Budget"], [code, FUNDING_SOURCE.get(line.get("source"), line.get("source")),
                                           line.get("description"), float(amount) if amount not in (None, "") else None,
                                           line.get("programme")])
    return _save(wb)


def template_xlsx() -> bytes:
    """The empty workbook the planning office fills in, with instructions and drop-down lists."""
    wb = _workbook(plan_values=None)
    notes = wb.create_sheet("Istruzioni", 0)
    for line in INSTRUCTIONS:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    for row in notes.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    wb.active = 0
    return _save(wb)


def _workbook(plan_values: dict | None) -> Workbook:
    wb = Workbook()
    piano = wb.active
    piano.title = "Piano"
    _header(piano, [Column("field", "Campo", 22), Column("value", "Valore", 80)])
    for section, key, label in PLAN_FIELDS:
        value = (plan_values or {}).get(section, {}).get(key)
        if key == "status" and plan_values is not None:
            value = PLAN_STATUS.get(value, value)
        _append(piano, [label, value])
    status_row = 2 + [k for _s, k, _l in PLAN_FIELDS].index("status")
    _choices(piano, PLAN_STATUS, f"B{status_row}")
    for title, columns in SHEETS.items():
        ws = wb.create_sheet(title)
        _header(ws, columns)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.choices:
                _choices(ws, column.choices, f"{letter}2:{letter}{LIST_ROWS}")
            if column.key in ("planned_start", "planned_end"):
                ws.column_dimensions[letter].number_format = DATE_FORMAT   # a column style: no cells made
            if column.key == "amount":
                rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                      showErrorMessage=True, error="Un importo in euro, non negativo.")
                rule.add(f"{letter}2:{letter}{LIST_ROWS}")
                ws.add_data_validation(rule)
        if title == "Azioni":   # the area must be one of the sheet Aree: offer them, warn otherwise
            rule = DataValidation(type="list", formula1=f"=Aree!$A$2:$A${LIST_ROWS}", allow_blank=True,
                                  showErrorMessage=True, errorStyle="warning",
                                  error="Scegli un'area del foglio Aree.")
            rule.add(f"A2:A{LIST_ROWS}")
            ws.add_data_validation(rule)
    return wb


def _header(ws, columns):
    ws.append([c.header for c in columns])
    fill, font = PatternFill("solid", fgColor="0066CC"), Font(bold=True, color="FFFFFF")
    for index, (cell, column) in enumerate(zip(ws[1], columns), start=1):
        cell.fill, cell.font = fill, font
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"


def _choices(ws, choices: dict, cells: str):
    rule = DataValidation(type="list", formula1='"' + ",".join(choices.values()) + '"', allow_blank=True,
                          showErrorMessage=True, error="Scegli un valore dall'elenco.")
    rule.add(cells)
    ws.add_data_validation(rule)


def _append(ws, values):
    ws.append([xlsx_value(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, float):
            cell.number_format = AMOUNT_FORMAT
        elif isinstance(cell.value, str) and len(cell.value) > 40:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _as_date(value):
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _format_address(referent: dict) -> str:
    name, email = (referent.get("name") or "").strip(), referent["email"]
    if not name:
        return email
    if re.search(r'[,;<>"]', name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"
