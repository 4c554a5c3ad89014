"""The layout of a plan workbook, shared by the writer and the reader: sheets, columns, Italian labels."""
from __future__ import annotations

from dataclasses import dataclass, field

# Italian labels of the enums in app.models (exports stay free of the app; a test keeps them in step).
PLAN_STATUS = {"draft": "Bozza", "active": "Attivo", "under_evaluation": "In valutazione", "closed": "Chiuso"}
ORGANIZATION_TYPE = {"comune": "Comune", "ats_asst": "ATS/ASST", "cooperativa": "Cooperativa sociale",
                     "associazione": "Associazione", "scuola": "Scuola", "fondazione": "Fondazione",
                     "impresa": "Impresa", "altro": "Altro"}
INVOLVEMENT_ROLE = {"lead": "Capofila", "partner": "Partner", "signatory": "Sottoscrittore",
                    "adherent": "Aderente", "funder": "Finanziatore", "other": "Altro"}
FUNDING_SOURCE = {"national_regional": "Fondi nazionali e regionali", "municipalities": "Comuni",
                  "foundation_calls": "Bandi di fondazioni", "other": "Altre fonti"}

MAX_ROWS = 5000          # per sheet: a plan has tens of actions; more is a wrong file
LIST_ROWS = 500          # rows that get drop-down lists in the template
DATE_FORMAT = "DD/MM/YYYY"   # real dates in the cells: shown as Italians write them
AMOUNT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 18
    required: bool = False
    choices: dict | None = None     # code -> Italian label


PLAN_FIELDS = [  # the "Piano" sheet: one row per field, label in A and value in B
    ("district", "name", "Ambito"), ("district", "province", "Provincia"), ("plan", "title", "Titolo"),
    ("plan", "start_year", "Anno di inizio"), ("plan", "end_year", "Anno di fine"),
    ("plan", "status", "Stato"), ("plan", "description", "Descrizione"),
]
SHEETS = {
    "Tesi": [Column("number", "Numero", 10), Column("text", "Tesi", 90, required=True)],
    "Aree": [Column("name", "Area", 40, required=True), Column("description", "Descrizione", 80)],
    "Azioni": [
        Column("area", "Area", 30, required=True), Column("code", "Codice", 10),
        Column("title", "Titolo", 50, required=True), Column("description", "Descrizione", 60),
        Column("expected_results", "Risultati attesi", 50), Column("projects", "Progetti", 30),
        Column("planned_start", "Inizio", 13), Column("planned_end", "Fine", 13),
        Column("theses", "Tesi", 10), Column("referents", "Referenti", 40),
    ],
    "Enti": [Column("action", "Codice azione", 14, required=True), Column("name", "Ente", 50, required=True),
             Column("type", "Tipo", 22, choices=ORGANIZATION_TYPE),
             Column("role", "Ruolo", 16, choices=INVOLVEMENT_ROLE)],
    "Budget": [Column("action", "Codice azione", 14, required=True),
               Column("source", "Fonte", 28, required=True, choices=FUNDING_SOURCE),
               Column("description", "Descrizione", 50), Column("amount", "Importo", 14, required=True),
               Column("programme", "Programma", 30)],
}
REQUIRED_SHEETS = ("Piano", "Aree", "Azioni")
MESSAGES = {  # English fallbacks; the app shows its own translated messages for these codes
    "not_xlsx": "The file is not an XLSX workbook (save it as Excel .xlsx).",
    "missing_sheet": "The sheet '{sheet}' is missing.",
    "missing_column": "The column '{column}' is missing from the first row.",
    "too_many_rows": "The sheet has more than {max} rows.",
    "required": "is required",
    "unknown_choice": "'{value}' is not one of: {choices}",
    "unknown_area": "'{value}' is not an area of the sheet Aree.",
    "unknown_action": "'{value}' is not the code of an action of the sheet Azioni.",
    "bad_thesis_number": "'{value}' is not a thesis number.",
    "unknown_thesis": "{value} is not a number of the sheet Tesi.",
    "duplicate_thesis": "The number {value} is used by another thesis.",
}


@dataclass(frozen=True)
class SheetProblem:
    where: str          # "Azioni, riga 4" (or "file", or a sheet's name)
    field: str          # the column's header
    code: str           # a key of MESSAGES
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(**self.params)

    def __str__(self):
        return f"{self.where} – {self.field}: {self.message}"
