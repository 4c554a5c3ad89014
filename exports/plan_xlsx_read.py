"""Reading a plan workbook back (exported, or the template filled in) into the JSON import shape.

Reading never stops at the first mistake: it returns every problem with its sheet, row and column, and
tags each row it builds with `_source` so the importer reports its own checks at the same place.
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import load_workbook

from .cells import restore
from .plan_sheets import (FUNDING_SOURCE, INVOLVEMENT_ROLE, MAX_ROWS, ORGANIZATION_TYPE, PLAN_FIELDS, PLAN_STATUS,
                          REQUIRED_SHEETS, SHEETS, SheetProblem)


def read_plan_xlsx(content: bytes) -> tuple[dict | None, list[SheetProblem]]:
    """The plan in a workbook made from the template (or exported), in the JSON import shape, and every
    problem found in it. Values are passed on as typed where the importer checks them (dates, amounts,
    e-mails, years); what only the workbook knows (sheets, columns, lists, links between sheets) is checked here.
    """
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a zip, XML or format error from any layer means "not a workbook"
        return None, [SheetProblem("file", "", "not_xlsx")]
    try:
        return _Reader(wb).read()
    finally:
        wb.close()


class _Reader:
    def __init__(self, wb):
        self.wb = wb
        self.problems: list[SheetProblem] = []

    def problem(self, where, header, code, **params):
        self.problems.append(SheetProblem(where, header, code, params))

    def read(self):
        missing = [name for name in REQUIRED_SHEETS if name not in self.wb.sheetnames]
        for name in missing:
            self.problem(name, "", "missing_sheet", sheet=name)
        if missing:
            return None, self.problems
        district, plan = self.plan_sheet()
        self.plan = plan
        thesis_number = self.theses(plan)
        areas = self.areas(plan)
        actions = self.actions(areas, thesis_number)
        self.organizations(actions)
        self.budget(actions)
        return {"district": district, "plan": plan}, self.problems

    def rows(self, title):
        """(where, {key: value}, source) for each non-empty row of a sheet, columns found by their header."""
        if title not in self.wb.sheetnames:
            return
        columns = SHEETS[title]
        rows = self.wb[title].iter_rows(values_only=True)
        header = [_norm(v) for v in next(rows, ())]
        index = {}
        for column in columns:
            if _norm(column.header) in header:
                index[column.key] = header.index(_norm(column.header))
            elif column.required:
                self.problem(f"{title}, riga 1", column.header, "missing_column", column=column.header)
        if any(c.required and c.key not in index for c in columns):
            return
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.problem(title, "", "too_many_rows", max=MAX_ROWS)
                return
            row = {key: _clean(values[i]) if i < len(values) else None for key, i in index.items()}
            if all(v is None for v in row.values()):
                continue
            where = f"{title}, riga {number}"
            source = {c.key: [where, c.header] for c in columns}
            source["*"] = [where, ""]
            yield where, row, source

    def choice(self, value, choices: dict, source: dict, key: str):
        """The code of a drop-down value; an unknown one is reported here, and muted for the importer."""
        if value is None:
            return None
        text = _norm(value)
        for code, label in choices.items():
            if text in (code, _norm(label)):
                return code
        where, header = source[key]
        self.problem(where, header, "unknown_choice", value=value, choices=", ".join(choices.values()))
        source[key] = None
        return None

    def plan_sheet(self):
        district, plan = {"_source": {}}, {"_source": {}}
        by_label = {_norm(label): (section, key, label) for section, key, label in PLAN_FIELDS}
        for number, values in enumerate(self.wb["Piano"].iter_rows(values_only=True), start=1):
            if number > MAX_ROWS or not values or _norm(values[0]) not in by_label:
                continue
            section, key, label = by_label[_norm(values[0])]
            target = district if section == "district" else plan
            where = f"Piano, riga {number}"
            value = _clean(values[1]) if len(values) > 1 else None
            target["_source"][key] = [where, label]
            if key == "status":
                value = self.choice(value, PLAN_STATUS, target["_source"], key)
            target[key] = value
        for section, key, label in PLAN_FIELDS:
            target = district if section == "district" else plan
            target["_source"].setdefault(key, ["Piano", label])
        plan["theses"], plan["areas"] = [], []
        return district, plan

    def theses(self, plan) -> dict:
        numbered = []
        for position, (where, row, _source) in enumerate(self.rows("Tesi"), start=1):
            number = row.get("number")
            if number is None:
                number = position
            elif not isinstance(number, int) or number < 1:
                self.problem(where, "Numero", "bad_thesis_number", value=number)
                continue
            if any(number == n for n, _t, _w in numbered):
                self.problem(where, "Numero", "duplicate_thesis", value=number)
            text = _text(row.get("text"))
            if text is None:    # reported here; a stand-in keeps the actions' references to it quiet
                self.problem(where, "Tesi", "required")
            numbered.append((number, text or "-", where))
        numbered.sort(key=lambda item: item[0])
        plan["theses"] = [text for _n, text, _w in numbered]
        return {n: position for position, (n, _t, _w) in enumerate(numbered, start=1)}

    def areas(self, plan) -> dict:
        by_name = {}
        for _where, row, source in self.rows("Aree"):
            area = {"name": _text(row["name"]), "description": _text(row.get("description")), "actions": [],
                    "_source": source}
            plan["areas"].append(area)
            by_name.setdefault(_norm(row["name"]), area)
        return by_name

    def actions(self, areas: dict, thesis_number: dict) -> dict:
        by_code = {}
        for where, row, source in self.rows("Azioni"):
            action = {
                "code": _text(row.get("code")), "title": _text(row.get("title")),
                "description": _text(row.get("description")), "expected_results": _text(row.get("expected_results")),
                "projects": _split(row.get("projects"), ";\n"),
                "planned_start": _date_text(row.get("planned_start")), "planned_end": _date_text(row.get("planned_end")),
                "theses": self.thesis_refs(row.get("theses"), thesis_number, where),
                "referents": [dict(ref, _source={"email": [where, "Referenti"], "name": [where, "Referenti"]})
                              for ref in _parse_addresses(row.get("referents"))],
                "organizations": [], "budget": [], "_source": source,
            }
            area = areas.get(_norm(row.get("area"))) if row.get("area") is not None else None
            if area is not None:
                area["actions"].append(action)
            else:   # still checked by the importer, so its other problems are listed too
                self.problem(where, "Area", "required" if row.get("area") is None else "unknown_area",
                             value=row.get("area"))
                self.plan.setdefault("_unplaced_actions", []).append(action)
            if action["code"]:
                by_code.setdefault(action["code"].lower(), action)
        return by_code

    def thesis_refs(self, value, thesis_number: dict, where) -> list[int]:
        refs = []
        for item in _split(value, ",;\n"):
            try:
                number = int(float(item)) if float(item).is_integer() else None
            except ValueError:
                number = None
            if number is None:
                self.problem(where, "Tesi", "bad_thesis_number", value=item)
            elif number not in thesis_number:
                self.problem(where, "Tesi", "unknown_thesis", value=number)
            else:
                refs.append(thesis_number[number])
        return refs

    def action_for(self, actions: dict, row, where):
        if row.get("action") is None:
            return None
        action = actions.get(_text(row["action"]).lower())
        if action is None:
            self.problem(where, "Codice azione", "unknown_action", value=_text(row["action"]))
        return action

    def organizations(self, actions: dict):
        for where, row, source in self.rows("Enti"):
            action = self.action_for(actions, row, where)
            org = {"name": _text(row.get("name")), "type": self.choice(row.get("type"), ORGANIZATION_TYPE, source, "type"),
                   "role": self.choice(row.get("role"), INVOLVEMENT_ROLE, source, "role"), "_source": source}
            if action is not None:
                action["organizations"].append(org)

    def budget(self, actions: dict):
        for where, row, source in self.rows("Budget"):
            action = self.action_for(actions, row, where)
            line = {"source": self.choice(row.get("source"), FUNDING_SOURCE, source, "source"),
                    "description": _text(row.get("description")), "amount": row.get("amount"),
                    "programme": _text(row.get("programme")), "_source": source}
            if isinstance(line["amount"], float):
                line["amount"] = repr(line["amount"])
            if action is not None:
                action["budget"].append(line)


def _clean(value):
    """A cell as the importer wants it: None for blank, quotes of neutralised formulas removed."""
    if isinstance(value, str):
        value = restore(value.strip()) or None
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return value


def _norm(value) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().lower() if value is not None else ""


def _text(value):
    return None if value is None else str(value)


def _date_text(value):
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else value


def _split(value, separators: str) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", str(value)) if part.strip()]


def _parse_addresses(value) -> list[dict]:
    """'Anna Rossi <anna@x.it>, "Bianchi, Luca" <luca@y.it>; c@z.it' -> [{"email", "name"}, ...]."""
    if value is None:
        return []
    items = re.findall(r'(?:"(?:[^"\\]|\\.)*"|<[^>]*>|[^,;\n])+', str(value))
    people = []
    for item in (i.strip() for i in items):
        match = re.fullmatch(r'(.*?)\s*<([^>]*)>', item, flags=re.S)
        if match:
            name = match.group(1).strip()
            if name.startswith('"') and name.endswith('"') and len(name) > 1:
                name = re.sub(r'\\(.)', r'\1', name[1:-1])
            people.append({"email": match.group(2).strip(), "name": name or None})
        elif item:
            people.append({"email": item, "name": None})
    return people
