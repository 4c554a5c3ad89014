"""Plan files: read a JSON or XLSX file into the plan's import shape and import it, or write a plan as either.

Used by the `pdz import/export plan` commands and the office's import/export pages alike.
"""
from __future__ import annotations

import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exports.plan_xlsx import plan_to_xlsx, read_plan_xlsx, template_xlsx

from .inputs import SURROGATE, clean_json
from .models import District, Plan
from .plan_dump import plan_to_dict
from .plans import PlanImportError, Problem, import_plan, slugify

SHEET_MESSAGES = {   # the spreadsheet reader's problem codes (exports/plan_sheets.py), in the user's language
    "not_xlsx": _l("The file is not an XLSX workbook: save it from the spreadsheet as Excel (.xlsx)."),
    "missing_sheet": _l("The sheet '%(sheet)s' is missing."),
    "missing_column": _l("The column '%(column)s' is missing from the first row."),
    "too_many_rows": _l("The sheet has more than %(max)d rows."),
    "required": _l("is required"),
    "unknown_choice": _l("'%(value)s' is not one of: %(choices)s"),
    "unknown_area": _l("'%(value)s' is not an area of the sheet Aree."),
    "unknown_action": _l("'%(value)s' is not the code of an action of the sheet Azioni."),
    "bad_thesis_number": _l("'%(value)s' is not a thesis number."),
    "unknown_thesis": _l("%(value)s is not a number of the sheet Tesi."),
    "duplicate_thesis": _l("The number %(value)s is used by another thesis."),
}


def read_plan_file(filename: str, content: bytes) -> tuple[dict | None, list[Problem]]:
    """The import shape in an XLSX workbook (told by its content) or a JSON file, and the problems of reading it."""
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        data, sheet_problems = read_plan_xlsx(content)
        return clean_json(data), [Problem(p.where, p.field, str(SHEET_MESSAGES[p.code]) % p.params)
                                  for p in sheet_problems]
    try:
        data = json.loads(content.decode("utf-8-sig"))
        problems = list(_lone_surrogates(data, "file"))
        return clean_json(data), problems
    except UnicodeDecodeError:
        return None, [Problem(filename, "", _("The file is neither JSON text (UTF-8) nor an XLSX workbook."))]
    except json.JSONDecodeError as error:
        return None, [Problem(filename, "JSON", _("not valid JSON: %(error)s (line %(line)d, column %(column)d)",
                                                  error=error.msg, line=error.lineno, column=error.colno))]
    except RecursionError:
        return None, [Problem(filename, "JSON", _("the JSON is nested too deeply"))]


def _lone_surrogates(value, where: str, key: str = ""):
    """A problem for each text of the file that is not valid Unicode (JSON can write "\\ud800" alone, which
    no database stores), at the place the importer would name; the text is replaced so that reading goes on."""
    if isinstance(value, dict):
        for name, item in list(value.items()):
            if isinstance(item, str):
                if SURROGATE.search(item):
                    yield Problem(where, str(name), _("is not valid Unicode text (it holds a lone surrogate)"))
                    value[name] = SURROGATE.sub("\ufffd", item)
            else:
                yield from _lone_surrogates(item, where if where != "file" else str(name), str(name))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, str):
                if SURROGATE.search(item):
                    yield Problem(f"{where}.{key}[{n}]", "", _("is not valid Unicode text (it holds a lone surrogate)"))
                    value[n] = SURROGATE.sub("\ufffd", item)
            else:
                yield from _lone_surrogates(item, f"{where}.{key}[{n}]")


def import_plan_file(filename: str, content: bytes, *, district: District | None = None) -> Plan:
    """Read a JSON or XLSX file and import its plan: every problem of the file and of the plan, or nothing."""
    data, problems = read_plan_file(filename, content)
    if data is None:
        raise PlanImportError(problems)
    return import_plan(data, district=district, file_problems=problems)


FORMATS = {"json": "application/json", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_plan(plan: Plan, fmt: str) -> tuple[bytes, str, str]:
    """The plan as a file the office can import again: (content, file name, MIME type). Carries referents' e-mails."""
    data = plan_to_dict(plan, private=True)
    if fmt == "xlsx":
        content = plan_to_xlsx(data)
    else:
        content = json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"
    return content, f"{slugify(plan.title)}.{fmt}", FORMATS[fmt]


def template() -> tuple[bytes, str, str]:
    return template_xlsx(), "modello-piano-di-zona.xlsx", FORMATS["xlsx"]
