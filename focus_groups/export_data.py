"""A focus group read from the database into exports.focus.FocusExport (labels in the request's language)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.clock import format_day
from exports.focus import HEADERS, FocusExport, GroupRow, RawKeyword, StatementRow

from . import board_services as svc
from .models import BoardColumn, FocusGroup


def headers() -> dict[str, str]:
    names = {"kind": _("Type"), "keyword": _("Keyword"), "source": _("Source"), "visible": _("Visible"),
             "group": _("Group"), "members": _("Variants"), "count": _("Count"), "column": _("Column"),
             "statement": _("Statement"), "from": _("From the keywords"), "keywords": _("Keywords"),
             "grouped": _("Grouped keywords"), "statements": _("Statements"), "yes": _("yes"), "no": _("no"),
             "keyword_kind": _("keyword"), "group_kind": _("group"), "statement_kind": _("statement")}
    return {key: names.get(key, value) for key, value in HEADERS.items()}


def export_data(focus: FocusGroup) -> FocusExport:
    """Every keyword as typed, the groups as merged (visible keywords only), the statements and the lists the room
    added. A read: the
    groups of keywords not yet placed are computed, not stored."""
    groups = svc.board_view(focus)
    placed = {k.id: g.label for g in groups for k in g.keywords}   # the label a keyword not yet placed would get
    data = FocusExport(title=focus.title, area=focus.area.name if focus.area else "",
                       date=format_day(focus.date, "long"),
                       prompt=focus.sessions[0].prompt if focus.sessions else "",
                       columns=[*(str(c.label) for c in BoardColumn), *(c.name for c in focus.extra_columns)],
                       headers=headers())
    for session in focus.sessions:
        for k in session.keywords:
            data.keywords.append(RawKeyword(k.text, str(k.source.label), k.visible,
                                            k.group.label if k.group else placed.get(k.id, "")))
    ordered = sorted(groups, key=lambda g: (-len(g.keywords), g.label.casefold()))
    for g in ordered:
        data.groups.append(GroupRow(g.label, [k.text for k in g.keywords], len(g.keywords),
                                    str(g.column.label) if g.column else ""))
    for column in BoardColumn:
        for s in sorted((s for s in focus.statements if s.column == column), key=lambda s: (s.position, s.id)):
            data.statements.append(StatementRow(str(column.label), s.text, [g.label for g in s.keyword_groups]))
    for extra in focus.extra_columns:          # the lists the room added, an item a row
        data.statements += [StatementRow(extra.name, item, []) for item in extra.items]
    return data
