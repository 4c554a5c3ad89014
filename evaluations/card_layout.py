"""The fields of an evaluation card as the offline workbook lays them out: keys, kinds, limits and labels.
Pure: the coded values' labels arrive from the caller in a `Vocabulary` (see card_data.vocabulary())."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _


@dataclass(frozen=True)
class TableSpec:
    key: str            # the row key in column A
    section: str
    source: str         # the card dictionary's list
    required: tuple = ()


SCALARS = [
    ("done", ["implementation_state", "progress_percent", "actual_start", "actual_end", "activities", "deviations"]),
    ("people", ["people", "beneficiaries", "people_notes"]),
    ("resources", ["staff_hours", "resources_notes"]),
    ("theses", []),
    ("evaluation", ["objective", "strengths", "problems", "carry_forward"]),
    ("nobody", ["nobody_can_report", "nobody_reason"]),
]
SCALAR_KEYS = {key for _section, keys in SCALARS for key in keys}

TABLES = {
    TableSpec("organization", "people", "organizations", ("name", "kind")): ["name", "kind"],
    # the programme last: a workbook downloaded before it was added reads the same
    TableSpec("resource", "resources", "resources", ("source",)):
        ["source", "description", "planned", "committed", "spent", "attracted", "programme"],
    TableSpec("thesis", "theses", "theses"): ["rating", "comment"],
    TableSpec("indicator", "evaluation", "indicators", ("name",)): ["name", "unit", "baseline", "target", "reached"],
}
BLANK_ROWS = {"organization": 5, "resource": 4, "indicator": 3}

ENUMS = {"implementation_state", "objective", "organization.kind", "resource.source", "resource.programme"}
DATES = {"actual_start", "actual_end"}
MAX_INT = 10 ** 9
INTEGERS = {"progress_percent": (0, 100), "beneficiaries": (0, MAX_INT), "staff_hours": (0, MAX_INT),
            "thesis.rating": (0, 3)}
LIMITS = {"organization.name": 200, "resource.description": 300, "indicator.name": 300, "indicator.unit": 60}


def section_titles() -> dict:
    return {"done": _("What was done"), "people": _("People"), "resources": _("Resources"),
            "theses": _("Theses"), "evaluation": _("Evaluation"),
            "nobody": _("Nobody is able to report on this action")}


def field_labels() -> dict:
    return {
        "meta.card_id": _("Card number"),
        "implementation_state": _("State of the action"), "progress_percent": _("Progress (%)"),
        "actual_start": _("Actual start"), "actual_end": _("Actual end"),
        "activities": _("Activities carried out"), "deviations": _("Deviations from the plan"),
        "people": _("People involved (a number or a range such as 20-50)"),
        "beneficiaries": _("Beneficiaries reached"), "people_notes": _("Notes on people"),
        "staff_hours": _("Staff hours"), "resources_notes": _("Notes on resources"),
        "objective": _("Objective"), "strengths": _("Strengths"), "problems": _("Problems"),
        "carry_forward": _("What to carry into the next plan"),
        "nobody_can_report": _("Nobody is able to report (yes/no)"), "nobody_reason": _("Why"),
        "organization": _("Organizations actually involved"), "organization.name": _("Name"),
        "organization.kind": _("Kind"),
        "resource": _("Resources by funding source (euros)"), "resource.source": _("Source"), "resource.programme": _("Programme"),
        "resource.description": _("Description"), "resource.planned": _("Planned"),
        "resource.committed": _("Committed"), "resource.spent": _("Spent"),
        "resource.attracted": _("Attracted from calls"),
        "thesis": _("Thesis"), "thesis.rating": _("Score 0-3"), "thesis.comment": _("Comment"),
        "indicator": _("Indicators"), "indicator.name": _("Indicator"), "indicator.unit": _("Unit"),
        "indicator.baseline": _("Baseline"), "indicator.target": _("Target"), "indicator.reached": _("Reached"),
    }


@dataclass
class Vocabulary:
    """Translated labels: of the fields (defaults from field_labels()) and of each coded field's values."""
    choices: dict = field(default_factory=dict)      # "implementation_state" -> {"running": "In corso", ...}
    labels: dict = field(default_factory=field_labels)
    yes: str = field(default_factory=lambda: _("yes"))
    no: str = field(default_factory=lambda: _("no"))
    aliases: dict = field(default_factory=dict)      # "implementation_state" -> {"running": "running", ...}

    def code_for(self, key: str, text: str):
        """The code a cell means: the code itself, its label, or its label in another language."""
        wanted = text.strip().casefold()
        for code, label in self.options(key).items():
            if wanted in (str(code).casefold(), str(label).casefold()):
                return code
        return self.aliases.get(key, {}).get(wanted)

    def label(self, key: str) -> str:
        return str(self.labels.get(key, key))

    def options(self, key: str) -> dict:
        if key == "nobody_can_report":
            return {"yes": self.yes, "no": self.no}
        return {code: str(label) for code, label in self.choices.get(key, {}).items()}


PEOPLE_RANGE = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|—|/|to|a)\s*(\d+))?\s*$", re.IGNORECASE)


def people_range(value) -> tuple[int, int] | None:
    """ "35" -> (35, 35); "20-50" or "20–50" -> (20, 50); a whole number -> (n, n); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return (int(value), int(value)) if value >= 0 and value == int(value) else None
    match = PEOPLE_RANGE.match(str(value))
    if not match:
        return None
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    return (low, high) if low <= high else None
