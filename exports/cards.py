"""Evaluation cards as spreadsheets: one sheet per section and one row per action (XLSX), or every section
side by side (CSV). Pure: card dictionaries in, bytes out; every text cell goes through exports.cells.

A card dictionary has the keys of `evaluations.card_data.card_dicts` (which reads the database):
identity (id, version, state, campaign, area, action_code, action_title, referents), what was done
(implementation_state, progress_percent, actual_start, actual_end, planned_start, planned_end, activities,
deviations), people (organizations [{name, kind}], people_min, people_max, beneficiaries, people_notes),
resources ([{source, programme, description, planned, committed, spent, attracted}], staff_hours,
resources_notes),
theses ([{number, text, rating, comment}]), evaluation (objective, strengths, problems, carry_forward,
indicators [{name, unit, baseline, target, reached}]) and nobody_can_report / nobody_reason.
"""
from __future__ import annotations

import contextvars
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from flask_babel import gettext

from .cells import neutralise, xlsx_value

MONEY = ("planned", "committed", "spent", "attracted")
BOLD = Font(bold=True)
_labels_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("card_export_labels", default=None)


def _(msgid: str, **variables) -> str:
    """gettext, remembered for the length of one export: every row repeats the same column titles."""
    cache = _labels_cache.get()
    if cache is None:
        return gettext(msgid, **variables)
    key = (msgid, *sorted(variables.items()))
    if key not in cache:
        cache[key] = gettext(msgid, **variables)
    return cache[key]


@dataclass
class ValueLabels:
    """Translated labels of coded values, e.g. states={"running": "In corso"}; unknown values pass as they are."""
    states: dict = field(default_factory=dict)                  # workflow state of the card
    implementation_states: dict = field(default_factory=dict)
    objectives: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)                   # kind of involved organization
    sources: dict = field(default_factory=dict)                 # funding source value -> label (ordered)
    # A stored moment (naive UTC) as people read it: the caller passes the district's clock (app.clock.to_local).
    moment: Callable[[datetime | None], datetime | None] = lambda value: value

    @staticmethod
    def of(mapping: dict, value):
        if value is None or value == "":
            return None
        return str(mapping.get(value, value))


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _people(card) -> str | None:
    low, high = card.get("people_min"), card.get("people_max")
    if low is None:
        return None
    return str(low) if high in (None, low) else f"{low}–{high}"


def _lines(items, render) -> str:
    return "\n".join(render(item) for item in items or [])


def _indicator(ind) -> str:
    unit = f" {ind['unit']}" if ind.get("unit") else ""
    parts = [f"{label} {_number(ind[key])}{unit}" for key, label in
             [("baseline", _("baseline")), ("target", _("target")), ("reached", _("reached"))]
             if ind.get(key) is not None]
    return f"{ind['name']}: {', '.join(parts)}" if parts else ind["name"]


def _key_columns(card) -> dict:
    return {_("Code"): card.get("action_code"), _("Action"): card.get("action_title")}


def _identity(card, labels: ValueLabels) -> dict:
    return {**_key_columns(card), _("Area"): card.get("area"), _("Campaign"): card.get("campaign"),
            _("Card state"): labels.of(labels.states, card.get("state")),
            _("Referents"): "; ".join(card.get("referents") or []),
            _("Nobody can report"): _("yes") if card.get("nobody_can_report") else _("no"),
            _("Why nobody can report"): card.get("nobody_reason"),
            _("Submitted on"): labels.moment(card.get("submitted_at")),
            _("Last saved"): labels.moment(card.get("updated_at"))}


def _done(card, labels: ValueLabels) -> dict:
    return {**_key_columns(card),
            _("Implementation state"): labels.of(labels.implementation_states, card.get("implementation_state")),
            _("Progress %"): card.get("progress_percent"),
            _("Planned start"): card.get("planned_start"), _("Actual start"): card.get("actual_start"),
            _("Planned end"): card.get("planned_end"), _("Actual end"): card.get("actual_end"),
            _("Activities carried out"): card.get("activities"), _("Deviations"): card.get("deviations")}


def _people_section(card, labels: ValueLabels) -> dict:
    orgs = card.get("organizations") or []
    row = {**_key_columns(card),
           _("Organizations involved"): _lines(orgs, lambda o: f"{o['name']} ({labels.of(labels.kinds, o.get('kind'))})"),
           _("Number of organizations"): len(orgs)}
    for kind, label in labels.kinds.items():
        row[_("Organizations: %(kind)s", kind=label)] = sum(1 for o in orgs if o.get("kind") == kind)
    row.update({_("People involved"): _people(card), _("People (lowest)"): card.get("people_min"),
                _("People (highest)"): card.get("people_max"), _("Beneficiaries reached"): card.get("beneficiaries"),
                _("Notes on people"): card.get("people_notes")})
    return row


def _resources(card, labels: ValueLabels, sources: list) -> dict:
    row = _key_columns(card)
    lines = card.get("resources") or []
    money_labels = {"planned": _("planned"), "committed": _("committed"), "spent": _("spent"),
                    "attracted": _("attracted")}
    for source in sources:
        name = labels.of(labels.sources, source)
        for key in MONEY:
            total = sum((line.get(key) or Decimal(0) for line in lines if line.get("source") == source), Decimal(0))
            row[f"{name}: {money_labels[key]}"] = _number(total)
    for key in MONEY:
        row[_("Total: %(what)s", what=money_labels[key])] = _number(
            sum((line.get(key) or Decimal(0) for line in lines), Decimal(0)))
    row[_("Details")] = _lines([line for line in lines if line.get("description") or line.get("programme")],
                               lambda line: ": ".join(filter(None, [
                                   line.get("programme") or labels.of(labels.sources, line.get("source")),
                                   line.get("description")])))
    row[_("Staff hours")] = card.get("staff_hours")
    row[_("Notes on resources")] = card.get("resources_notes")
    return row


def _theses(card, labels: ValueLabels, numbers: list[int]) -> dict:
    row = _key_columns(card)
    by_number = {t["number"]: t for t in card.get("theses") or []}
    for number in numbers:
        rating = by_number.get(number, {})
        row[_("Thesis %(number)d: score", number=number)] = rating.get("rating")
        row[_("Thesis %(number)d: comment", number=number)] = rating.get("comment")
    return row


def _evaluation(card, labels: ValueLabels) -> dict:
    return {**_key_columns(card), _("Objective"): labels.of(labels.objectives, card.get("objective")),
            _("Strengths"): card.get("strengths"), _("Problems"): card.get("problems"),
            _("To carry into the next plan"): card.get("carry_forward"),
            _("Indicators"): _lines(card.get("indicators"), _indicator)}


def card_sections(cards: list[dict], labels: ValueLabels | None = None) -> dict[str, pd.DataFrame]:
    """Sheet title -> one row per card, in the order the card shows its sections."""
    labels = labels or ValueLabels()
    sources = list(dict.fromkeys([*labels.sources,
                                  *(line.get("source") for c in cards for line in c.get("resources") or [])]))
    numbers = sorted({t["number"] for c in cards for t in c.get("theses") or []})
    builders = [(_("Identity"), lambda c: _identity(c, labels)), (_("What was done"), lambda c: _done(c, labels)),
                (_("People"), lambda c: _people_section(c, labels)),
                (_("Resources"), lambda c: _resources(c, labels, sources)),
                (_("Theses"), lambda c: _theses(c, labels, numbers)),
                (_("Evaluation"), lambda c: _evaluation(c, labels))]
    token = _labels_cache.set({})
    try:
        return {title[:31]: pd.DataFrame([build(card) for card in cards]) for title, build in builders}
    finally:
        _labels_cache.reset(token)


def _clean(frame: pd.DataFrame, cell) -> pd.DataFrame:
    def convert(value):
        if isinstance(value, datetime):
            return value.replace(microsecond=0)
        return cell(_number(value))
    return frame.astype(object).map(convert) if not frame.empty else frame


def cards_to_xlsx(cards: list[dict], labels: ValueLabels | None = None) -> bytes:
    """One sheet per section. Written in openpyxl's streaming mode: several times faster than
    DataFrame.to_excel for a few thousand rows, and the frames stay the single description of the columns."""
    workbook = Workbook(write_only=True)
    for title, frame in card_sections(cards, labels).items():
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "C2"
        sample = frame.head(50)
        for index, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in sample[column] if v is not None and v == v])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)
        header = []
        for column in frame.columns:
            cell = WriteOnlyCell(sheet, value=xlsx_value(str(column)))
            cell.font = BOLD
            header.append(cell)
        sheet.append(header)
        for row in _clean(frame, xlsx_value).itertuples(index=False, name=None):
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY" if not isinstance(value, datetime) else "DD/MM/YYYY HH:MM"
        return cell
    return value


def cards_frame(cards: list[dict], labels: ValueLabels | None = None) -> pd.DataFrame:
    """Every section side by side, one row per card; columns are prefixed by their section."""
    frames = []
    for index, (title, frame) in enumerate(card_sections(cards, labels).items()):
        if index:
            frame = frame.iloc[:, 2:]      # code and title once
        frames.append(frame.rename(columns=lambda col, t=title, i=index: col if not i else f"{t} – {col}"))
    return pd.concat(frames, axis=1)


def _sheet_text(value):
    """Dates as Italian spreadsheets read them: 07/12/2026, 07/12/2026 14:30."""
    if value is pd.NaT:   # a column of dates with gaps
        return None
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


def cards_to_csv(cards: list[dict], labels: ValueLabels | None = None) -> bytes:
    frame = _clean(cards_frame(cards, labels), neutralise)
    frame = frame.map(_sheet_text) if not frame.empty else frame
    # utf-8-sig: Excel opens accented Italian text correctly only with the BOM.
    return frame.to_csv(index=False).encode("utf-8-sig")
